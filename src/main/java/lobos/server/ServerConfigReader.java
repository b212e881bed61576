package lobos.server;

import java.io.IOException;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lobos.server.dhcp.BootClient;
import lobos.server.dhcp.DhcpSettings;
import lobos.server.dhcp.Ipv4;
import lobos.server.dhcp.Subnet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the node file (YAML, docs/server.md). Every mistake is a {@link ServerConfigException}
 * naming the file and line: YAML syntax, an unknown or repeated key, a value of the wrong kind,
 * a profile or group that does not exist, two nodes with one MAC or address. Relative paths are
 * relative to the file's directory.
 */
public final class ServerConfigReader {
    /** The largest node file read: a cluster of many thousand nodes fits. */
    static final int MAX_SIZE = 16 << 20;
    static final Set<String> VARIABLES = Set.of("mac", "ip", "hostname", "uuid");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern MAC = Pattern.compile("(?i)[0-9a-f]{2}([:-][0-9a-f]{2}){5}");
    private static final Pattern UUID_TEXT = Pattern.compile("(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*([smhd]?)");

    private final Path file;
    private final Path dir;

    private ServerConfigReader(Path file) {
        this.file = file;
        Path parent = file.toAbsolutePath().getParent();
        this.dir = parent == null ? Path.of("/") : parent;
    }

