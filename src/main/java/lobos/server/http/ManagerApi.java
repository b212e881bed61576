package lobos.server.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import lobos.Json;
import lobos.net.ManagerRequest;
import lobos.server.Decisions;
import lobos.server.NodeDirectory;
import lobos.server.ServerConfig;
import lobos.server.store.EventRecord;
import lobos.server.store.NodeRecord;
import lobos.server.store.NodeUpdate;
import lobos.server.store.Store;

/**
 * The node API behind HTTP (docs/server.md): the loader's boot request and iPXE's script, the
 * events and console logs loaders post, and the inventory as JSON. Answers are {@link Reply}
 * values; what a node sends is checked field by field and refused (4xx, with a log line) before
 * anything is stored.
 */
public final class ManagerApi {
    private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");
    private static final Pattern WORD = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    /** Event fields that describe the node rather than the event. */
    private static final List<String> NODE_FIELDS = List.of("mac", "type", "uuid", "ip", "hostname", "arch", "version");
    public static final int MAX_EVENT = 64 << 10;

    private final Supplier<NodeDirectory> directory;
    private final Store store;
    private final Consumer<String> log;

    public ManagerApi(Supplier<NodeDirectory> directory, Store store, Consumer<String> log) {
        this.directory = directory;
        this.store = store;
        this.log = log;
    }

    /** The base URL files are named with: the node file's url:, else how this request reached the server. */
    public String base(String host) {
        String url = directory.get().config().server().url();
        return url != null ? url : "http://" + host;
    }

    /** GET /v1/boot: the manager protocol of docs/netboot.md. */
    public Reply boot(String query, String host, String peer) {
        ManagerRequest request;
        try {
            request = ManagerRequest.fromQuery(query);
        } catch (IllegalArgumentException e) {
            return refuse(400, "boot request from " + peer + ": malformed query: " + e.getMessage());
        }
        String mac = mac(request.mac());
        if (mac == null) return refuse(400, "boot request from " + peer + ": mac=" + request.mac() + " is not a MAC address");
        NodeDirectory nodes = directory.get();
        if (nodes.match(mac, request.uuid(), request.hostname()).profile() == null) {
            log.accept("boot request from " + mac + " (" + peer + "): not in the node file (unknown: ignore): 404");
            return Reply.text(404, "this manager does not know " + mac + "\n");
        }
        String nextBoot = store.takeNextBoot(mac);
        Decisions.Decision d = Decisions.decide(nodes, request, nextBoot, base(host));
        store.record(new NodeUpdate(mac, request.uuid(), name(nodes, mac, request), request.ip(), request.hostname(), request.arch(),
                request.version(), "boot-request"), "server", "boot-request",
                "status=" + d.response().status() + " " + d.why());
        log.accept("boot request from " + mac + " (" + request.ip() + "): " + d.why() + ": " + d.response().status());
        return Reply.text(d.response().status(), d.response().body());
    }

    /** GET /v1/ipxe?mac=...: the iPXE script that starts the lobos loader over HTTP. */
    public Reply ipxe(String query, String host, String peer) {
        Map<String, String> q = Form.parse(query);
        String mac = mac(q.get("mac"));
        if (mac == null) return refuse(400, "iPXE script request from " + peer + ": mac=" + q.get("mac") + " is not a MAC address");
        NodeDirectory nodes = directory.get();
        if (nodes.match(mac, null, null).profile() == null) {
            log.accept("iPXE script request from " + mac + " (" + peer + "): not in the node file (unknown: ignore): 404");
            return Reply.text(404, "#!ipxe\necho lobos server: unknown node " + mac + "\nexit 1\n");
        }
        ServerConfig.Loader loader = nodes.config().loader();
        if (loader.kernel() == null || loader.initrd() == null) {
            return refuse(404, "iPXE script request from " + mac + ": the node file names no loader (loader: kernel:, initrd:)");
        }
        String base = base(host);
        String script = "#!ipxe\n"
                + "echo lobos server: starting the lobos loader on ${net0/mac}\n"
                + "kernel " + base + "/loader/" + loader.kernel().getFileName() + " initrd=initrd "
                + (loader.cmdline().isBlank() ? "" : loader.cmdline().strip() + " ") + "lobos.server=" + base + "/v1/boot\n"
                + "initrd --name initrd " + base + "/loader/" + loader.initrd().getFileName() + "\n"
                + "boot\n";
        store.record(new NodeUpdate(mac, null, name(nodes, mac, null), null, null, null, null, "ipxe"), "server", "ipxe",
                "script=loader");
        log.accept("iPXE script for " + mac + " (" + peer + "): the lobos loader");
        return Reply.text(200, script);
    }

