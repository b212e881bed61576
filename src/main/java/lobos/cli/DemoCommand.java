package lobos.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import lobos.LobosException;
import lobos.build.BootImage;
import lobos.build.BootImageBuilder;
import lobos.build.BuildConfig;
import lobos.build.LobosJars;
import lobos.build.ProbeImage;
import lobos.build.Qemu;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Build the boot image and boot it in QEMU on this terminal: lobos starts, shows its menu (with"
                + " the entry it found on a small demo disk) and, when the countdown ends, kexecs Debian's kernel with a"
                + " probe that prints what it received, with timings.",
                "--interactive hands this terminal to the loader's serial console: stop the countdown, move with the"
                        + " arrow keys, e edits, c opens the boot shell (docs/shell.md); Ctrl-] ends QEMU.",
                "Run as root on a fresh Debian machine, it installs QEMU and busybox-static first."})
final class DemoCommand implements Callable<Integer> {
    private static final List<String> PACKAGES = List.of("qemu-system-x86", "busybox-static", "ca-certificates");
    private static final Duration STEP = Duration.ofSeconds(180);

    @Option(names = "--config", paramLabel = "DIR", description = "config directory (default: examples/demo)")
    Path config;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "where to build (default: ${DEFAULT-VALUE})")
    Path output = Path.of("lobos-demo");

    @Option(names = {"-i", "--interactive"}, description = "drive the loader yourself: this terminal is its serial"
            + " console (keys go to it as you press them); Ctrl-] ends QEMU")
    boolean interactive;

    /** Ctrl-]: the key that ends an interactive demo (as telnet's escape). */
    static final int QUIT = 0x1d;

    @Override
    public Integer call() throws Exception {
        installMissing();
        Path dir = config != null ? config : defaultConfig();
        say("building the boot image from " + dir);
        BootImage image = new BootImageBuilder(BuildConfig.read(dir), BootImageBuilder.defaultCache(),
                line -> say(line)).build(output);
        say(String.format(Locale.ROOT, "boot image: %s (%.1f MiB) + kernel %s", image.initramfs(),
                image.initramfsBytes() / 1048576.0, image.release()));
        Path initrd = ProbeImage.loaderWithTarget(image, Path.of("/bin/busybox"), null,
                output.resolve("demo-initrd.img"));
        Path disk = disk(image);
        List<String> drives = disk == null ? List.of()
                : List.of("-drive", "file=" + disk.toAbsolutePath() + ",format=raw,if=virtio,readonly=on");
        say("starting QEMU (TCG emulation, about 15 s per kernel boot); the guest's console follows\n");

        try (Qemu qemu = Qemu.start(new Qemu.Options(image.kernel(), initrd, "console=ttyS0 panic=-1 quiet", 1024,
                drives), output.resolve("demo-console.log"))) {
            Thread echo = Thread.ofPlatform().daemon().start(() -> echo(qemu));
            if (interactive) {
                interact(qemu);
                echo.join(1000);
                System.out.println("\ndemo: QEMU ended (log: " + output.resolve("demo-console.log") + ")");
                return Main.OK;
            }
            Matcher ready = qemu.expect("kernel start to /init ([\\d.]+) s, Java running ([\\d.]+) s, lobos ready ([\\d.]+) s", STEP);
            // the menu's status line, on its first full draw
            Matcher countdown = qemu.expect("Booting \"([^\"]*)\" in (\\d+) s", STEP);
            Matcher loaded = qemu.expect("kernel loaded in ([\\d.]+) s \\(up ([\\d.]+) s\\)", STEP);
            qemu.expect("starting the new kernel", STEP);
            double kexecAt = qemu.elapsedSeconds();
            Matcher probeUp = qemu.expect("probe: uptime ([\\d.]+)\\r?\\n", STEP); // the line whole, not "2" of "2.07"
            double firstLine = qemu.elapsedSeconds();
            qemu.expect("probe: cmdline .*lobos.demo=kexec-ok", STEP);
            qemu.expect(ProbeImage.END, STEP);
            qemu.awaitExit(STEP);
            echo.join(1000);
            String found = discovered(qemu.output());
            System.out.printf(Locale.ROOT, """

                    lobos demo: the loader showed its menu%s,
                    counted down and kexec'd "%s", which received its command line and both initrds.
                      loader kernel start -> /init          %6s s
                      loader kernel start -> lobos ready    %6s s   (JVM running at %s s)
                      loader kernel start -> kernel loaded  %6s s   (after the %s s countdown; loading took %s s)
                      target kernel start -> probe running  %6s s
                      QEMU wall clock: kexec %.1f s, target's first report %.1f s
                    (times are under QEMU's TCG emulation, several times slower than hardware; log: %s)
                    Run ./lobos demo --interactive to drive the menu and the boot shell yourself.
                    """, found, countdown.group(1), ready.group(1), ready.group(3), ready.group(2), loaded.group(2),
                    countdown.group(2), loaded.group(1), probeUp.group(1), kexecAt, firstLine,
                    output.resolve("demo-console.log"));
        }
        return Main.OK;
    }

    /**
     * A small disk for the menu to discover: an ext4 file system (made by mke2fs from a
     * directory, nothing mounted here) with an extlinux config that boots the probe too. Null,
     * with a note, when mke2fs is missing.
     */
    private Path disk(BootImage image) throws IOException, InterruptedException {
        Path tree = output.resolve("demo-disk");
        Files.createDirectories(tree.resolve("boot/extlinux"));
        Files.copy(image.kernel(), tree.resolve("boot/vmlinuz"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ProbeImage.write(Path.of("/bin/busybox"), tree.resolve("boot/probe.gz"));
        Files.writeString(tree.resolve("boot/extlinux/extlinux.conf"), """
                # found by lobos on the demo disk: pick it in the menu, or type vda:syslinux:disk in the boot shell
                DEFAULT disk
                TIMEOUT 50
                LABEL disk
                  MENU LABEL the probe, from the demo disk
                  LINUX ../vmlinuz
                  INITRD ../probe.gz
                  APPEND console=ttyS0 panic=-1 lobos.demo=kexec-ok from=disk
                """);
        Path disk = output.resolve("demo-disk.img");
        Files.deleteIfExists(disk);
        try {
            Process p = new ProcessBuilder("mke2fs", "-q", "-F", "-t", "ext4", "-L", "lobosdemo", "-d", tree.toString(),
                    disk.toString(), "24M").redirectErrorStream(true).start();
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                say("no demo disk (mke2fs failed: " + said.strip() + ")");
                return null;
            }
        } catch (IOException e) {
            say("no demo disk: mke2fs (e2fsprogs) is not installed");
            return null;
        }
        say("demo disk: " + disk + " (ext4, an extlinux config the loader's menu lists)");
        return disk;
    }

    /** Shows what the guest prints as it is: the menu's screen is drawn by this terminal. */
    private static void echo(Qemu qemu) {
        int shown = 0;
        while (true) {
            String all = qemu.rawOutput();
            if (all.length() > shown) {
                System.out.print(all.substring(shown));
                System.out.flush();
                shown = all.length();
            }
            if (!qemu.running() && shown == qemu.rawOutput().length()) return;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The discovered entry as the loader's banner listed it ("vda:syslinux:disk ..."), for the summary. */
    static String discovered(String console) {
        Matcher m = java.util.regex.Pattern.compile("(?m)^\\s+(vda\\S*:syslinux:\\S+)[^\\n]*\\[([^\\]]*)\\]").matcher(console);
        return m.find() ? " with " + m.group(1) + " found on the demo disk (" + m.group(2) + ")" : "";
    }

    /**
     * This terminal as the guest's serial console until QEMU ends: raw mode (every key at once,
     * no echo: the guest echoes), keys forwarded as pressed; Ctrl-] ends QEMU.
     */
    private static void interact(Qemu qemu) throws IOException, InterruptedException {
        boolean raw = stty("raw", "-echo");
        say("this terminal is the loader's serial console now; Ctrl-] ends QEMU\n");
        try {
            Thread keys = Thread.ofPlatform().daemon().start(() -> {
                try {
                    InputStream in = System.in;
                    byte[] typed = new byte[256];
                    for (int n; (n = in.read(typed)) > 0 && qemu.running(); ) {
                        int quit = indexOf(typed, n, QUIT);
                        if (quit >= 0) {
                            qemu.type(new String(typed, 0, quit, StandardCharsets.UTF_8));
                            break;
                        }
                        // as they came: an arrow key's escape sequence, a UTF-8 character
                        qemu.type(new String(typed, 0, n, StandardCharsets.UTF_8));
                    }
                } catch (IOException e) {
                    // the guest is gone
                }
            });
            while (qemu.running() && keys.isAlive()) Thread.sleep(100);
        } finally {
            if (raw) stty("sane");
        }
    }

    private static int indexOf(byte[] bytes, int length, int value) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] == value) return i;
        }
        return -1;
    }

    /** Sets this terminal's modes with stty; false when there is no terminal. */
    private static boolean stty(String... modes) {
        List<String> cmd = new ArrayList<>(List.of("stty"));
        cmd.addAll(List.of(modes));
        try {
            Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Path defaultConfig() {
        Path repo = LobosJars.locate().getFirst().getParent().getParent();
        Path demo = repo.resolve("examples/demo");
        if (!Files.isDirectory(demo)) {
            throw new LobosException("no demo config at " + demo, "give one with --config DIR");
        }
        return demo;
    }

    /** Installs QEMU and busybox-static when missing (as root), or says how to. */
    private static void installMissing() throws IOException, InterruptedException {
        List<String> missing = new ArrayList<>();
        for (String pkg : PACKAGES) {
            Process p = new ProcessBuilder("dpkg-query", "-W", "-f=${Status}", pkg).redirectErrorStream(true).start();
            String status = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0 || !status.contains("install ok installed")) missing.add(pkg);
        }
        if (missing.isEmpty()) return;
        String line = "apt-get update && apt-get install -y --no-install-recommends " + String.join(" ", missing);
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new LobosException("the demo needs " + String.join(" and ", missing), "install as root: " + line);
        }
        say("installing " + String.join(" ", missing));
        for (List<String> cmd : List.of(List.of("apt-get", "update", "-qq"),
                concat(List.of("apt-get", "install", "-y", "-qq", "--no-install-recommends"), missing))) {
            int rc = new ProcessBuilder(cmd).inheritIO().start().waitFor();
            if (rc != 0) throw new LobosException(String.join(" ", cmd) + " failed (exit " + rc + ")", "run it by hand: " + line);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static void say(String line) {
        System.out.println("demo: " + line);
    }
}
