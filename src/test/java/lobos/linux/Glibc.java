package lobos.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;

/** The host's glibc, called through FFM, as an independent reference for tests. */
final class Glibc {
    private Glibc() {}

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle FNMATCH = LINKER.downcallHandle(LINKER.defaultLookup().find("fnmatch").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));

    /** fnmatch(pattern, string, 0) == 0. The strings must be ASCII without NUL. */
    static boolean fnmatch(String pattern, String string) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocateFrom(pattern, StandardCharsets.US_ASCII);
            MemorySegment s = arena.allocateFrom(string, StandardCharsets.US_ASCII);
            return (int) FNMATCH.invokeExact(p, s, 0) == 0;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