    /** POST /v1/events: mac=...&type=...&key=value... from a loader. */
    public Reply event(String body, String peer) {
        Map<String, String> f = Form.parse(body);
        String mac = mac(f.get("mac"));
        if (mac == null) return refuse(400, "event from " + peer + ": mac=" + f.get("mac") + " is not a MAC address");
        String type = f.get("type");
        if (type == null || !WORD.matcher(type).matches()) {
            return refuse(400, "event from " + mac + " (" + peer + "): type=" + type + " is not an event name");
        }
        NodeDirectory nodes = directory.get();
        if (nodes.match(mac, f.get("uuid"), f.get("hostname")).profile() == null) {
            return refuse(403, "event " + type + " from " + mac + " (" + peer + "): not in the node file (unknown: ignore)");
        }
        StringBuilder detail = new StringBuilder();
        for (var e : f.entrySet()) {
            if (NODE_FIELDS.contains(e.getKey())) continue;
            if (!detail.isEmpty()) detail.append(' ');
            detail.append(e.getKey().replaceAll("[^A-Za-z0-9_.-]", "_")).append('=').append(value(e.getValue()));
        }
        store.record(new NodeUpdate(mac, f.get("uuid"), name(nodes, mac, null), f.get("ip"), f.get("hostname"), f.get("arch"),
                f.get("version"), type), "loader", type, detail.toString());
        log.accept("event from " + mac + ": " + type + (detail.isEmpty() ? "" : " " + detail));
        return Reply.text(204, "");
    }

    /** POST /v1/log?mac=...: the loader's console log (text). */
    public Reply consoleLog(String query, String text, String peer) {
        String mac = mac(Form.parse(query).get("mac"));
        if (mac == null) return refuse(400, "console log from " + peer + ": no valid mac=");
        NodeDirectory nodes = directory.get();
        if (nodes.match(mac, null, null).profile() == null) {
            return refuse(403, "console log from " + mac + " (" + peer + "): not in the node file (unknown: ignore)");
        }
        store.consoleLog(mac, text);
        store.record(NodeUpdate.of(mac, null), "loader", "console-log", "bytes=" + text.length());
        return Reply.text(204, "");
    }

    /** A node as the API and {@code lobos nodes --json} show it. */
    public record NodeView(NodeRecord node, String profile, List<EventRecord> events) {}

    /** GET /v1/nodes. */
    public Reply nodes() {
        return Reply.json(Json.write(views(store, directory.get(), 50)));
    }

    /** Every node with its profile and last events, in the inventory's order. */
    public static List<NodeView> views(Store store, NodeDirectory nodes, int events) {
        List<NodeView> out = new ArrayList<>();
        for (NodeRecord n : store.nodes()) {
            out.add(new NodeView(n, nodes == null ? null : nodes.match(n.mac(), n.uuid(), n.hostname()).profile(),
                    store.events(n.mac(), events)));
        }
        return out;
    }

    /** GET /v1/nodes/NODE: the node, its events and its last console log. */
    public Reply node(String key) {
        Optional<NodeRecord> n = store.node(key);
        if (n.isEmpty()) return Reply.text(404, "no node " + key + "\n");
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("node", n.get());
        view.put("profile", directory.get().match(n.get().mac(), n.get().uuid(), n.get().hostname()).profile());
        view.put("events", store.events(n.get().mac(), 1000));
        view.put("consoleLog", store.consoleLog(n.get().mac()).orElse(null));
        return Reply.json(Json.write(view));
    }

    /** PUT /v1/nodes/NODE/next-boot with a profile name (DELETE: with null). */
    public Reply nextBoot(String key, String profile, String peer) {
        String mac = resolveMac(key);
        if (mac == null) return refuse(404, "next boot for " + key + " from " + peer + ": no such node");
        if (profile != null && !directory.get().config().profiles().containsKey(profile)) {
            return refuse(400, "next boot for " + key + " from " + peer + ": no profile " + profile);
        }
        store.nextBoot(mac, profile);
        log.accept("next boot of " + key + " (" + mac + "): " + (profile == null ? "cleared" : profile));
        return Reply.text(204, "");
    }

    /** A node's MAC from its name, MAC, UUID or address, in the inventory or the node file. */
    public String resolveMac(String key) {
        return resolveMac(store, directory.get(), key);
    }

    /** A node's MAC from its name, MAC, UUID or address, in the inventory or the node file; null if neither has it. */
    public static String resolveMac(Store store, NodeDirectory nodes, String key) {
        Optional<NodeRecord> n = store.node(key);
        if (n.isPresent()) return n.get().mac();
        for (ServerConfig.Node c : nodes.config().nodes()) {
            if (c.mac() != null && (key.equals(c.name()) || c.mac().equals(mac(key)))) return c.mac();
        }
        return null;
    }

    /** A detail's value as one word: quoted when it has spaces (a command line, a sentence), on one line. */
    static String value(String v) {
        String line = v.replaceAll("[\\r\\n\\t]+", " ").strip();
        return line.isEmpty() || line.matches(".*[\\s\"].*") ? "\"" + line.replace("\\", "\\\\").replace("\"", "\\\"") + "\"" : line;
    }

    private static String name(NodeDirectory nodes, String mac, ManagerRequest r) {
        var m = nodes.match(mac, r == null ? null : r.uuid(), r == null ? null : r.hostname());
        return m.node() != null ? m.node().name() : null;
    }

    /** aa:bb:cc:dd:ee:ff (also with dashes or in capitals), or null. */
    static String mac(String text) {
        if (text == null) return null;
        String m = text.strip().toLowerCase(Locale.ROOT).replace('-', ':');
        return MAC.matcher(m).matches() ? m : null;
    }

    private Reply refuse(int status, String line) {
        log.accept("refused " + line);
        return Reply.text(status, line + "\n");
    }
}
