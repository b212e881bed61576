package lobos.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * known_hosts matching, with OpenSSH's {@code ssh-keygen -F} as the reference for which lines
 * name a host, and {@code ssh-keygen -l} for fingerprints. The fixture's keys and hashed lines
 * were made by ssh-keygen.
 */
class KnownHostsTest {
    static final String FIXTURE = "/lobos/fetch/known_hosts";

    static String fixture() throws IOException {
        try (InputStream in = KnownHostsTest.class.getResourceAsStream(FIXTURE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The key blob on a line of the fixture. */
    static byte[] keyOnLine(int line) throws IOException {
        String[] fields = fixture().lines().toList().get(line - 1).strip().split("\\s+");
        return Base64.getDecoder().decode(fields[fields[0].startsWith("@") ? 3 : 2]);
    }

    @ParameterizedTest(name = "{0} port {1}")
    @CsvSource({
        "boot.example.org, 22, boot.example.org",
        "BOOT.example.org, 22, boot.example.org",
        "boot.example.org, 2222, [boot.example.org]:2222",
        "boot.example.org, 2200, [boot.example.org]:2200",
        "192.0.2.10, 22, 192.0.2.10",
        "192.0.2.10, 2222, [192.0.2.10]:2222",
        "n1.cluster.example.org, 22, n1.cluster.example.org",
        "bad.cluster.example.org, 22, bad.cluster.example.org",
        "node1.example.org, 22, node1.example.org",
        "node12.example.org, 22, node12.example.org",
        "192.0.2.20, 2200, [192.0.2.20]:2200",
        "192.0.2.20, 22, 192.0.2.20",
        "revoked.example.org, 22, revoked.example.org",
        "nowhere.example.org, 22, nowhere.example.org",
    })
    void namesTheLinesSshKeygenFinds(String host, int port, String keygenName, @TempDir Path tmp) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ssh-keygen")), "ssh-keygen not installed: apt-get install openssh-client");
        Path file = tmp.resolve("known_hosts");
        Files.writeString(file, fixture());
        Process p = new ProcessBuilder("ssh-keygen", "-F", keygenName, "-f", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        Set<Integer> expected = new TreeSet<>();
        Matcher m = Pattern.compile("found: line (\\d+)( CA)?").matcher(out);
        while (m.find()) {
            if (m.group(2) == null) expected.add(Integer.parseInt(m.group(1))); // lobos skips @cert-authority lines
        }
        KnownHosts known = KnownHosts.parse(fixture());
        assertThat(KnownHosts.hostName(host, port)).isEqualTo(keygenName);
        Set<Integer> found = new TreeSet<>();
        for (KnownHosts.Entry e : known.entries()) {
            if (KnownHosts.matches(e.hosts(), KnownHosts.hostName(host, port))) found.add(e.line());
        }
        assertThat(found).isEqualTo(expected);
    }

    @Test
    void verdicts() throws Exception {
        KnownHosts known = KnownHosts.parse(fixture());
        byte[] a = keyOnLine(3);
        byte[] b = keyOnLine(4);
        byte[] rsa = keyOnLine(6);
        assertThat(known.check("boot.example.org", 22, a)).isEqualTo(new KnownHosts.Verdict.Known(3));
        assertThat(known.check("boot.example.org", 2222, b)).isEqualTo(new KnownHosts.Verdict.Known(4));
        var changed = known.check("boot.example.org", 22, b);
        assertThat(changed).isInstanceOfSatisfying(KnownHosts.Verdict.Changed.class,
                c -> assertThat(c.listed()).extracting(KnownHosts.Entry::line).containsExactly(3, 9, 17));
        assertThat(known.check("boot.example.org", 22, rsa)).isEqualTo(new KnownHosts.Verdict.Unknown(Set.of("ssh-ed25519")));
        assertThat(known.check("node1.example.org", 22, rsa)).isEqualTo(new KnownHosts.Verdict.Known(6));
        assertThat(known.check("revoked.example.org", 22, b)).isEqualTo(new KnownHosts.Verdict.Revoked(12));
        assertThat(known.check("revoked.example.org", 22, a)).isEqualTo(new KnownHosts.Verdict.Unknown(Set.of()));
        // lines with a bad key or a key of another type than they say are skipped
        assertThat(known.check("broken.example.org", 22, b)).isEqualTo(new KnownHosts.Verdict.Unknown(Set.of()));
        assertThat(known.keyTypes("node1.example.org", 22)).containsExactly("ssh-rsa");
        assertThat(known.keyTypes("192.0.2.20", 2200)).containsExactly("ecdsa-sha2-nistp256");
    }

    @Test
    void fingerprintsAsSshKeygenPrintsThem() throws Exception {
        // ssh-keygen -lf on the public keys the fixture was made from
        assertThat(KnownHosts.fingerprint(keyOnLine(3))).isEqualTo("SHA256:rghwDYPT7TbZ7U6CPhmCp4jBKRwwqZSOPWMiLD1IiYQ");
        assertThat(KnownHosts.fingerprint(keyOnLine(6))).isEqualTo("SHA256:ZqzEhG6yonZu3QjX/apNkOFI09OIZ/hWj8t9k72YkbI");
        assertThat(KnownHosts.fingerprint(keyOnLine(7))).isEqualTo("SHA256:4165Lsmwj1Ttxc7PrvYjnyU2yldzwlsSZXFkGS+2V5k");
    }

    @Test
    void theLineToAddListsTheKey() throws Exception {
        byte[] b = keyOnLine(4);
        String line = KnownHosts.line("Server.example.org", 2022, b);
        assertThat(line).startsWith("[server.example.org]:2022 ssh-ed25519 AAAA");
        assertThat(KnownHosts.parse(line).check("server.example.org", 2022, b)).isEqualTo(new KnownHosts.Verdict.Known(1));
    }

    @Test
    void wildcardsDoNotBacktrackForever() {
        String pattern = "*a".repeat(500) + "b";
        String text = "a".repeat(1000);
        long start = System.nanoTime();
        assertThat(lobos.Wildcard.matches(pattern, text)).isFalse();
        assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
        assertThat(lobos.Wildcard.matches("n?de*.example.org", "node12.example.org")).isTrue();
        assertThat(lobos.Wildcard.matches("*", "")).isTrue();
        assertThat(lobos.Wildcard.matches("?", "")).isFalse();
    }

    @Test
    void hashedNamesNeedAValidSaltAndHash() {
        assertThat(KnownHosts.matches(List.of("|1|"), "boot.example.org")).isFalse();
        assertThat(KnownHosts.matches(List.of("|1|!!|!!"), "boot.example.org")).isFalse();
        assertThat(KnownHosts.matches(List.of("|1||AAAA"), "boot.example.org")).isFalse();
    }
}
