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
        description = {"Build the boot image and boot it in QEMU on this terminal: lobos starts, then kexecs"
                + " Debian's kernel with a probe that prints what it received, with timings.",
                "Run as root on a fresh Debian machine, it installs QEMU and busybox-static first."})
final class DemoCommand implements Callable<Integer> {
    private static final List<String> PACKAGES = List.of("qemu-system-x86", "busybox-static", "ca-certificates");
    private static final Duration STEP = Duration.ofSeconds(180);

    @Option(names = "--config", paramLabel = "DIR", description = "config directory (default: examples/demo)")
    Path config;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "where to build (default: ${DEFAULT-VALUE})")
    Path output = Path.of("lobos-demo");

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
        say("starting QEMU (TCG emulation, about 15 s per kernel boot); the guest's console follows\n");

        try (Qemu qemu = Qemu.start(new Qemu.Options(image.kernel(), initrd, "console=ttyS0 panic=-1 quiet"),
                output.resolve("demo-console.log"))) {
            Thread echo = Thread.ofPlatform().daemon().start(() -> echo(qemu));
            Thread.ofPlatform().daemon().start(() -> forwardKeys(qemu));
            Matcher ready = qemu.expect("kernel start to /init ([\\d.]+) s, Java running ([\\d.]+) s, lobos ready ([\\d.]+) s", STEP);
            Matcher countdown = qemu.expect("booting \\S+ in (\\d+) s", STEP);
            Matcher loaded = qemu.expect("kernel loaded in ([\\d.]+) s \\(up ([\\d.]+) s\\)", STEP);
            qemu.expect("starting the new kernel", STEP);
            double kexecAt = qemu.elapsedSeconds();
            Matcher probeUp = qemu.expect("probe: uptime ([\\d.]+)", STEP);
            double firstLine = qemu.elapsedSeconds();
            qemu.expect("probe: cmdline .*lobos.demo=kexec-ok", STEP);
            qemu.expect(ProbeImage.END, STEP);
            qemu.awaitExit(STEP);
            echo.join(1000);
            System.out.printf(Locale.ROOT, """

                    lobos demo: the loader kexec'd the target kernel, which received its command line and both initrds.
                      loader kernel start -> /init          %6s s
                      loader kernel start -> lobos ready    %6s s   (JVM running at %s s)
                      loader kernel start -> kernel loaded  %6s s   (after the %s s countdown; loading took %s s)
                      target kernel start -> probe running  %6s s
                      QEMU wall clock: kexec %.1f s, target's first report %.1f s
                    (times are under QEMU's TCG emulation, several times slower than hardware; log: %s)
                    """, ready.group(1), ready.group(3), ready.group(2), loaded.group(2), countdown.group(1), loaded.group(1),
                    probeUp.group(1), kexecAt, firstLine, output.resolve("demo-console.log"));
        }
        return Main.OK;
    }

    private static void echo(Qemu qemu) {
        int shown = 0;
        while (true) {
            String all = qemu.output();
            if (all.length() > shown) {
                System.out.print(all.substring(shown));
                System.out.flush();
                shown = all.length();
            }
            if (!qemu.running() && shown == qemu.output().length()) return;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void forwardKeys(Qemu qemu) {
        try {
            InputStream in = System.in;
            StringBuilder line = new StringBuilder();
            for (int c; (c = in.read()) >= 0; ) {
                if (c == '\n') {
                    qemu.send(line.toString());
                    line.setLength(0);
                } else {
                    line.append((char) c);
                }
            }
        } catch (IOException e) {
            // the guest is gone
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