    public static ServerConfig read(Path file) {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_SIZE) throw new ServerConfigException(file, 0, "larger than " + (MAX_SIZE >> 20) + " MiB");
            bytes = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ServerConfigException(file, 0, "no such file (lobos server --config FILE names another)");
        } catch (IOException e) {
            throw new ServerConfigException(file, 0, "cannot read it: " + e.getMessage());
        }
        return parse(new String(bytes, StandardCharsets.UTF_8), file);
    }

    /** Parses {@code text} as the contents of {@code file}. */
    public static ServerConfig parse(String text, Path file) {
        return new ServerConfigReader(file).parse(text);
    }

    private ServerConfig parse(String text) {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(20); // no "billion laughs"
            options.setCodePointLimit(MAX_SIZE);
            options.setNestingDepthLimit(20);
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
            throw new ServerConfigException(file, line, "not valid YAML: " + e.getProblem());
        } catch (YAMLException | IllegalArgumentException e) {
            // SnakeYAML's composer throws IllegalArgumentException for some bad tags ("! x ")
            throw new ServerConfigException(file, 0, "not valid YAML: " + e.getMessage());
        }
        if (root == null) throw new ServerConfigException(file, 0, "the file is empty");
        Obj top = obj(root, "the file");
        top.allow("server", "loader", "dhcp", "profiles", "groups", "nodes");
        ServerConfig.Server server = server(top.obj("server"));
        ServerConfig.Loader loader = loader(top.obj("loader"));
        Map<String, Profile> profiles = profiles(top.obj("profiles"));
        Map<String, ServerConfig.Group> groups = groups(top.obj("groups"), profiles);
        List<ServerConfig.Node> nodes = nodes(top.list("nodes"), profiles, groups);
        ServerConfig.Dhcp dhcp = dhcp(top.obj("dhcp"), nodes);
        if (server.unknown() != null && !profiles.containsKey(server.unknown())) {
            throw error(top.obj("server").line("unknown"), "unknown: " + server.unknown() + " is not a profile (or ignore)");
        }
        return new ServerConfig(file, server, loader, dhcp, profiles, groups, nodes);
    }

    private ServerConfig.Server server(Obj o) {
        o.allow("url", "http", "tftp", "tftp-root", "files", "database", "unknown");
        String url = o.string("url", null);
        if (url != null && !url.matches("https?://[^/]+(/.*)?")) throw error(o.line("url"), "url: " + url + " is not an http:// URL");
        if (url != null && url.endsWith("/")) url = url.substring(0, url.length() - 1);
        InetSocketAddress http = socket(o, "http", "0.0.0.0:8080");
        String tftpText = o.string("tftp", "0.0.0.0:69");
        InetSocketAddress tftp = tftpText.equals("off") ? null : socket(o, "tftp", "0.0.0.0:69");
        String database = o.string("database", "server.db");
        if (!database.startsWith("jdbc:")) database = "jdbc:sqlite:" + dir.resolve(database);
        else if (!database.startsWith("jdbc:sqlite:") && !database.startsWith("jdbc:postgresql:")) {
            throw error(o.line("database"), "database: " + database + " is neither a file, jdbc:sqlite: nor jdbc:postgresql:");
        }
        String unknown = o.string("unknown", "ignore");
        return new ServerConfig.Server(url, http, tftp, path(o.string("tftp-root", "/usr/lib/ipxe")),
                path(o.string("files", "files")), database, unknown.equals("ignore") ? null : unknown);
    }

    private ServerConfig.Loader loader(Obj o) {
        o.allow("kernel", "initrd", "cmdline");
        String kernel = o.string("kernel", null), initrd = o.string("initrd", null);
        return new ServerConfig.Loader(kernel == null ? null : path(kernel), initrd == null ? null : path(initrd),
                o.string("cmdline", "console=ttyS0 console=tty0"));
    }

    private ServerConfig.Dhcp dhcp(Obj o, List<ServerConfig.Node> nodes) {
        o.allow("mode", "interfaces", "lease", "subnets", "boot-files", "http-boot-files");
        String modeText = o.string("mode", o.isEmpty() ? "off" : "authoritative");
        DhcpSettings.Mode mode = switch (modeText) {
            case "off" -> null;
            case "authoritative" -> DhcpSettings.Mode.AUTHORITATIVE;
            case "proxy" -> DhcpSettings.Mode.PROXY;
            default -> throw error(o.line("mode"), "mode: " + modeText + " is not authoritative, proxy or off");
        };
        List<String> interfaces = new ArrayList<>();
        for (Value v : o.listOrOne("interfaces")) interfaces.add(v.text());
        if (mode != null && interfaces.isEmpty()) throw error(o.line("mode"), "dhcp needs interfaces: [the interfaces to serve]");
        long lease = o.has("lease") ? duration(o, "lease") : 12 * 3600;
        List<Subnet> subnets = new ArrayList<>();
        for (Value v : o.list("subnets")) subnets.add(subnet(obj(v.node(), "a subnet"), lease));
        if (mode == DhcpSettings.Mode.AUTHORITATIVE && subnets.isEmpty()) {
            throw error(o.line("mode"), "an authoritative DHCP server needs subnets: (see docs/server.md)");
        }
        for (ServerConfig.Node n : nodes) {
            if (n.address() != 0 && !subnets.isEmpty() && subnets.stream().noneMatch(s -> s.contains(n.address()))) {
                throw error(n.line(), "the address " + Ipv4.text(n.address()) + " of " + n.id() + " is in none of the subnets");
            }
        }
        Map<Integer, String> pxe = new HashMap<>(Map.of(0, "undionly.kpxe", 7, "ipxe.efi", 9, "ipxe.efi"));
        pxe.putAll(bootFiles(o.obj("boot-files"), new int[] {0, 6, 7, 10, 11}));
        Map<Integer, String> http = new HashMap<>(Map.of(16, "ipxe.efi"));
        http.putAll(bootFiles(o.obj("http-boot-files"), new int[] {15, 16, 18, 19}));
        return new ServerConfig.Dhcp(mode, interfaces, subnets, pxe, http);
    }

    /** bios: undionly.kpxe, uefi-x64: ipxe.efi, or an option 93 number; names mean the first of {@code named} with that name. */
    private Map<Integer, String> bootFiles(Obj o, int[] named) {
        Map<Integer, String> out = new HashMap<>();
        for (String key : o.keys()) {
            int arch = -1;
            if (key.matches("\\d{1,5}")) arch = Integer.parseInt(key);
            else for (int a : named) if (BootClient.archName(a).equals(key)) arch = a;
            if (arch < 0 || arch > 0xffff) {
                throw error(o.line(key), key + " is not an architecture: bios, uefi-x86, uefi-x64, uefi-arm32, uefi-arm64 or an option 93 number");
            }
            String name = o.string(key, null);
            out.put(arch, name);
            if (arch == 7 && key.equals("uefi-x64")) out.put(9, name); // x64 UEFI PXE comes as 7 or 9
        }
        return out;
    }

    private Subnet subnet(Obj o, long defaultLease) {
        o.allow("network", "ranges", "router", "routers", "dns", "domain", "mtu", "ntp", "lease");
        String network = o.required("network");
        int slash = network.indexOf('/');
        int line = o.line("network");
        if (slash < 0) throw error(line, "network: " + network + " needs a prefix length (192.0.2.0/24)");
        int prefix;
        int address;
        try {
            prefix = Integer.parseInt(network.substring(slash + 1));
            address = Ipv4.parse(network.substring(0, slash));
        } catch (IllegalArgumentException e) {
            throw error(line, "network: " + e.getMessage());
        }
        List<Subnet.Range> ranges = new ArrayList<>();
        for (Value v : o.listOrOne("ranges")) {
            String[] ends = v.text().split("\\s*-\\s*");
            if (ends.length != 2) throw error(v.line(), "a range is FIRST - LAST (192.0.2.100 - 192.0.2.199), not " + v.text());
            try {
                ranges.add(new Subnet.Range(Ipv4.parse(ends[0]), Ipv4.parse(ends[1])));
            } catch (IllegalArgumentException e) {
                throw error(v.line(), e.getMessage());
            }
        }
        List<Integer> routers = addresses(o, o.has("routers") ? "routers" : "router");
        int mtu = o.has("mtu") ? o.integer("mtu", 68, 65535) : 0;
        try {
            return new Subnet(address, prefix, ranges, routers, addresses(o, "dns"), o.string("domain", null), mtu,
                    addresses(o, "ntp"), o.has("lease") ? duration(o, "lease") : defaultLease);
        } catch (IllegalArgumentException e) {
            throw error(line, e.getMessage());
        }
    }

    private List<Integer> addresses(Obj o, String key) {
        List<Integer> out = new ArrayList<>();
        for (Value v : o.listOrOne(key)) {
            try {
                out.add(Ipv4.parse(v.text()));
            } catch (IllegalArgumentException e) {
                throw error(v.line(), key + ": " + e.getMessage());
            }
        }
        return out;
    }

    private Map<String, Profile> profiles(Obj o) {
        Map<String, Profile> out = new LinkedHashMap<>();
        out.put("local", new Profile.Local("local"));
        out.put("menu", new Profile.Menu("menu", List.of()));
        for (String name : o.keys()) {
            // a profile becomes a kboot.conf label and a name in the node file: it needs one
            if (name.isBlank()) throw error(o.line(name), "a profile needs a name (an empty key under profiles:)");
            Node n = o.node(name);
            if (n instanceof ScalarNode s) {
                String kind = s.getValue();
                switch (kind) {
                    case "local" -> out.put(name, new Profile.Local(name));
                    case "menu" -> out.put(name, new Profile.Menu(name, List.of()));
                    default -> throw error(o.line(name), "profile " + name + ": " + kind + " is not local, menu or a kernel: (see docs/server.md)");
                }
                continue;
            }
            Obj p = obj(n, "profile " + name);
            if (p.has("menu")) {
                p.allow("menu");
                List<String> entries = new ArrayList<>();
                for (Value v : p.listOrOne("menu")) entries.add(v.text());
                out.put(name, new Profile.Menu(name, entries));
                continue;
            }
            p.allow("kernel", "initrds", "initrd", "cmdline");
            String cmdline = p.string("cmdline", "");
            checkVariables(cmdline, p.line("cmdline"));
            List<String> initrds = new ArrayList<>();
            for (Value v : p.listOrOne(p.has("initrds") ? "initrds" : "initrd")) initrds.add(v.text());
            out.put(name, new Profile.Kernel(name, p.required("kernel"), initrds, cmdline));
        }
        for (Profile p : out.values()) {
            if (p instanceof Profile.Menu m) {
                for (String e : m.entries()) {
                    if (!(out.get(e) instanceof Profile.Kernel)) {
                        throw error(o.line(m.name()), "menu " + m.name() + " lists " + e + ", which is not a kernel profile");
                    }
                }
            }
        }
        return out;
    }

    private void checkVariables(String text, int line) {
        Matcher m = VARIABLE.matcher(text);
        while (m.find()) {
            if (!VARIABLES.contains(m.group(1))) {
                throw error(line, "${" + m.group(1) + "} is not one of ${mac}, ${ip}, ${hostname}, ${uuid}");
            }
        }
    }

    private Map<String, ServerConfig.Group> groups(Obj o, Map<String, Profile> profiles) {
        Map<String, ServerConfig.Group> out = new LinkedHashMap<>();
        for (String name : o.keys()) {
            Obj g = obj(o.node(name), "group " + name);
            g.allow("profile", "hostname");
            String profile = g.required("profile");
            if (!profiles.containsKey(profile)) throw error(g.line("profile"), "group " + name + ": no profile " + profile);
            out.put(name, new ServerConfig.Group(name, profile, g.string("hostname", null), o.line(name)));
        }
        return out;
    }

    private List<ServerConfig.Node> nodes(List<Value> list, Map<String, Profile> profiles, Map<String, ServerConfig.Group> groups) {
        List<ServerConfig.Node> out = new ArrayList<>();
        Map<String, Integer> macs = new HashMap<>(), names = new HashMap<>(), uuids = new HashMap<>();
        Map<Integer, Integer> addresses = new HashMap<>();
        for (Value v : list) {
            Obj n = obj(v.node(), "a node");
            n.allow("name", "mac", "uuid", "hostname", "ip", "group", "profile");
            String mac = n.string("mac", null);
            if (mac != null) {
                if (!MAC.matcher(mac).matches()) throw error(n.line("mac"), "mac: " + mac + " is not a MAC address (52:54:00:12:34:56)");
                mac = mac.toLowerCase(Locale.ROOT).replace('-', ':');
            }
            String uuid = n.string("uuid", null);
            if (uuid != null) {
                if (!UUID_TEXT.matcher(uuid).matches()) throw error(n.line("uuid"), "uuid: " + uuid + " is not a UUID");
                uuid = uuid.toLowerCase(Locale.ROOT);
            }
            String hostname = n.string("hostname", null);
            if (mac == null && uuid == null && hostname == null) {
                throw error(v.line(), "a node needs mac:, uuid: or hostname: (a pattern) to be recognised by");
            }
            int address = 0;
            if (n.has("ip")) {
                try {
                    address = Ipv4.parse(n.string("ip", null));
                } catch (IllegalArgumentException e) {
                    throw error(n.line("ip"), "ip: " + e.getMessage());
                }
                if (mac == null) throw error(n.line("ip"), "an address is reserved by MAC: give this node a mac:");
            }
            String group = n.string("group", null);
            if (group != null && !groups.containsKey(group)) throw error(n.line("group"), "no group " + group);
            String profile = n.string("profile", null);
            if (profile != null && !profiles.containsKey(profile)) throw error(n.line("profile"), "no profile " + profile);
            String name = n.string("name", null);
            int line = v.line();
            unique(macs, mac, line, "MAC " + mac);
            unique(uuids, uuid, line, "UUID " + uuid);
            unique(names, name, line, "name " + name);
            if (address != 0) {
                Integer before = addresses.putIfAbsent(address, line);
                if (before != null) throw error(line, "address " + Ipv4.text(address) + " is also reserved on line " + before);
            }
            out.add(new ServerConfig.Node(name, mac, uuid, hostname, address, group, profile, line));
        }
        return out;
    }

    private void unique(Map<String, Integer> seen, String key, int line, String what) {
        if (key == null) return;
        Integer before = seen.putIfAbsent(key, line);
        if (before != null) throw error(line, what + " is also on line " + before);
    }

    private InetSocketAddress socket(Obj o, String key, String fallback) {
        String text = o.string(key, fallback);
        String host = "0.0.0.0";
        String port = text;
        int colon = text.lastIndexOf(':');
        if (colon >= 0) {
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
        }
        try {
            int p = Integer.parseInt(port);
            if (p < 0 || p > 65535) throw new NumberFormatException();
            Ipv4.parse(host);
            return new InetSocketAddress(host, p);
        } catch (IllegalArgumentException e) {
            throw error(o.line(key), key + ": " + text + " is not a port or ADDRESS:PORT (0.0.0.0:8080)");
        }
    }

    /** 3600, 90s, 30m, 12h, 7d, or infinite (0). */
    private long duration(Obj o, String key) {
        String text = o.string(key, null).strip();
        if (text.equals("infinite")) return 0;
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) throw error(o.line(key), key + ": " + text + " is not a duration (3600, 90s, 30m, 12h, 7d, infinite)");
        // at most 11 digits: the largest lease, 0xfffffffe seconds, has 10
        if (m.group(1).length() > 11) throw error(o.line(key), key + ": " + text + " must be between 60 s and 136 years");
        long n = Long.parseLong(m.group(1));
        long seconds = switch (m.group(2)) {
            case "m" -> n * 60;
            case "h" -> n * 3600;
            case "d" -> n * 86400;
            default -> n;
        };
        if (seconds < 60 || seconds > 0xfffffffeL) throw error(o.line(key), key + ": " + text + " must be between 60 s and 136 years");
        return seconds;
    }

    private Path path(String text) {
        return dir.resolve(text).normalize();
    }

    private ServerConfigException error(int line, String what) {
        return new ServerConfigException(file, line, what);
    }

    // ---- a view of SnakeYAML's node tree that knows lines and says what is wrong ----

    private record Value(Node node, String text, int line) {}

    private Obj obj(Node n, String what) {
        if (n instanceof MappingNode m) return new Obj(m, what);
        throw error(lineOf(n), what + " must be a mapping (key: value lines)");
    }

    private static int lineOf(Node n) {
        return n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
    }

    private final class Obj {
        private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
        private final String what;
        private final int line;

        Obj(MappingNode m, String what) {
            this.what = what;
            this.line = lineOf(m);
            for (NodeTuple t : m.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode key)) throw error(lineOf(t.getKeyNode()), "a key must be a plain word");
                if (entries.putIfAbsent(key.getValue(), t) != null) {
                    throw error(lineOf(key), key.getValue() + " is given twice in " + what);
                }
            }
        }

        /** An empty mapping, for a section the file leaves out. */
        Obj() {
            this.what = "";
            this.line = 0;
        }

        void allow(String... keys) {
            Set<String> known = Set.of(keys);
            for (var e : entries.entrySet()) {
                if (!known.contains(e.getKey())) {
                    throw error(lineOf(e.getValue().getKeyNode()), "unknown key " + e.getKey() + " in " + what + " (known: "
                            + String.join(", ", keys) + ")");
                }
            }
        }

        boolean isEmpty() {
            return entries.isEmpty();
        }

        boolean has(String key) {
            return entries.containsKey(key) && !isNull(entries.get(key).getValueNode());
        }

        List<String> keys() {
            return List.copyOf(entries.keySet());
        }

        Node node(String key) {
            return entries.get(key).getValueNode();
        }

        int line(String key) {
            NodeTuple t = entries.get(key);
            return t == null ? line : ServerConfigReader.lineOf(t.getKeyNode());
        }

        String string(String key, String fallback) {
            if (!has(key)) return fallback;
            Node n = node(key);
            if (n instanceof ScalarNode s) return s.getValue();
            throw error(line(key), key + " in " + what + " must be a single value");
        }

        String required(String key) {
            String v = string(key, null);
            if (v == null || v.isBlank()) throw error(line, what + " needs " + key + ":");
            return v;
        }

        int integer(String key, int min, int max) {
            String v = string(key, null);
            try {
                int n = Integer.parseInt(v.strip());
                if (n < min || n > max) throw new NumberFormatException();
                return n;
            } catch (NumberFormatException e) {
                throw error(line(key), key + ": " + v + " is not a number from " + min + " to " + max);
            }
        }

        Obj obj(String key) {
            if (!has(key)) return new Obj();
            return ServerConfigReader.this.obj(node(key), key);
        }

        List<Value> list(String key) {
            if (!has(key)) return List.of();
            if (!(node(key) instanceof SequenceNode seq)) throw error(line(key), key + " must be a list");
            List<Value> out = new ArrayList<>();
            for (Node n : seq.getValue()) out.add(new Value(n, n instanceof ScalarNode s ? s.getValue() : null, ServerConfigReader.lineOf(n)));
            return out;
        }

        /** A list, or one scalar as a list of one. */
        List<Value> listOrOne(String key) {
            if (has(key) && node(key) instanceof ScalarNode s) return List.of(new Value(s, s.getValue(), ServerConfigReader.lineOf(s)));
            List<Value> out = list(key);
            for (Value v : out) if (v.text() == null) throw error(v.line(), key + " must list single values");
            return out;
        }
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode s && s.getTag().getValue().endsWith(":null");
    }
}
