package lobos.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import lobos.build.Qemu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The menu, the boot shell, restricted mode and SSH driven as a person would (issue 7): keys on
 * the serial console, read back off the screen a VT100 emulator draws ({@link Screen}), and the
 * real OpenSSH client through a forward on 127.0.0.1. Each scenario is one boot, in a guest
 * with 512 MiB; the probe in the target prints the command line it received.
 */
class ShellIT {
    static final int MEMORY_MIB = 512;
    static final String KBOOT = """
            default=probe
            delay=8
            probe="//boot/vmlinuz initrd=//boot/probe.gz console=ttyS0 panic=-1 quiet"
            other="//boot/vmlinuz initrd=//boot/probe.gz console=ttyS0 panic=-1 quiet lobos.test=other"
            """;

    @Test
    void theArrowsPickADiscoveredEntryAndAnEditReachesTheKernel(TestInfo test) throws Exception {
        try (Qemu qemu = TestImages.boot(test, KBOOT, "", TestDisks.drives(TestDisks.extlinux()), MEMORY_MIB)) {
            qemu.expect(Pattern.quote("Booting \"probe\" in 8 s"), TestImages.BOOT);
            Screen screen = new Screen(qemu);
            // the arrows stop the countdown and walk down to the disk's extlinux.conf, Enter opens it
            screen.select("extlinux.conf");
            assertThat(screen.now()).doesNotContain("Booting \"");
            qemu.type("\r");
            screen.await("the extlinux submenu with its default selected", s -> Screen.selected(s) != null
                    && Screen.selected(s).startsWith("> arch") && s.contains("lobos.test=extlinux"));
            qemu.type("e");
            qemu.expect("kernel:  ", TestImages.BOOT);
            qemu.type("\r");
            qemu.expect("initrds: ", TestImages.BOOT);
            qemu.type("\r");
            qemu.expect("cmdline: ", TestImages.BOOT);
            qemu.type(" lobos.edited=yes\r");
            String report = TestImages.probeReport(qemu);
            assertThat(report).contains("probe: cmdline console=ttyS0 panic=-1 quiet lobos.test=extlinux lobos.edited=yes\n");
            assertThat(qemu.awaitExit(TestImages.BOOT)).isZero();
        }
    }

    @Test
    void theCountdownBootsTheDefaultWithNoKeyPressed(TestInfo test) throws Exception {
        try (Qemu qemu = TestImages.boot(test, KBOOT.replace("delay=8", "delay=2"), "", List.of(), MEMORY_MIB)) {
            qemu.expect(Pattern.quote("Booting \"probe\" in 2 s"), TestImages.BOOT);
            String report = TestImages.probeReport(qemu);
            assertThat(report).contains("probe: cmdline console=ttyS0 panic=-1 quiet\n");
            assertThat(qemu.awaitExit(TestImages.BOOT)).isZero();
            // what a boot says reaches the plain console log, also after the full-screen menu
            assertThat(qemu.output()).contains("lobos: booting probe: //boot/vmlinuz", "lobos: starting the new kernel");
        }
    }

    @Test
    void theShellListsCompletesAndBootsATypedKernel(TestInfo test) throws Exception {
        try (Qemu qemu = TestImages.boot(test, KBOOT, "", List.of(), MEMORY_MIB)) {
            TestImages.bootShell(qemu);
            qemu.send("ls //boot");
            qemu.expect("probe\\.gz", TestImages.BOOT);
            Screen screen = new Screen(qemu);
            qemu.type("cd //bo\t"); // Tab completes the directory
            screen.await(TestImages.SHELL + "cd //boot/");
            qemu.type("\r");
            qemu.expect(Pattern.quote("lobos://boot> "), TestImages.BOOT);
            qemu.type("./vmlinuz initrd=probe.gz console=ttyS0 panic=-1 quiet lobos.test=typed\r");
            assertThat(TestImages.probeReport(qemu)).contains("probe: cmdline console=ttyS0 panic=-1 quiet lobos.test=typed\n");
            assertThat(qemu.awaitExit(TestImages.BOOT)).isZero();
        }
    }

    @Test
    void restrictedModeRefusesTheShellWithoutThePasswordAndAllowsItWith(TestInfo test) throws Exception {
        // lobos passwd's kind of hash (SHA-512 crypt) of "lobos"
        String hash = lobos.shell.ShaCrypt.crypt("lobos", 6, -1, "saltsaltsaltsalt");
        try (Qemu qemu = TestImages.boot(test, "restricted=true\npassword='" + hash + "'\n" + KBOOT, "", List.of(),
                MEMORY_MIB)) {
            Screen screen = new Screen(qemu);
            TestImages.menu(qemu);
            qemu.type("c");
            qemu.expect("Password: ", TestImages.BOOT);
            qemu.type("wrong\r");
            screen.await("the refusal on the menu", s -> s.contains("lobos: wrong password") && s.contains(TestImages.MENU_KEYS));
            qemu.type("c");
            qemu.expect("Password: ", TestImages.BOOT);
            qemu.type("lobos\r");
            qemu.expect(Pattern.quote(TestImages.SHELL), TestImages.BOOT);
            qemu.send("poweroff");
            assertThat(qemu.awaitExit(TestImages.BOOT)).isZero();
            assertThat(qemu.output()).doesNotContain(lobos.build.ProbeImage.BEGIN);
        }
    }

