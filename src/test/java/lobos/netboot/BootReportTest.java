package lobos.netboot;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import lobos.net.dhcp.DhcpLease;
import lobos.net.dhcp.DhcpOptions;
import org.junit.jupiter.api.Test;

class BootReportTest {
    static BootNetwork net() {
        var lease = new DhcpLease("eth0", "52:54:00:12:34:56", (java.net.Inet4Address) InetAddress.ofLiteral("192.0.2.11"), 24, null,
                List.of(), List.of(), List.of(), null, List.of(), "node-1", 0, List.of(), 600, 300, 500, null, null, null, null, null, null,
                null, false, Instant.EPOCH, DhcpOptions.EMPTY);
        return new BootNetwork(lease, UUID.fromString("4c4c4544-0033-4810-8039-b4c04f4a3132"), "x86_64", "0.1.0");
    }

    @Test
    void eventsAndTheConsoleLogGoBesideTheManagerUrlInOrder() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        http.createContext("/", x -> {
            seen.add(x.getRequestMethod() + " " + x.getRequestURI() + " " + x.getRequestHeaders().getFirst("Content-Type") + " "
                    + new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            x.sendResponseHeaders(204, -1);
            x.close();
        });
        http.start();
        try {
            List<String> log = new CopyOnWriteArrayList<>();
            BootReport r = BootReport.to("http://127.0.0.1:" + http.getAddress().getPort() + "/v1/boot", net(), log::add);
            r.event("dhcp-bound", "link", "eth0");
            r.event("kexec", "cmdline", "console=ttyS0 a=b&c");
            r.consoleLog("lobos 0.1.0\n");
            r.flush(Duration.ofSeconds(10));
            assertThat(seen).containsExactly(
                    "POST /v1/events application/x-www-form-urlencoded mac=52%3A54%3A00%3A12%3A34%3A56&type=dhcp-bound"
                            + "&uuid=4c4c4544-0033-4810-8039-b4c04f4a3132&ip=192.0.2.11&hostname=node-1&arch=x86_64&version=0.1.0&link=eth0",
                    "POST /v1/events application/x-www-form-urlencoded mac=52%3A54%3A00%3A12%3A34%3A56&type=kexec"
                            + "&uuid=4c4c4544-0033-4810-8039-b4c04f4a3132&ip=192.0.2.11&hostname=node-1&arch=x86_64&version=0.1.0"
                            + "&cmdline=console%3DttyS0+a%3Db%26c",
                    "POST /v1/log?mac=52%3A54%3A00%3A12%3A34%3A56 text/plain; charset=utf-8 lobos 0.1.0\n");
            assertThat(log).isEmpty();
        } finally {
            http.stop(0);
        }
    }

    @Test
    void anEventPostedWhileTheManagerRestartsReachesItWhenItIsBack() throws Exception {
        int port;
        try (var probe = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        List<String> log = new CopyOnWriteArrayList<>();
        BootReport r = BootReport.to("http://127.0.0.1:" + port + "/v1/boot", net(), log::add);
        r.event("dhcp-bound"); // nothing listens yet: refused
        Thread.sleep(400);
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 8);
        http.createContext("/", x -> {
            seen.add(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            x.sendResponseHeaders(204, -1);
            x.close();
        });
        http.start();
        try {
            r.event("menu");
            r.flush(Duration.ofSeconds(10));
            assertThat(seen).hasSize(2);
            assertThat(seen.get(0)).contains("type=dhcp-bound");
            assertThat(seen.get(1)).contains("type=menu");
            assertThat(log).isEmpty();
        } finally {
            http.stop(0);
        }
    }

    @Test
    void aManagerThatIsDownCostsOneWarningAndNoneWithoutAManager() {
        List<String> log = new CopyOnWriteArrayList<>();
        BootReport r = BootReport.to("http://127.0.0.1:1/v1/boot", net(), log::add);
        r.event("dhcp-bound");
        r.event("menu");
        r.flush(Duration.ofSeconds(10));
        r.event("kexec");
        r.flush(Duration.ofSeconds(10));
        assertThat(log).singleElement().asString().startsWith("warning: cannot report to the manager at http://127.0.0.1:1/v1/events");
        assertThat(BootReport.to(null, net(), log::add)).isSameAs(BootReport.NONE);
        assertThat(BootReport.to("tftp://192.0.2.1/x", net(), log::add)).isSameAs(BootReport.NONE);
    }
}
