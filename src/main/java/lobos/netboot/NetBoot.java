package lobos.netboot;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import lobos.LobosException;
import lobos.config.BootEntry;
import lobos.config.ConfigException;
import lobos.config.Menu;
import lobos.config.MenuItem;
import lobos.config.PathContext;
import lobos.config.Source;
import lobos.config.TextLoader;
import lobos.config.ipxe.IpxeScript;
import lobos.config.kboot.KbootConf;
import lobos.config.syslinux.PxelinuxNames;
import lobos.config.syslinux.SyslinuxParser;
import lobos.net.ManagerResponse;
import lobos.net.dhcp.DhcpLease;
import lobos.path.Segments;

/**
 * Turns a lease into what to boot, as firmware PXE and iPXE would, in this order: the lobos
 * manager (its URL from {@code lobos.server=} or DHCP option 224), the pxelinux.cfg look-up
 * (option 209, else the UUID, 01-MAC, hex IP prefixes and default, under option 210's prefix or
 * the boot file's directory), an iPXE script named as boot file, a kernel named as boot file.
 * The result is the same {@link Menu} every other source produces, its paths made URLs and its
 * IPAPPEND/SYSAPPEND words already on the command lines.
 */
public final class NetBoot {
    /** What the network said. */
    public sealed interface Result {
        /** One line for the console: where the answer came from, or what was tried. */
        String how();
    }

    /** Boot from this menu. */
    public record Found(Menu menu, String how) implements Result {}

    /** The manager said: boot what this machine has. */
    public record Local(String how) implements Result {}

    /** Nothing on the network says what to boot; {@code tried} says what was asked, in order. */
    public record Nothing(List<String> tried) implements Result {
        public Nothing {
            tried = List.copyOf(tried);
        }

        @Override
        public String how() {
            return "nothing to boot from the network: tried " + String.join("; ", tried);
        }
    }

    /** Boot programs for firmware, which lobos does not run: it reads their configs itself. */
    private static final List<String> FIRMWARE_PROGRAMS = List.of(".0", ".kpxe", ".kkpxe", ".pxe", ".efi", ".com",
            ".c32", ".n12", ".lkrn");

    private final TextSource texts;
    private final ManagerClient manager;
    private final Consumer<String> log;

    public NetBoot(TextSource texts, ManagerClient manager, Consumer<String> log) {
        this.texts = texts;
        this.manager = manager;
        this.log = log;
    }

    /**
     * @param net        the lease and this machine
     * @param managerUrl {@code lobos.server=} from the kernel command line, or null (then option 224)
     */
    public Result resolve(BootNetwork net, String managerUrl) throws InterruptedException {
        DhcpLease lease = net.lease();
        List<String> tried = new ArrayList<>();
        String url = managerUrl != null ? managerUrl : lease.managerUrl();
        if (url != null) {
            try {
                ManagerResponse answer = manager.ask(url, net.managerRequest());
                switch (answer) {
                    case ManagerResponse.Menu m -> {
                        return new Found(managerMenu(m.kbootConf(), url), "the menu from the lobos manager at " + url);
                    }
                    case ManagerResponse.Local l -> {
                        return new Local("the lobos manager at " + url + " says: boot from the local disks");
                    }
                    case ManagerResponse.Unknown u -> tried.add("the manager at " + url + " (it does not know this node)");
                }
            } catch (IOException | LobosException e) {
                log.accept("warning: " + e.getMessage());
                tried.add("the manager at " + url + " (no answer)");
            }
        }
        Base base = base(lease);
        if (base == null) {
            tried.add("no boot file or server in the lease");
            return new Nothing(tried);
        }
        Optional<Found> pxelinux = pxelinux(net, base, tried);
        if (pxelinux.isPresent()) return pxelinux.get();
        String bootFile = lease.bootFile();
        if (bootFile != null && !bootFile.isBlank()) {
            String fileUrl = bootFile.contains("://") ? bootFile : base.root() + strip(bootFile);
            Optional<Found> found = bootFile(bootFile, fileUrl, "", net, "DHCP boot file", tried);
            if (found.isPresent()) return found.get();
        }
        return new Nothing(tried);
    }

    /**
     * Boots the URL a DHCPv6 server names (RFC 5970 option 59) as a DHCPv4 boot file that is a
     * URL boots: an iPXE script is its menu, anything else a kernel booted at once, with the
     * boot file parameters (option 60) as its command line.
     *
     * @param before what the network boot tried before DHCPv6 (the DHCPv4 attempt), for the message
     */
    public Result resolve(BootNetwork6 net, List<String> before) throws InterruptedException {
        List<String> tried = new ArrayList<>(before);
        String url = net.lease().bootFileUrl();
        String where = "DHCPv6 on " + net.lease().link();
        if (url == null || url.isBlank()) {
            tried.add(where + " (a reply without a boot file URL, option 59)");
            return new Nothing(tried);
        }
        if (!url.contains("://")) {
            tried.add(where + " (its boot file URL " + url + " is no URL)");
            return new Nothing(tried);
        }
        Optional<Found> found = bootFile(url, url, String.join(" ", net.lease().bootFileParameters()), net,
                "DHCPv6 boot file URL", tried);
        return found.<Result>map(f -> new Found(f.menu(), f.how() + " (" + where + ")")).orElseGet(() -> new Nothing(tried));
    }

