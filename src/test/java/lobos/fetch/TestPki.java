package lobos.fetch;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A throwaway certificate authority made with the openssl command at test time, and server
 * certificates it signs: for given host names and addresses, or already expired.
 */
final class TestPki {
    static final Path OPENSSL = Path.of("/usr/bin/openssl");

    final Path dir;
    final Path caCertificate;

    private TestPki(Path dir) {
        this.dir = dir;
        this.caCertificate = dir.resolve("ca.pem");
    }

    static void assumeAvailable() {
        assumeTrue(Files.isExecutable(OPENSSL), "openssl not installed: apt-get install openssl");
    }

    /** A new CA ("lobos test CA") in {@code dir}. */
    static TestPki create(Path dir) throws IOException {
        assumeAvailable();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("ca.cnf"), """
                [req]
                distinguished_name = dn
                prompt = no
                x509_extensions = v3
                [dn]
                CN = lobos test CA
                [v3]
                basicConstraints = critical, CA:TRUE
                keyUsage = critical, keyCertSign, cRLSign
                subjectKeyIdentifier = hash
                """);
        // "openssl ca" signs the expired certificate: it takes explicit start and end dates
        Files.writeString(dir.resolve("sign.cnf"), """
                [ca]
                default_ca = test
                [test]
                database = %1$s/index.txt
                new_certs_dir = %1$s
                serial = %1$s/serial
                default_md = sha256
                policy = any
                unique_subject = no
                [any]
                commonName = supplied
                """.formatted(dir));
        Files.writeString(dir.resolve("index.txt"), "");
        Files.writeString(dir.resolve("serial"), "1000\n");
        Servers.run(dir, OPENSSL.toString(), "req", "-x509", "-config", "ca.cnf", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "3");
        return new TestPki(dir);
    }

    /** A key and a certificate for {@code names} (subjectAltName syntax: "DNS:localhost,IP:127.0.0.1"), valid now. */
    Path[] server(String name, String names) throws IOException {
        return sign(name, names, null);
    }

    /** A key and a certificate for {@code names} that expired in 2020. */
    Path[] expired(String name, String names) throws IOException {
        return sign(name, names, new String[] {"20200101000000Z", "20200102000000Z"});
    }

    private Path[] sign(String name, String names, String[] dates) throws IOException {
        Files.writeString(dir.resolve(name + ".ext"), """
                [v3]
                basicConstraints = CA:FALSE
                keyUsage = critical, digitalSignature
                extendedKeyUsage = serverAuth
                subjectAltName = %s
                authorityKeyIdentifier = keyid
                """.formatted(names));
        Servers.run(dir, OPENSSL.toString(), "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + name);
        if (dates == null) {
            Servers.run(dir, OPENSSL.toString(), "x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                    "-CAcreateserial", "-out", name + ".pem", "-days", "3", "-extfile", name + ".ext", "-extensions", "v3");
        } else {
            Servers.run(dir, OPENSSL.toString(), "ca", "-batch", "-config", "sign.cnf", "-cert", "ca.pem", "-keyfile", "ca.key",
                    "-in", name + ".csr", "-out", name + ".pem", "-startdate", dates[0], "-enddate", dates[1],
                    "-extfile", name + ".ext", "-extensions", "v3", "-notext");
        }
        return new Path[] {dir.resolve(name + ".key"), dir.resolve(name + ".pem")};
    }
}
