package lobos.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lobos.image.Synthetic;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import org.junit.jupiter.api.io.TempDir;

/** install-return below a test root: files only; the kernel is never called (--root is not /). */
class InstallReturnCommandTest {
    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    /** A loader image directory as lobos mkimage writes it, with a synthetic bzImage. */
    private Path loaderImage() throws Exception {
        Path image = Files.createDirectories(dir.resolve("image"));
        Files.write(image.resolve("vmlinuz"), Synthetic.bzImage());
        Files.write(image.resolve("lobos-initramfs.cpio"), new byte[] {1});
        return image;
    }

    @Test
    void installsFromAnImageDirectoryAndUninstalls() throws Exception {
        Path image = loaderImage();
        Path root = Files.createDirectories(dir.resolve("root"));
        assertThat(cli.run("install-return", "--root", root.toString(), "--loader-image", image.toString())).isEqualTo(Main.OK);
        assertThat(root.resolve("boot/lobos/vmlinuz")).exists();
        assertThat(root.resolve("etc/systemd/system/lobos-return.service")).exists();
        assertThat(cli.out()).contains("installed " + root.resolve("boot/lobos/vmlinuz"))
                .doesNotContain("loaded now");
        assertThat(cli.run("install-return", "--root", root.toString(), "--uninstall")).isEqualTo(Main.OK);
        assertThat(root.resolve("boot/lobos/vmlinuz")).doesNotExist();
    }

    /**
     * The unit's ExecStart and the hook's exec line are lobos command lines systemd runs with no
     * one watching: both must parse as lobos's own options (an unparsable one would only show at
     * the next reboot, which then goes through the firmware).
     */
    @Test
    void theUnitsAndTheHooksLobosCommandsParse() throws Exception {
        Path image = loaderImage();
        Path root = Files.createDirectories(dir.resolve("root"));
        assertThat(cli.run("install-return", "--root", root.toString(), "--loader-image", image.toString(),
                "--append", "console=ttyS0 memmap=1M$0x50000000")).isEqualTo(Main.OK);
        String unit = Files.readString(root.resolve("etc/systemd/system/lobos-return.service"));
        String hook = Files.readString(root.resolve("usr/lib/systemd/system-shutdown/lobos-return"));
        List<String> load = lobosArguments(unit.lines().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow(), true);
        assertThat(load).containsExactly("boot", "--load-only", "/boot/lobos/vmlinuz", "--initrd", "/boot/lobos/initramfs",
                "--command-line", "console=ttyS0 memmap=1M$0x50000000");
        List<String> start = lobosArguments(hook.lines().filter(l -> l.startsWith("exec ")).findFirst().orElseThrow(), false);
        assertThat(start).containsExactly("boot", "--force");
        for (List<String> args : List.of(load, start)) {
            CommandLine.ParseResult parsed = Main.commandLine().parseArgs(args.toArray(String[]::new));
            assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("boot");
        }
        // What the hook said before: --exec and --force are one choice, so picocli refused it at every reboot.
        assertThatThrownBy(() -> Main.commandLine().parseArgs("boot", "--exec", "--force"))
                .isInstanceOf(CommandLine.ParameterException.class);
    }

    @Test
    void theLoadersDefaultCommandLineKeepsThisSystemsRamoopsRegion() throws Exception {
        Path image = loaderImage();
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(root.resolve("proc/cmdline"), "root=/dev/vda1 memmap=0x100000$0x50000000"
                + " ramoops.mem_address=0x50000000 ramoops.mem_size=0x100000 ramoops.record_size=0x10000\n");
        assertThat(cli.run("install-return", "--root", root.toString(), "--loader-image", image.toString())).isEqualTo(Main.OK);
        String unit = Files.readString(root.resolve("etc/systemd/system/lobos-return.service"));
        List<String> load = lobosArguments(unit.lines().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow(), true);
        assertThat(load.getLast()).startsWith("console=tty0 console=ttyS0 quiet memmap=0x100000$0x50000000"
                + " ramoops.mem_address=0x50000000 ramoops.mem_size=0x100000 ramoops.record_size=0x10000");
    }

    /**
     * The words after lobos.cli.Main in a line ReturnPath wrote: plain, or "..." with \\-escapes;
     * in a unit, systemd also turns $$ into $ and %% into %.
     */
    private static List<String> lobosArguments(String line, boolean systemd) {
        if (systemd) line = line.replace("$$", "$").replace("%%", "%");
        List<String> words = new ArrayList<>();
        Matcher m = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"|(\\S+)").matcher(line);
        while (m.find()) words.add(m.group(1) != null ? m.group(1).replaceAll("\\\\(.)", "$1") : m.group(2));
        return words.subList(words.indexOf("lobos.cli.Main") + 1, words.size());
    }

    @Test
    void aLoaderThatIsNotAKernelIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path image = Files.createDirectories(dir.resolve("image"));
        Files.writeString(image.resolve("vmlinuz"), "not a kernel");
        Files.write(image.resolve("lobos-initramfs.cpio"), new byte[] {1});
        Path root = Files.createDirectories(dir.resolve("root"));
        assertThat(cli.run("install-return", "--root", root.toString(), "--loader-image", image.toString()))
                .isEqualTo(Main.FAILED);
        assertThat(root.resolve("boot/lobos")).doesNotExist();
        assertThat(cli.run("install-return", "--root", root.toString(), "--loader-image", dir.resolve("none").toString()))
                .isEqualTo(Main.FAILED);
    }

    /** mkimage names the initramfs after its compression (zstd by default): in a directory and below a URL. */
    @Test
    void findsTheInitramfsByTheSuffixItsCompressionGaveIt() throws Exception {
        Path image = Files.createDirectories(dir.resolve("image"));
        Files.write(image.resolve("vmlinuz"), Synthetic.bzImage());
        Files.write(image.resolve("lobos-initramfs.cpio.zst"), new byte[] {7});
        Path root = Files.createDirectories(dir.resolve("root"));
        assertThat(cli.run("install-return", "--root", root.toString(), "--loader-image", image.toString())).isEqualTo(Main.OK);
        assertThat(root.resolve("boot/lobos/initramfs")).hasBinaryContent(new byte[] {7});

        var http = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 4);
        http.createContext("/", e -> {
            Path file = image.resolve(e.getRequestURI().getPath().substring(1));
            byte[] body = Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
            e.sendResponseHeaders(body != null ? 200 : 404, body != null ? body.length : -1);
            try (var o = e.getResponseBody()) {
                if (body != null) o.write(body);
            }
        });
        http.start();
        try {
            Path other = Files.createDirectories(dir.resolve("other"));
            String url = "http://127.0.0.1:" + http.getAddress().getPort() + "/";
            assertThat(cli.run("install-return", "--root", other.toString(), "--loader-image", url)).as(cli.err())
                    .isEqualTo(Main.OK);
            assertThat(other.resolve("boot/lobos/initramfs")).hasBinaryContent(new byte[] {7});
        } finally {
            http.stop(0);
        }
    }
}
