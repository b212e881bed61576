package lobos.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import lobos.image.Elf;

/**
 * The host's shared libraries a set of ELF programs needs (their DT_NEEDED closure), found in
 * the host's library directories. The JVM needs a handful of glibc's; anything a program
 * brings itself (the runtime's own lib/*.so) is not copied again.
 */
public final class SharedLibraries {
    private static final List<Path> HOST_DIRS = List.of(Path.of("/lib/x86_64-linux-gnu"),
            Path.of("/usr/lib/x86_64-linux-gnu"), Path.of("/lib/aarch64-linux-gnu"),
            Path.of("/usr/lib/aarch64-linux-gnu"), Path.of("/lib64"), Path.of("/usr/lib64"), Path.of("/lib"),
            Path.of("/usr/lib"));

    private static final long PT_INTERP = 3;

    private SharedLibraries() {}

    /**
     * Maps each needed library's name (DT_NEEDED, e.g. libc.so.6) to the host file holding it,
     * for every ELF file under {@code programDir}.
     *
     * @param extra libraries loaded with dlopen, which DT_NEEDED cannot show (e.g. libgcc_s.so.1,
     *              which glibc opens when a thread is cancelled)
     */
    public static TreeMap<String, Path> closure(Path programDir, List<String> extra) {
        Set<String> own = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(extra);
        for (Path elf : elfFiles(programDir)) {
            own.add(elf.getFileName().toString());
            todo.addAll(needed(elf));
        }
        TreeMap<String, Path> found = new TreeMap<>();
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (own.contains(name) || found.containsKey(name)) continue;
            Path file = find(name);
            found.put(name, file);
            todo.addAll(needed(file));
        }
        return found;
    }

    /** The program interpreter (PT_INTERP) an ELF program names, e.g. /lib64/ld-linux-x86-64.so.2. */
    public static String interpreter(Path program) {
        try {
            byte[] bytes = Files.readAllBytes(program);
            for (Elf.Segment s : Elf.parse(bytes).segments()) {
                if (s.typeCode() == PT_INTERP) {
                    if (s.offset() + s.fileSize() > bytes.length) break;
                    int end = (int) (s.offset() + s.fileSize());
                    while (end > s.offset() && bytes[end - 1] == 0) end--;
                    return new String(bytes, (int) s.offset(), end - (int) s.offset(),
                            java.nio.charset.StandardCharsets.US_ASCII);
                }
            }
        } catch (IOException e) {
            throw new BuildException("cannot read " + program + ": " + e.getMessage(), null, e);
        }
        throw new BuildException(program + " names no program interpreter", "is it a dynamically linked program?");
    }

    private static Path find(String name) {
        for (Path dir : HOST_DIRS) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) return p;
        }
        throw new BuildException("shared library " + name + " is not on this host (looked in " + HOST_DIRS + ")",
                "install the package that provides it (apt-file search " + name + ")");
    }

    /** The libraries an ELF file names as DT_NEEDED (none for a static program). */
    static List<String> needed(Path file) {
        try {
            return Elf.parse(Files.readAllBytes(file)).needed();
        } catch (IOException e) {
            throw new BuildException("cannot read " + file + ": " + e.getMessage(), null, e);
        }
    }

    private static List<Path> elfFiles(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(SharedLibraries::isElf).sorted().toList();
        } catch (IOException e) {
            throw new BuildException("cannot read " + dir + ": " + e.getMessage(), null, e);
        }
    }

    private static boolean isElf(Path p) {
        try (var in = Files.newInputStream(p)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F';
        } catch (IOException e) {
            return false;
        }
    }
}
