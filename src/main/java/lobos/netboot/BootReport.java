package lobos.netboot;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import lobos.fetch.HttpConnection;

/**
 * Tells the lobos manager how the boot goes (docs/netboot.md): each event a form-encoded POST to
 * {@code events} beside the manager URL ({@code mac=...&type=dhcp-bound&ip=...}), the console
 * log a POST to {@code log?mac=...}, in order, on one virtual thread. A post the manager does not
 * take (it is restarting) is retried for about 5 s. Reporting never stops a boot: a manager that
 * is down or does not know these paths costs a log line at most, and {@link #flush} waits a
 * bounded time.
 */
public final class BootReport {
    /** Reports nothing: no manager. */
    public static final BootReport NONE = new BootReport(null, null, Map.of(), s -> {});

    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    /** Milliseconds before each retry of a post that could not reach the manager (about 5 s in all). */
    private static final long[] RETRIES = {250, 750, 1500, 2500};

    private final URI manager;
    private final String mac;
    private final Map<String, String> node;
    private final Consumer<String> log;
    private final ExecutorService sender;
    private Future<?> last;
    private boolean warned;

    private BootReport(URI manager, String mac, Map<String, String> node, Consumer<String> log) {
        this.manager = manager;
        this.mac = mac;
        this.node = node;
        this.log = log;
        this.sender = manager == null ? null : Executors.newSingleThreadExecutor(Thread.ofVirtual().name("boot-report").factory());
    }

    /**
     * Reports to the manager at {@code managerUrl} (its boot URL, http://.../v1/boot), as the node
     * {@code net} describes; {@link #NONE} when there is no manager or its URL is not HTTP.
     */
    public static BootReport to(String managerUrl, BootNetwork net, Consumer<String> log) {
        if (managerUrl == null || !managerUrl.matches("(?i)https?://.*")) return NONE;
        URI uri;
        try {
            uri = URI.create(managerUrl.strip());
        } catch (IllegalArgumentException e) {
            return NONE;
        }
        Map<String, String> node = new LinkedHashMap<>();
        var r = net.managerRequest();
        if (r.uuid() != null) node.put("uuid", r.uuid());
        node.put("ip", r.ip());
        if (r.hostname() != null) node.put("hostname", r.hostname());
        node.put("arch", r.arch());
        node.put("version", r.version());
        return new BootReport(uri, r.mac(), node, log);
    }

    /** Posts an event: {@code type} and its details (key, value, key, value...). */
    public synchronized void event(String type, String... detail) {
        if (manager == null) return;
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("mac", mac);
        fields.put("type", type);
        fields.putAll(node);
        for (int i = 0; i + 1 < detail.length; i += 2) fields.put(detail[i], detail[i + 1]);
        StringBuilder body = new StringBuilder();
        for (var e : fields.entrySet()) {
            if (!body.isEmpty()) body.append('&');
            body.append(encode(e.getKey())).append('=').append(encode(e.getValue()));
        }
        post(manager.resolve("events"), "application/x-www-form-urlencoded", body.toString());
    }

    /** Posts the console log. */
    public synchronized void consoleLog(String text) {
        if (manager == null) return;
        post(manager.resolve("log?mac=" + encode(mac)), "text/plain; charset=utf-8", text);
    }

    /** Waits until what was posted is sent, at most {@code max}. */
    public void flush(Duration max) {
        Future<?> f;
        synchronized (this) {
            f = last;
        }
        if (f == null) return;
        try {
            f.get(max.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // said once by the sender, or the manager is slow: the boot goes on
        }
    }

    private void post(URI to, String type, String body) {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        last = sender.submit(() -> {
            try {
                for (int attempt = 0; ; attempt++) {
                    try (HttpConnection c = HttpConnection.open("POST", to, Map.of("Content-Type", type), content, TIMEOUT)) {
                        if (c.status() >= 300) warn("the manager answered " + c.status() + " to " + to);
                        return;
                    } catch (java.io.IOException | RuntimeException e) {
                        // a manager that restarts is back within seconds: retrying keeps its record whole
                        if (warned || attempt == RETRIES.length) { // once it was down for good, one try each
                            warn("cannot report to the manager at " + to + ": "
                                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
                            return;
                        }
                        Thread.sleep(RETRIES[attempt]);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private void warn(String line) {
        if (warned) return;
        warned = true;
        log.accept("warning: " + line + " (boot events are not reported; the boot goes on)");
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
