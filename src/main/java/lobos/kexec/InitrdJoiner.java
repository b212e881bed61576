package lobos.kexec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Placeholder until lobos.initramfs lands: concatenates initrds, each padded to 4 bytes. */
final class InitrdJoiner {
    private InitrdJoiner() {}

    static void join(List<Path> parts, OutputStream out) throws IOException {
        long written = 0;
        for (Path p : parts) {
            try (InputStream in = Files.newInputStream(p)) {
                written += in.transferTo(out);
            }
            while (written % 4 != 0) {
                out.write(0);
                written++;
            }
        }
    }
}
