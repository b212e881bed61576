package lobos.storage;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real tools (mkfs, blkid, sfdisk...) that make test images and check lobos's readings of them. */
public final class Tools {
    private Tools() {}

    /** Runs {@code command} in {@code dir}, returns its standard output; fails the test if it fails. */
    public static String run(Path dir, String... command) {
        requireTool(command[0]);
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(false).start();
            p.getOutputStream().close();
            var out = p.getInputStream().readAllBytes();
            var err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", command) + " did not finish in 120 s");
            }
            if (p.exitValue() != 0) {
                fail(String.join(" ", command) + " exited " + p.exitValue() + ": " + new String(err, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("cannot run " + String.join(" ", command), e);
        }
    }

    /** Which Debian package brings each tool the tests use. */
    private static final Map<String, String> PACKAGES = Map.ofEntries(
            Map.entry("mke2fs", "e2fsprogs"), Map.entry("mkfs.vfat", "dosfstools"), Map.entry("mkfs.exfat", "exfatprogs"),
            Map.entry("mkfs.xfs", "xfsprogs"), Map.entry("mkfs.btrfs", "btrfs-progs"), Map.entry("xorriso", "xorriso"),
            Map.entry("mksquashfs", "squashfs-tools"), Map.entry("cryptsetup", "cryptsetup-bin"), Map.entry("mkswap", "util-linux"),
            Map.entry("blkid", "util-linux"), Map.entry("partx", "util-linux"), Map.entry("findmnt", "util-linux"),
            Map.entry("sfdisk", "fdisk"), Map.entry("sgdisk", "gdisk"));

    public static void requireTool(String tool) {
        for (String dir : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin")) {
            if (Files.isExecutable(Path.of(dir, tool))) return;
        }
        fail(tool + " is not installed: apt-get install -y --no-install-recommends " + PACKAGES.getOrDefault(tool, tool));
    }

    /** A sparse file of {@code size} bytes. */
    public static Path sparse(Path dir, String name, long size) throws IOException {
        Path file = dir.resolve(name);
        try (var f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
        }
        return file;
    }

    /** What util-linux's blkid says about a file: {@code blkid -p -o export}, unescaped. Empty if it finds nothing. */
    public static Map<String, String> blkid(Path file) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String line : blkidOutput("-o", "export", file.toString()).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) tags.put(line.substring(0, eq), line.substring(eq + 1).replaceAll("\\\\(.)", "$1"));
        }
        // export escapes non-ASCII as M-...; "-o value" prints the label's bytes as they are
        if (tags.containsKey("LABEL")) tags.put("LABEL", blkidOutput("-s", "LABEL", "-o", "value", file.toString()).strip());
        return tags;
    }

    private static String blkidOutput(String... args) {
        requireTool("blkid");
        List<String> command = new java.util.ArrayList<>(List.of("blkid", "-p"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(60, TimeUnit.SECONDS);
            return out;
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("cannot run blkid", e);
        }
    }

    /** Undoes the \\xNN escapes partx -P and findmnt -P write for bytes they think unsafe; the bytes are UTF-8. */
    static String unescapeHex(String s) {
        var bytes = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            if (s.startsWith("\\x", i) && i + 4 <= s.length()) {
                bytes.write(Integer.parseInt(s.substring(i + 2, i + 4), 16));
                i += 3;
            } else {
                bytes.writeBytes(String.valueOf(s.charAt(i)).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
