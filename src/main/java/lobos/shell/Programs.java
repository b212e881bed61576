package lobos.shell;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Tells a program from a kernel and finds programs. A word without a slash is looked up in the
 * loader's PATH (busybox's applets); a path names a file, which is a program when it is
 * executable and a script ({@code #!}), a position-independent ELF executable (what
 * distributions build programs as), or an ELF file in a {@code bin/} or {@code sbin/} directory.
 * Anything else a path names is booted as a kernel (a bzImage, a vmlinux, an EFI stub).
 */
final class Programs {
    static final List<String> PATH = List.of("/bin", "/sbin", "/usr/bin", "/usr/sbin");

    private Programs() {}

    /** The loader's program of this name, or null. */
    static Path inPath(String name) {
        if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) return null;
        for (String dir : PATH) {
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return p;
        }
        return null;
    }

    /** Whether the file at {@code file} (named {@code path} by the user) is a program rather than a kernel. */
    static boolean isProgram(Path file, String path) throws IOException {
        if (!Files.isRegularFile(file) || !Files.isExecutable(file)) return false;
        byte[] head = new byte[20];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        return isProgram(head, n, path);
    }

    static boolean isProgram(byte[] head, int length, String path) {
        if (length >= 2 && head[0] == '#' && head[1] == '!') return true;
        boolean elf = length >= 18 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F';
        if (!elf) return false;
        boolean little = head[5] == 1;
        int type = little ? (head[16] & 0xff) | (head[17] & 0xff) << 8 : (head[17] & 0xff) | (head[16] & 0xff) << 8;
        final int etDyn = 3;
        return type == etDyn || path.matches(".*(^|/)s?bin/[^/]+");
    }
}
