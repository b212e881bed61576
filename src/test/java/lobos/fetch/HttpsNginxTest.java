package lobos.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import lobos.path.Location;
import lobos.path.Scheme;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS against nginx with certificates from a test CA made by openssl: one server with a good
 * certificate for 127.0.0.1 and localhost, one whose certificate names another host, one whose
 * certificate expired. The first speaks TLS 1.3 only, the second TLS 1.2 only (nginx 1.22's default
 * has no 1.3), so the explanations are checked with both.
 */
class HttpsNginxTest {
    @TempDir
    static Path work;

    @TempDir
    Path dir;

    static TestPki pki;
    static TestPki stranger;
    static Nginx nginx;
    static int good, mismatch, expired, plain;
    static Path root;

    @BeforeAll
    static void start() throws Exception {
        Nginx.assumeAvailable();
        pki = TestPki.create(work.resolve("pki"));
        stranger = TestPki.create(work.resolve("stranger"));
        Path[] goodCert = pki.server("good", "DNS:localhost, IP:127.0.0.1");
        Path[] otherCert = pki.server("other", "DNS:other.example");
        Path[] oldCert = pki.expired("old", "DNS:localhost, IP:127.0.0.1");
        root = Files.createDirectories(work.resolve("root"));
        Files.write(root.resolve("small"), Servers.random(20_000, 21));
        good = Servers.freePort();
        mismatch = Servers.freePort();
        expired = Servers.freePort();
        plain = Servers.freePort();
        String servers = """
                server { listen 127.0.0.1:%1$d ssl; root %5$s; ssl_certificate %6$s; ssl_certificate_key %7$s; ssl_protocols TLSv1.3;
                         location = /downgrade { return 302 http://127.0.0.1:%4$d/small; }
                         location = /upgrade { return 302 https://localhost:%1$d/small; } }
                server { listen 127.0.0.1:%2$d ssl; root %5$s; ssl_certificate %8$s; ssl_certificate_key %9$s; ssl_protocols TLSv1.2; }
                server { listen 127.0.0.1:%3$d ssl; root %5$s; ssl_certificate %10$s; ssl_certificate_key %11$s; }
                server { listen 127.0.0.1:%4$d; root %5$s; location = /upgrade { return 302 https://127.0.0.1:%1$d/small; } }
                """.formatted(good, mismatch, expired, plain, root, goodCert[1], goodCert[0], otherCert[1], otherCert[0],
                oldCert[1], oldCert[0]);
        nginx = Nginx.start(work.resolve("nginx"), servers, "127.0.0.1", List.of(good, mismatch, expired, plain));
    }

    @AfterAll
    static void stop() throws Exception {
        if (nginx != null) nginx.close();
    }

    final ByteArrayOutputStream warnings = new ByteArrayOutputStream();
    final HttpFetcher https = new HttpFetcher(new PrintStream(warnings, true, StandardCharsets.UTF_8));

    static FetchOptions trusting(Path bundle) {
        return new FetchOptions(Duration.ofSeconds(10), 0, false, bundle, null);
    }

    static Location.Url url(String host, int port, String path) {
        return new Location.Url(Scheme.HTTPS, null, null, host, port, path, null);
    }

    void fetch(Location.Url url, FetchOptions options) throws Exception {
        new Fetcher(List.of(https), options, millis -> {}).download(url, null, dir.resolve("got"), Long.MAX_VALUE, Progress.NONE);
        assertThat(dir.resolve("got")).hasSameBinaryContentAs(root.resolve("small"));
    }

    FetchException failure(Location.Url url, FetchOptions options) {
        var e = catchThrowableOfType(FetchException.class, () -> fetch(url, options));
        assertThat(e).as(url.text()).isNotNull();
        assertThat(e.transient_()).isFalse();
        return e;
    }

    @Test
    void certificateFromTheBundleIsTrusted() throws Exception {
        fetch(url("127.0.0.1", good, "/small"), trusting(pki.caCertificate));
        fetch(url("localhost", good, "/small"), trusting(pki.caCertificate));
        assertThat(warnings.toString()).isEmpty();
    }

    @Test
    void unknownCaIsRefused() {
        var e = failure(url("127.0.0.1", good, "/small"), trusting(null));
        assertThat(e).hasMessage("HTTPS to 127.0.0.1:" + good + " refused: the certificate of 127.0.0.1 (issued by \"lobos test CA\") "
                + "is not signed by a CA in the JDK's CA certificates");
        assertThat(e.hint()).contains("CA bundle").contains("--insecure");
        var other = failure(url("127.0.0.1", good, "/small"), trusting(stranger.caCertificate));
        assertThat(other).hasMessageEndingWith("is not signed by a CA in the CA bundle " + stranger.caCertificate);
    }

    @Test
    void certificateForAnotherHostIsRefused() {
        var e = failure(url("127.0.0.1", mismatch, "/small"), trusting(pki.caCertificate));
        assertThat(e).hasMessage("HTTPS to 127.0.0.1:" + mismatch + " refused: the certificate of 127.0.0.1 is for other.example, not 127.0.0.1");
        var named = failure(url("localhost", mismatch, "/small"), trusting(pki.caCertificate));
        assertThat(named).hasMessageEndingWith("the certificate of localhost is for other.example, not localhost");
    }

    @Test
    void expiredCertificateIsRefused() {
        var e = failure(url("127.0.0.1", expired, "/small"), trusting(pki.caCertificate));
        assertThat(e).hasMessage("HTTPS to 127.0.0.1:" + expired + " refused: the certificate of 127.0.0.1 expired on 2020-01-02T00:00:00Z");
        assertThat(e.hint()).contains("renew").contains("clock");
    }

    @Test
    void insecureSkipsTheChecksAndWarnsOnce() throws Exception {
        var insecure = trusting(null).withInsecure(true);
        fetch(url("127.0.0.1", mismatch, "/small"), insecure);
        fetch(url("127.0.0.1", expired, "/small"), insecure);
        fetch(url("127.0.0.1", good, "/small"), insecure);
        assertThat(warnings.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "lobos: warning: not checking the certificate of 127.0.0.1 (insecure): anyone on the network path can pose as it");
    }

    @Test
    void redirectFromHttpsToHttpIsRefused() {
        var e = failure(url("127.0.0.1", good, "/downgrade"), trusting(pki.caCertificate));
        assertThat(e).hasMessage("https://127.0.0.1:" + good + "/downgrade redirects to plain HTTP (http://127.0.0.1:" + plain
                + "/small); lobos does not follow HTTPS to HTTP");
    }

    @Test
    void redirectsToHttpsAreChecked() throws Exception {
        var fromHttp = new Location.Url(Scheme.HTTP, null, null, "127.0.0.1", plain, "/upgrade", null);
        fetch(fromHttp, trusting(pki.caCertificate));
        assertThat(catchThrowableOfType(FetchException.class, () -> fetch(fromHttp, trusting(null))))
                .hasMessageContaining("is not signed by a CA in the JDK's CA certificates");
        fetch(url("127.0.0.1", good, "/upgrade"), trusting(pki.caCertificate));
    }

    @Test
    void unreadableBundleIsReported() {
        var e = failure(url("127.0.0.1", good, "/small"), trusting(dir.resolve("missing.pem")));
        assertThat(e).hasMessageStartingWith("cannot read the CA bundle " + dir.resolve("missing.pem"));
    }
}
