package lobos.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Predicate;
import lobos.config.BootEntry;
import lobos.config.Menu;
import lobos.config.PathContext;
import lobos.shell.FakeLoader;
import lobos.shell.ShaCrypt;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader's SSH server on 127.0.0.1 against OpenSSH's ssh and MINA's client: key logins,
 * refusals, exec commands reaching the loader, restricted mode, sessions sharing one menu.
 */
class LoaderSshdTest {
    static final String KBOOT = """
            default=linux
            linux="//boot/vmlinuz console=ttyS0"
            rescue="//boot/vmlinuz single"
            """;

    @TempDir
    Path dir;

    LoaderSshd server;
    FakeLoader loader;

    @BeforeEach
    void keys() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ssh-keygen")), "apt-get install openssh-client");
        keygen("ed25519", "host");
        for (String type : List.of("ed25519", "ecdsa", "rsa")) keygen(type, "id_" + type);
        keygen("ed25519", "stranger");
        StringBuilder authorized = new StringBuilder();
        for (String type : List.of("ed25519", "ecdsa", "rsa")) authorized.append(Files.readString(dir.resolve("id_" + type + ".pub")));
        Files.writeString(dir.resolve("authorized_keys"), authorized);
    }

    void start(String kbootConf) throws IOException {
        loader = new FakeLoader(kbootConf);
        server = LoaderSshd.start(loader, new LoaderSshd.Config(new InetSocketAddress("127.0.0.1", 0),
                dir.resolve("authorized_keys"), List.of(dir.resolve("host")), "lobos 0.1.0"), line -> {});
        Files.writeString(dir.resolve("known_hosts"), "[127.0.0.1]:" + server.port() + " "
                + Files.readString(dir.resolve("host.pub")));
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) server.close();
    }

    @Test
    void openSshListsTheMenuAsJsonWithEachKeyType() throws Exception {
        start(KBOOT);
        for (String type : List.of("ed25519", "ecdsa", "rsa")) {
            Result r = ssh("id_" + type, "root", "list", "--json");
            assertThat(r.status()).as(r.output()).isZero();
            assertThat(r.output()).contains("\"default\": \"linux\"").contains("\"id\": \"rescue\"")
                    .contains("\"kernel\": \"//boot/vmlinuz\"");
        }
    }

    @Test
    void bootLabelReachesTheLoader() throws Exception {
        start(KBOOT);
        Result r = ssh("id_ed25519", "root", "boot", "rescue");
        assertThat(loader.loaded).extracting(BootEntry::id).containsExactly("rescue");
        assertThat(loader.executed).containsExactly("loaded //boot/vmlinuz command line: single");
        // the fake cannot kexec: the command says so and fails
        assertThat(r.output()).contains("lobos: booting rescue").contains("kexec is not done in tests");
        assertThat(r.status()).isEqualTo(1);
    }

    @Test
    void unknownKeysOtherUsersAndPasswordsAreRefused() throws Exception {
        start(KBOOT);
        Result stranger = ssh("stranger", "root", "list");
        assertThat(stranger.status()).isEqualTo(255);
        assertThat(stranger.output()).contains("Permission denied");
        Result otherUser = ssh("id_ed25519", "admin", "list");
        assertThat(otherUser.status()).isEqualTo(255);
        assertThatThrownBy(() -> {
            try (SshClient client = client(); ClientSession s = connect(client, "root")) {
                s.addPasswordIdentity("root");
                s.auth().verify(Duration.ofSeconds(10));
            }
        }).hasMessageContaining("No more authentication methods available");
        assertThat(loader.loaded).isEmpty();
    }

    @Test
    void restrictedModeRefusesOverSshButBootsLabels() throws Exception {
        start("restricted=true\n" + KBOOT);
        Result ls = ssh("id_ed25519", "root", "ls", "//");
        assertThat(ls.status()).isEqualTo(1);
        assertThat(ls.output()).contains("lobos: restricted: ls is not allowed (kboot.conf sets no password=)");
        Result typed = ssh("id_ed25519", "root", "//boot/vmlinuz", "init=/bin/sh");
        assertThat(typed.status()).isEqualTo(1);
        assertThat(typed.output()).contains("restricted: typing a kernel path is not allowed");
        Result extra = ssh("id_ed25519", "root", "boot", "linux", "init=/bin/sh");
        assertThat(extra.output()).contains("restricted: changing an entry's arguments is not allowed");
        // an entry of a disk plugged in after the loader started needs the password, which SSH commands cannot give
        loader.untrusted.add("rescue");
        Result late = ssh("id_ed25519", "root", "boot", "rescue");
        assertThat(late.status()).isEqualTo(1);
        assertThat(late.output()).contains("lobos: restricted: booting rescue, which came from a disk added after the"
                + " loader started, is not allowed (kboot.conf sets no password=)");
        assertThat(loader.loaded).isEmpty();
        ssh("id_ed25519", "root", "boot", "linux");
        assertThat(loader.loaded).extracting(BootEntry::id).containsExactly("linux");
    }

    @Test
    void aPtySessionGetsTheMenuAndRestrictedModeAsksForThePassword() throws Exception {
        String hash = ShaCrypt.hash("s3cret", ShaCrypt.DEFAULT_ROUNDS);
        start("restricted=true\npassword='" + hash + "'\n" + KBOOT);
        try (SshClient client = client(); ClientSession s = login(client); Shell shell = new Shell(s)) {
            shell.await(o -> o.contains("linux") && o.contains("c/Esc: shell"));
            shell.type("c");
            shell.await(o -> o.contains("Password:"));
            shell.type("wrong\r");
            shell.await(o -> o.contains("lobos: wrong password"));
            shell.type("e");
            shell.await(o -> o.lastIndexOf("Password:") > o.indexOf("wrong password"));
            shell.type("\r");
            shell.await(o -> o.contains("restricted: editing is not allowed without the password"));
            shell.type("c");
            shell.await(o -> o.lastIndexOf("Password:") > o.lastIndexOf("editing is not allowed"));
            shell.type("s3cret\r");
            shell.await(o -> o.contains("lobos boot shell"));
            shell.type("pwd\r");
            shell.await(o -> o.contains("pwd") && o.substring(o.lastIndexOf("pwd")).contains("//"));
            assertThat(shell.output()).doesNotContain("s3cret");
        }
    }

    @Test
    void sessionsShareTheMenuAsItChanges() throws Exception {
        start(KBOOT);
        try (SshClient client = client(); ClientSession a = login(client); ClientSession b = login(client);
                Shell one = new Shell(a); Shell two = new Shell(b)) {
            one.await(o -> o.contains("rescue"));
            two.await(o -> o.contains("rescue"));
            Menu now = loader.menu();
            List<lobos.config.MenuItem> items = new ArrayList<>(now.items());
            items.add(BootEntry.linux("USB stick", "usb", "sdb1:/vmlinuz", List.of(), "", PathContext.NONE,
                    new lobos.config.Source("sdb1:/boot/kboot.conf", 2)));
            loader.menu = new Menu(now.title(), items, now.defaultId(), now.timeout(), null, false, now.source(), List.of());
            one.await(o -> o.contains("USB stick"));
            two.await(o -> o.contains("USB stick"));
        }
    }

    // ---- helpers

    record Result(int status, String output) {}

    Result ssh(String key, String user, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ssh", "-F", "/dev/null", "-i", dir.resolve(key).toString(),
                "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
                "-o", "UserKnownHostsFile=" + dir.resolve("known_hosts"), "-o", "ConnectTimeout=10",
                "-p", String.valueOf(server.port()), user + "@127.0.0.1"));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }

    void keygen(String type, String name) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", type, "-N", "", "-C", name, "-f",
                dir.resolve(name).toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
    }

    SshClient client() {
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE); // OpenSSH's tests check the host key
        client.start();
        return client;
    }

    ClientSession connect(SshClient client, String user) throws IOException {
        return client.connect(user, "127.0.0.1", server.port()).verify(Duration.ofSeconds(10)).getSession();
    }

    ClientSession login(SshClient client) throws Exception {
        ClientSession s = connect(client, "root");
        for (KeyPair k : new FileKeyPairProvider(dir.resolve("id_ed25519")).loadKeys(null)) s.addPublicKeyIdentity(k);
        s.auth().verify(Duration.ofSeconds(10));
        return s;
    }

    /** A shell channel with a PTY (xterm, 80x24), its output collected. */
    static final class Shell implements AutoCloseable {
        final ChannelShell channel;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final OutputStream keys;

        Shell(ClientSession session) throws IOException {
            channel = session.createShellChannel();
            channel.setPtyType("xterm");
            channel.setPtyColumns(80);
            channel.setPtyLines(24);
            channel.setOut(out);
            channel.setErr(out);
            channel.open().verify(Duration.ofSeconds(10));
            keys = channel.getInvertedIn();
        }

        void type(String text) throws IOException {
            keys.write(text.getBytes(StandardCharsets.UTF_8));
            keys.flush();
        }

        String output() {
            synchronized (out) {
                return out.toString(StandardCharsets.UTF_8);
            }
        }

        void await(Predicate<String> test) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!test.test(output())) {
                if (System.nanoTime() > deadline) throw new AssertionError("not seen in 10 s; output:\n" + output());
                Thread.sleep(20);
            }
        }

        @Override
        public void close() throws IOException {
            channel.close(true);
            channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(5));
        }
    }
}
