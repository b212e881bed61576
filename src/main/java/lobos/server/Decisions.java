package lobos.server;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lobos.net.ManagerRequest;
import lobos.net.ManagerResponse;

/**
 * Answers a loader's boot request (docs/netboot.md) from the node file: the profile the node's
 * one-time override names, else the one {@link NodeDirectory} finds, as a kboot.conf (one label
 * and no default boots at once; several labels and no default stay at the menu), 204 for
 * {@code local}, 404 for an unknown node the file says to ignore.
 */
public final class Decisions {
    /**
     * What was decided and why.
     *
     * @param profile the profile used, or null
     * @param why     one line: "profile compute of group rack1", "next-boot override rescue", ...
     */
    public record Decision(ManagerResponse response, String profile, String why) {}

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([a-z]+)}");

    private Decisions() {}

    /**
     * @param nextBoot the node's one-time override, or null
     * @param baseUrl  where this manager's files are (http://192.0.2.1:8080)
     */
    public static Decision decide(NodeDirectory directory, ManagerRequest request, String nextBoot, String baseUrl) {
        NodeDirectory.Match match = directory.match(request.mac(), request.uuid(), request.hostname());
        String profile;
        String why;
        if (nextBoot != null && directory.config().profiles().containsKey(nextBoot)) {
            profile = nextBoot;
            why = "next-boot override " + nextBoot;
        } else if (match.profile() == null) {
            return new Decision(new ManagerResponse.Unknown(), null, "not in the node file (unknown: ignore)");
        } else {
            profile = match.profile();
            why = "profile " + profile + (match.node() != null ? " of node " + match.node().id() : "")
                    + (match.group() != null ? " (group " + match.group().name() + ")" : "")
                    + (match.known() ? "" : " for unknown nodes");
        }
        Map<String, String> vars = variables(request, match);
        Profile p = directory.config().profiles().get(profile);
        ManagerResponse response = switch (p) {
            case Profile.Local l -> new ManagerResponse.Local();
            case Profile.Kernel k -> new ManagerResponse.Menu(label(k, vars, baseUrl));
            case Profile.Menu m -> {
                List<String> names = m.entries().isEmpty() ? kernelProfiles(directory.config()) : m.entries();
                StringBuilder conf = new StringBuilder("# lobos server: the menu " + m.name() + " (no default: the loader waits)\n");
                for (String n : names) conf.append(label((Profile.Kernel) directory.config().profiles().get(n), vars, baseUrl));
                yield new ManagerResponse.Menu(conf.toString());
            }
        };
        return new Decision(response, profile, why);
    }

    private static List<String> kernelProfiles(ServerConfig config) {
        List<String> out = new ArrayList<>();
        config.profiles().forEach((name, p) -> {
            if (p instanceof Profile.Kernel) out.add(name);
        });
        out.sort(null);
        return out;
    }

    private static Map<String, String> variables(ManagerRequest r, NodeDirectory.Match match) {
        String hostname = match.node() != null && match.node().name() != null ? match.node().name() : r.hostname();
        return Map.of("mac", nz(r.mac()), "ip", nz(r.ip()), "hostname", nz(hostname), "uuid", nz(r.uuid()));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** One kboot.conf label: {@code name='KERNEL initrd=URL... CMDLINE'}. */
    static String label(Profile.Kernel k, Map<String, String> vars, String baseUrl) {
        StringBuilder command = new StringBuilder(url(k.kernel(), baseUrl));
        for (String i : k.initrds()) command.append(" initrd=").append(url(i, baseUrl));
        String cmdline = substitute(k.cmdline(), vars).strip();
        if (!cmdline.isEmpty()) command.append(' ').append(cmdline);
        return labelName(k.name()) + "=" + quote(command.toString()) + "\n";
    }

    /** ${mac}, ${ip}, ${hostname}, ${uuid} replaced by the node's values. */
    static String substitute(String text, Map<String, String> vars) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) m.appendReplacement(out, Matcher.quoteReplacement(vars.getOrDefault(m.group(1), m.group())));
        m.appendTail(out);
        return out.toString();
    }

    /** A path under the files root as its URL on this server; a URL as it is. */
    static String url(String path, String baseUrl) {
        if (path.matches("[a-z]+://.*")) return path;
        StringBuilder u = new StringBuilder(baseUrl).append("/files");
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) continue;
            u.append('/').append(URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return u.toString();
    }

    /** kboot.conf labels are shell variable names. */
    static String labelName(String profile) {
        String n = profile.replaceAll("[^A-Za-z0-9_]", "_");
        if (Character.isDigit(n.charAt(0)) || KBOOT_SETTINGS.contains(n)) n = "profile_" + n;
        return n;
    }

    /** kboot.conf's settings, which a label may not be named. */
    private static final java.util.Set<String> KBOOT_SETTINGS = java.util.Set.of("authorized_keys", "default", "delay", "timeout",
            "initrd", "message", "mount_rw", "network", "password", "restricted", "root");

    /** Single quotes, as the shell (and kboot.conf) reads them: nothing inside is expanded. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
