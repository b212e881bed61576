package lobos.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import lobos.LobosException;
import lobos.fetch.NotFoundException;
import lobos.fetch.Progress;
import lobos.initramfs.Compression;
import lobos.kexec.Kexec;
import lobos.kexec.Planner;
import lobos.kexec.ReturnPath;
import lobos.kexec.SurvivingLog;
import lobos.linux.Arch;
import lobos.linux.Kernel;
import lobos.linux.LinuxKernel;
import lobos.path.ParsedPath;
import lobos.path.PathParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "install-return", mixinStandardHelpOptions = true,
        description = {"Make this system's next reboot go back to the lobos boot loader through kexec, without the"
                + " firmware: the loader is kept in /boot/lobos, loaded at every boot (lobos-return.service) and"
                + " started by a systemd shutdown hook when the system reboots (docs/boot.md).",
                "--loader-image is a directory (or any generalized path, such as an http:// URL) holding the"
                        + " loader's vmlinuz and lobos-initramfs.cpio (.zst, .xz, .gz), as lobos mkimage writes them."},
        footer = {"", "Exit status: 0 installed, 1 it could not be, 2 bad usage."})
final class InstallReturnCommand implements Callable<Integer> {
    @Option(names = "--loader-image", paramLabel = "DIR|URL", description = "where the loader is (default: /boot/lobos)")
    String loaderImage = "/boot/lobos";

    @Option(names = "--append", paramLabel = "ARGS", description = "the loader's command line (default: console=tty0"
            + " console=ttyS0 quiet, and this system's ramoops region if it has one)")
    String append;

    static final String DEFAULT_APPEND = "console=tty0 console=ttyS0 quiet";

    @Option(names = "--uninstall", description = "remove the unit, the hook and the copy in /boot/lobos")
    boolean uninstall;

    @Option(names = "--root", paramLabel = "DIR", hidden = true, description = "install below DIR, load nothing (tests)")
    Path root = Path.of("/");

    @Mixin
    PathOptions paths;

    @Override
    public Integer call() throws IOException {
        ReturnPath path = new ReturnPath(root);
        if (uninstall) {
            path.uninstall();
            System.out.println("removed: the next reboot goes through the firmware again");
            return Main.OK;
        }
        // The loader keeps its next session's log where this system's (lobos-given) ramoops region is.
        String cmdline = append != null ? append
                : new SurvivingLog(root).active().map(r -> SurvivingLog.appendTo(DEFAULT_APPEND, r)).orElse(DEFAULT_APPEND);
        Kernel kernel = new LinuxKernel();
        Path kernelFile = file(kernel, "vmlinuz");
        Path initramfs = file(kernel, "lobos-initramfs.cpio");
        // The loader must be something this kernel can load: checked before anything is written.
        new Planner(Arch.current()).plan(kernelFile, List.of(initramfs), cmdline);
        ReturnPath.Installed installed = path.install(kernelFile, initramfs, cmdline, lobosCommand());
        System.out.println("installed " + installed.kernel() + ", " + installed.initramfs());
        System.out.println("  " + installed.unit() + " loads it at every boot; " + installed.hook()
                + " starts it when the system reboots");
        if (root.equals(Path.of("/"))) {
            new Kexec(kernel, System.out::println).load(new Planner(Arch.current()).plan(installed.kernel(),
                    List.of(installed.initramfs()), cmdline));
            System.out.println("loaded now: the next reboot (or systemctl kexec) starts the lobos loader");
        }
        return Main.OK;
    }

    /**
     * The file NAME of the loader image (the initramfs with whichever suffix its compression gave
     * it: lobos-initramfs.cpio.zst, .xz, .gz): in a directory, or below a URL or other generalized path.
     */
    private Path file(Kernel kernel, String name) throws IOException {
        List<String> names = name.equals("vmlinuz") ? List.of(name)
                : java.util.Arrays.stream(Compression.values()).map(c -> name + c.suffix()).toList();
        if (!loaderImage.contains(":")) {
            Path dir = Path.of(loaderImage);
            for (String n : names) {
                if (Files.isRegularFile(dir.resolve(n))) return dir.resolve(n);
            }
            // /boot/lobos keeps them as install-return names them.
            Path kept = dir.resolve(name.equals("vmlinuz") ? "vmlinuz" : "initramfs");
            if (Files.isRegularFile(kept)) return kept;
            throw new LobosException("no " + String.join(" or ", names) + " in " + dir,
                    "give the directory lobos mkimage wrote, or a URL");
        }
        String base = loaderImage.endsWith("/") ? loaderImage : loaderImage + "/";
        NotFoundException missing = null;
        for (String n : names) {
            ParsedPath parsed = PathParser.parse(base + n);
            try {
                return paths.locator(kernel, kernel::memoryFile).file(parsed, PathOptions.resolve(parsed), 1L << 30,
                        Progress.NONE);
            } catch (NotFoundException e) {
                missing = e; // the next suffix, or this error for the last
            }
        }
        throw missing;
    }

    /** How this very lobos was started: the same java and class path, for the unit and the hook. */
    private static List<String> lobosCommand() {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-cp");
        List<String> classPath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            classPath.add(Path.of(entry).toAbsolutePath().toString());
        }
        cmd.add(String.join(java.io.File.pathSeparator, classPath));
        cmd.add("lobos.cli.Main");
        return cmd;
    }
}
