package lobos.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemCertificatesTest {
    static final Path DEBIAN_BUNDLE = Path.of("/etc/ssl/certs/ca-certificates.crt");

    @TempDir
    Path dir;

    @Test
    void readsDebiansBundleAsOpensslDoes() {
        assumeTrue(Files.isReadable(DEBIAN_BUNDLE), "no " + DEBIAN_BUNDLE + " (ca-certificates)");
        TestPki.assumeAvailable();
        String total = Servers.run(null, "openssl", "storeutl", "-noout", "-certs", DEBIAN_BUNDLE.toString()).lines()
                .filter(l -> l.startsWith("Total found: ")).findFirst().orElseThrow();
        assertThat(PemCertificates.read(DEBIAN_BUNDLE)).hasSize(Integer.parseInt(total.substring("Total found: ".length())));
    }

    @Test
    void textBetweenCertificatesIsIgnored() throws Exception {
        var pki = TestPki.create(dir.resolve("a"));
        var other = TestPki.create(dir.resolve("b"));
        Path bundle = dir.resolve("bundle.pem");
        Files.writeString(bundle, "# lobos test CA\n" + Files.readString(pki.caCertificate) + "\nsubject=...\n\n"
                + Files.readString(other.caCertificate));
        var certificates = PemCertificates.read(bundle);
        assertThat(certificates).hasSize(2);
        assertThat(certificates).allMatch(c -> c.getSubjectX500Principal().getName().equals("CN=lobos test CA"));
    }

    @Test
    void damagedCertificateIsNamedByLine() throws Exception {
        var pki = TestPki.create(dir.resolve("a"));
        String good = Files.readString(pki.caCertificate);
        Path bundle = dir.resolve("bundle.pem");
        Files.writeString(bundle, good + "\n" + good.replaceFirst("\n[A-Za-z0-9+/]{20}", "\n"));
        int line = (int) good.lines().count() + 2;
        assertThatThrownBy(() -> PemCertificates.read(bundle)).isInstanceOf(FetchException.class)
                .hasMessageStartingWith("the certificate at " + bundle + ":" + line + " is not a valid X.509 certificate: ");
        Files.writeString(bundle, good + good.substring(0, good.indexOf("-----END")));
        assertThatThrownBy(() -> PemCertificates.read(bundle))
                .hasMessage("the certificate at " + bundle + ":" + ((int) good.lines().count() + 1) + " has no -----END CERTIFICATE----- line");
    }

    @Test
    void fileWithoutCertificates() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "# nothing here\n");
        assertThatThrownBy(() -> PemCertificates.read(empty)).isInstanceOf(FetchException.class)
                .hasMessage(empty + " holds no PEM certificates (-----BEGIN CERTIFICATE-----)");
        assertThatThrownBy(() -> PemCertificates.read(dir.resolve("missing"))).hasMessageStartingWith("cannot read the CA bundle ");
    }
}
