package lobos.config.grub;

import java.util.ArrayList;
import java.util.List;
import lobos.config.BootEntry;

/**
 * What the loader commands of one entry ({@code linux}, {@code initrd}, {@code multiboot},
 * {@code module}, {@code devicetree}, {@code chainloader}) have loaded so far. As in GRUB, a new
 * kernel replaces the previous one with its initrds and modules, and each {@code initrd}
 * replaces the previous list. Paths keep the {@code $root} they were given with.
 */
final class LoadedImage {
    record Ref(String path, String root, String args) {}

    BootEntry.Kind kind;
    Ref kernel;
    String cmdline = "";
    List<Ref> initrds = List.of();
    Ref devicetree;
    final List<Ref> modules = new ArrayList<>();
    /** A command that does something other than loading a kernel (fwsetup, exit...). */
    String special;

    void load(BootEntry.Kind kind, Ref kernel, String cmdline) {
        this.kind = kind;
        this.kernel = kernel;
        this.cmdline = cmdline;
        this.initrds = List.of();
        this.modules.clear();
        this.special = null;
    }

    /**
     * The kernel command line GRUB builds from arguments (grub-core/lib/cmdline.c): joined by
     * spaces, {@code \ ' "} escaped with a backslash (a {@code \xHH} escape is kept as it is), an
     * argument with a space in double quotes. GRUB also puts {@code BOOT_IMAGE=<kernel>} first on
     * x86; lobos leaves that to the loader.
     */
    static String cmdline(List<String> args) {
        var out = new StringBuilder();
        for (String arg : args) {
            if (!out.isEmpty()) out.append(' ');
            boolean space = arg.indexOf(' ') >= 0;
            if (space) out.append('"');
            for (int i = 0; i < arg.length(); i++) {
                char c = arg.charAt(i);
                if (c == '\\' && i + 3 < arg.length() && arg.charAt(i + 1) == 'x' && isHex(arg.charAt(i + 2))
                        && isHex(arg.charAt(i + 3))) {
                    out.append(arg, i, i + 4);
                    i += 3;
                    continue;
                }
                if (c == '\\' || c == '\'' || c == '"') out.append('\\');
                out.append(c);
            }
            if (space) out.append('"');
        }
        return out.toString();
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0 && c < 128;
    }
}
