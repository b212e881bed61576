package lobos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FetchUrlCommandTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    @Test
    void fetchesAUrlAndReportsIt() throws Exception {
        byte[] body = "kernel bytes".getBytes();
        var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        server.createContext("/k", e -> {
            e.sendResponseHeaders(e.getRequestURI().getPath().equals("/k") ? 200 : 404, e.getRequestURI().getPath().equals("/k") ? body.length : -1);
            try (var o = e.getResponseBody()) {
                if (e.getRequestURI().getPath().equals("/k")) o.write(body);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/k";
            var ok = run("fetch-url", url, dir.resolve("k").toString(), "--json", "--quiet");
            assertThat(ok.exit()).as(ok.err()).isEqualTo(Main.OK);
            assertThat(ok.out()).contains("\"url\": \"" + url + "\"", "\"bytes\": " + body.length);
            assertThat(dir.resolve("k")).hasBinaryContent(body);

            var tooBig = run("fetch-url", url, dir.resolve("k2").toString(), "--max-size", "5", "--quiet");
            assertThat(tooBig.exit()).isEqualTo(Main.FAILED);
            assertThat(tooBig.err()).contains("is " + body.length + " bytes, more than the 5 this fetch may take");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void onlyUrls() {
        assertThat(run("fetch-url", "/boot/vmlinuz", dir.resolve("x").toString()).exit()).isEqualTo(Main.USAGE);
        assertThat(run("fetch-url").exit()).isEqualTo(Main.USAGE);
    }
}