    /**
     * A boot file: an iPXE script is its menu, anything else a kernel booted at once with
     * {@code cmdline}; a boot program for firmware is not run. Empty when it boots nothing, with
     * why added to {@code tried}.
     *
     * @param name   the boot file as the server named it
     * @param url    where it is
     * @param source what named it, for the entry's source
     */
    private Optional<Found> bootFile(String name, String url, String cmdline, BootSettings net, String source,
            List<String> tried) throws InterruptedException {
        if (Thread.interrupted()) throw new InterruptedException();
        String lower = name.toLowerCase(Locale.ROOT);
        if (FIRMWARE_PROGRAMS.stream().anyMatch(lower::endsWith)) {
            tried.add("boot file " + name + " (a boot program for firmware; lobos reads pxelinux.cfg and iPXE"
                    + " scripts itself)");
            return Optional.empty();
        }
        try {
            switch (texts.read(url)) {
                case TextSource.Found f when isIpxe(f.text()) -> {
                    return Optional.of(new Found(ipxe(f.text(), url, net), "the iPXE script " + url));
                }
                case TextSource.Missing m -> tried.add("boot file " + url + " (not found)");
                default -> {
                    BootEntry e = BootEntry.linux(name, "netboot", url, List.of(), cmdline, PathContext.NONE,
                            new Source(source, 0));
                    return Optional.of(new Found(new Menu(null, List.of(e), e.id(), Duration.ZERO, null, false,
                            new Source(source, 0), List.of()), "the kernel " + url + " named as boot file"));
                }
            }
        } catch (IOException e) {
            tried.add("boot file " + url + " (" + e.getMessage() + ")");
        }
        return Optional.empty();
    }

    /** Where relative names go: a URL of the server's root, and the directory under it (no leading /). */
    record Base(String root, String prefix) {}

    static Base base(DhcpLease lease) {
        String p210 = lease.pxelinuxPrefix();
        String server = lease.bootServer();
        if (p210 != null && p210.contains("://")) {
            URI u = URI.create(p210);
            return new Base(u.getScheme() + "://" + u.getRawAuthority() + "/", directory(strip(u.getRawPath()), true));
        }
        String bootFile = lease.bootFile();
        if (bootFile != null && bootFile.contains("://")) {
            URI u = URI.create(bootFile);
            String root = u.getScheme() + "://" + u.getRawAuthority() + "/";
            return new Base(root, p210 != null ? directory(strip(p210), true) : directory(strip(u.getRawPath()), false));
        }
        if (server == null || (bootFile == null && p210 == null && lease.pxelinuxConfig() == null)) return null;
        String root = "tftp://" + server + "/";
        if (p210 != null) return new Base(root, directory(strip(p210), true));
        return new Base(root, bootFile == null ? "" : directory(strip(bootFile), false));
    }