    @Test
    void sshWithAKeyListsTheEntriesAndBootsOne(TestInfo test) throws Exception {
        SshLoader ssh = SshLoader.make();
        try (Qemu qemu = ssh.boot(test, "ip=dhcp")) {
            TestImages.menu(qemu);
            String list = ssh.firstAnswer(qemu, "list", "--json");
            assertThat(list).contains("\"id\": \"probe\"", "\"id\": \"other\"", "\"restricted\": false");
            Process boot = sshProcess(ssh.key(), ssh.knownHosts(), ssh.port(), "boot", "other");
            try {
                String report = TestImages.probeReport(qemu);
                assertThat(report).contains("probe: cmdline console=ttyS0 panic=-1 quiet lobos.test=other\n");
                assertThat(qemu.awaitExit(TestImages.BOOT)).isZero();
            } finally {
                boot.destroyForcibly();
            }
        }
    }

    @Test
    void theShellsDhcpBringsTheNetworkUpAndSshWithIt(TestInfo test) throws Exception {
        SshLoader ssh = SshLoader.make();
        try (Qemu qemu = ssh.boot(test, "")) {
            TestImages.menu(qemu);
            qemu.type("c");
            qemu.expect(Pattern.quote(TestImages.SHELL), TestImages.BOOT);
            qemu.send("dhcp");
            qemu.expect("  server: +10\\.0\\.2\\.2", TestImages.BOOT);
            assertThat(ssh.firstAnswer(qemu, "list", "--json")).contains("\"id\": \"other\"");
        }
    }

    /**
     * A loader whose image has an authorized key and a host key (the client checks it is talking
     * to this loader), its port 22 forwarded to {@code port} on 127.0.0.1.
     */
    private record SshLoader(Path key, Path knownHosts, Path hostKey, int port) {
        static SshLoader make() throws IOException, InterruptedException {
            assumeTrue(Files.isExecutable(Path.of("/usr/bin/ssh")) && Files.isExecutable(Path.of("/usr/bin/ssh-keygen")),
                    "apt-get install openssh-client");
            Path dir = Files.createDirectories(TestImages.DIR.resolve("ssh"));
            Path key = keygen(dir, "id_ed25519");
            Path hostKey = keygen(dir, "ssh_host_ed25519_key");
            int port = freePort();
            Path knownHosts = Files.writeString(dir.resolve("known_hosts-" + port), "[127.0.0.1]:" + port + " "
                    + Files.readString(hostKey.resolveSibling(hostKey.getFileName() + ".pub")));
            return new SshLoader(key, knownHosts, hostKey, port);
        }

        /** Boots it with KBOOT (no default: the menu waits), {@code append} on its command line, one NIC. */
        Qemu boot(TestInfo test, String append) throws IOException {
            Path initrd = TestImages.withFiles(test, KBOOT.replace("default=probe\ndelay=8\n", "# no default: the menu waits\n"),
                    Map.of("etc/lobos/authorized_keys", key.resolveSibling(key.getFileName() + ".pub"),
                            "etc/lobos/ssh_host_ed25519_key", hostKey), 0600);
            return Qemu.start(new Qemu.Options(TestImages.loader().kernel(), initrd,
                    ("console=ttyS0 panic=-1 quiet " + append).strip(), MEMORY_MIB, List.of("-netdev",
                            "user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:" + port + "-:22", "-device", "virtio-net-pci,netdev=n0")),
                    TestImages.DIR.resolve(test.getTestMethod().orElseThrow().getName() + ".log"));
        }

        /** The output of the first run of {@code command} that succeeds: QEMU accepts on the forward before the loader listens. */
        String firstAnswer(Qemu qemu, String... command) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + TestImages.BOOT.toNanos();
            while (true) {
                Ssh r = ssh(key, knownHosts, port, 120, command);
                if (r.exit() == 0) return r.output();
                if (System.nanoTime() > deadline || !qemu.running()) throw new AssertionError("ssh failed: " + r);
                Thread.sleep(2000);
            }
        }
    }

    record Ssh(int exit, String output) {}

    private static Ssh ssh(Path key, Path knownHosts, int port, int seconds, String... command)
            throws IOException, InterruptedException {
        Process p = sshProcess(key, knownHosts, port, command);
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Ssh(-1, "timed out after " + seconds + " s");
        }
        return new Ssh(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static Process sshProcess(Path key, Path knownHosts, int port, String... command) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ssh", "-F", "/dev/null", "-i", key.toString(), "-p",
                Integer.toString(port), "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "ConnectTimeout=20",
                "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + knownHosts, "root@127.0.0.1"));
        cmd.addAll(List.of(command));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    private static Path keygen(Path dir, String name) throws IOException, InterruptedException {
        Path key = dir.resolve(name);
        Files.deleteIfExists(key);
        Files.deleteIfExists(dir.resolve(name + ".pub"));
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "lobos-it", "-f", key.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        return key;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
