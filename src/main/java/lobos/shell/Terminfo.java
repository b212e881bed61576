package lobos.shell;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jline.utils.InfoCmp;

/**
 * Terminal capabilities for the consoles a loader meets. JLine asks the {@code infocmp} program,
 * which the image does not have, and knows only xterm, screen, ansi and a few others by itself:
 * without these, {@code TERM=linux} (the VGA console, and what /init sets) and serial terminals
 * (vt100, vt220) got a warning and plain ANSI. The files are {@code infocmp -x NAME} output of
 * Debian's ncurses-base (the ncurses terminfo database, MIT-style licence), 1.2 to 1.8 KB each.
 */
public final class Terminfo {
    static final List<String> SHIPPED = List.of("linux", "vt100", "vt220");

    private Terminfo() {}

    /** Makes the shipped entries known to JLine; call before building a terminal. */
    public static void install() {
        for (String name : SHIPPED) {
            InfoCmp.setDefaultInfoCmp(name, () -> read(name));
        }
    }

    static String read(String name) {
        try (InputStream in = Terminfo.class.getResourceAsStream("terminfo/" + name + ".caps")) {
            if (in == null) throw new IllegalStateException("lobos.jar lacks lobos/shell/terminfo/" + name + ".caps");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