    /** The directory part ("a/b/" of "a/b/c"); a prefix ends with / already or is a directory. */
    private static String directory(String path, boolean isPrefix) {
        if (isPrefix) return path.isEmpty() || path.endsWith("/") ? path : path + "/";
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash + 1);
    }

    private static String strip(String path) {
        String p = path.strip();
        if (p.startsWith("::")) p = p.substring(2); // pxelinux's "absolute on the server"
        while (p.startsWith("/")) p = p.substring(1);
        return p;
    }

    private Optional<Found> pxelinux(BootNetwork net, Base base, List<String> tried) throws InterruptedException {
        DhcpLease lease = net.lease();
        List<String> names = new ArrayList<>();
        if (lease.pxelinuxConfig() != null) {
            names.add(lease.pxelinuxConfig());
        } else {
            byte[] mac = java.util.HexFormat.ofDelimiter(":").parseHex(lease.mac());
            for (String n : PxelinuxNames.configNames(net.uuid(), mac, lease.address())) names.add("pxelinux.cfg/" + n);
        }
        for (String name : names) {
            if (Thread.interrupted()) throw new InterruptedException();
            String path = name.contains("://") ? name : "/" + (name.startsWith("/") ? strip(name) : base.prefix() + name);
            String url = name.contains("://") ? name : base.root() + path.substring(1);
            try {
                switch (texts.read(url)) {
                    case TextSource.Found f -> {
                        log.accept("pxelinux config " + url);
                        return Optional.of(new Found(syslinux(f.text(), path, url, base), "the pxelinux config " + url));
                    }
                    case TextSource.TooLarge t -> log.accept("warning: " + url + " is too large for a config; skipped");
                    case TextSource.Missing m -> { }
                }
            } catch (IOException e) {
                tried.add(url + " (" + e.getMessage() + ")");
                return Optional.empty(); // the server is not answering: the other names would fail too
            }
        }
        tried.add("pxelinux.cfg under " + base.root() + base.prefix() + " (" + names.size() + " names, none found)");
        return Optional.empty();
    }

    private Menu syslinux(String text, String path, String url, Base base) {
        String file = path.contains("://") ? "/" + strip(URI.create(path).getRawPath()) : path;
        Menu menu = SyslinuxParser.parse(text, file, loader(base.root()), p -> p.contains("://") ? p : base.root() + strip(p),
                new PathContext(null, null, null, base.root()));
        return rewrite(menu, base.root());
    }

    private Menu ipxe(String text, String url, BootSettings net) {
        Menu menu = IpxeScript.parse(text, url, loader(null), p -> p, net.ipxeSettings(), new PathContext(null, null, null, url));
        return rewrite(menu, null);
    }

    /** Reads chained or included files: by URL, or by path under {@code root}. */
    private TextLoader loader(String root) {
        return path -> {
            String u = path.contains("://") ? path : root == null ? null : root + strip(path);
            if (u == null) return Optional.empty();
            try {
                return texts.read(u) instanceof TextSource.Found f ? Optional.of(f.text()) : Optional.empty();
            } catch (IOException e) {
                throw new ConfigException(u + ": " + e.getMessage(), "check the server");
            }
        };
    }

    private static boolean isIpxe(String text) {
        String t = text.stripLeading();
        return t.startsWith("#!ipxe") || t.startsWith("#!gpxe");
    }

    /** The manager's kboot.conf: a menu, or a single command line, which boots at once. */
    static Menu managerMenu(String text, String url) {
        String body = text.strip();
        PathContext context = new PathContext(null, null, null, url);
        boolean oneCommand = !body.contains("\n") && !body.isEmpty()
                && !body.split("\\s+")[0].matches("[A-Za-z_][A-Za-z0-9_]*=.*");
        KbootConf conf = KbootConf.parse(oneCommand ? "" : text, url);
        if (oneCommand) {
            Optional<BootEntry> e = conf.command(body, context);
            List<MenuItem> items = e.<List<MenuItem>>map(List::of).orElse(List.of());
            return new Menu(null, items, e.map(BootEntry::id).orElse(null), Duration.ZERO, null, false,
                    new Source(url, 0), List.of());
        }
        Menu menu = conf.toMenu(context, null);
        if (menu.defaultId() == null && menu.entries().size() == 1) {
            // one entry and no default: that entry is what the manager wants booted, now
            return new Menu(menu.title(), menu.items(), menu.entries().getFirst().id(),
                    menu.timeout() == null ? Duration.ZERO : menu.timeout(), menu.message(), menu.restricted(),
                    menu.source(), menu.warnings());
        }
        return menu;
    }

    /**
     * Every entry's files as URLs ({@code root} plus the path from the config's directory; null
     * root: left as the parser gave them).
     */
    static Menu rewrite(Menu menu, String root) {
        List<MenuItem> items = new ArrayList<>();
        for (MenuItem item : menu.items()) {
            items.add(switch (item) {
                case Menu m -> rewrite(m, root);
                case BootEntry e -> entry(e, root);
            });
        }
        return new Menu(menu.title(), items, menu.defaultId(), menu.timeout(), menu.message(), menu.restricted(),
                menu.source(), menu.warnings());
    }

    private static BootEntry entry(BootEntry e, String root) {
        String dir = e.context().directory() == null ? "/" : e.context().directory();
        String base = e.context().baseUrl();
        java.util.function.UnaryOperator<String> where = n -> root != null ? url(root, dir, n) : against(base, n);
        String kernel = where.apply(e.kernel());
        List<String> initrds = e.initrds().stream().map(where).toList();
        String devicetree = e.devicetree() == null ? null : where.apply(e.devicetree());
        // IPAPPEND/SYSAPPEND stay bits: lobos.boot.Booter adds the words from the lease at boot
        return new BootEntry(e.title(), e.id(), e.kind(), kernel, initrds, e.cmdline(), devicetree, e.modules(),
                e.hidden(), e.context(), e.source(), e.warnings(), e.help(), e.sysappend());
    }

    /** A name relative to a script's URL (iPXE), as a URL; kept when it cannot be resolved. */
    static String against(String base, String name) {
        if (base == null || name.contains("://") || name.contains("${")) return name;
        try {
            return URI.create(base).resolve(name).toString();
        } catch (IllegalArgumentException e) {
            return name;
        }
    }

    /** A config's file name as a URL: kept if it is one, else under {@code root}, relative to {@code dir}. */
    static String url(String root, String dir, String name) {
        if (name.contains("://")) return name;
        String path = name.startsWith("::") ? "/" + name.substring(2)
                : name.startsWith("/") ? name : (dir.endsWith("/") ? dir : dir + "/") + name;
        return root + Segments.normalizeAbsolute(path).substring(1);
    }
}
