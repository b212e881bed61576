package lobos.kexec;

import java.util.ArrayList;
import java.util.List;

/** Kernel command lines: splitting into words (double quotes group), reusing, appending. */
public final class CommandLines {
    /** Words that describe the running boot rather than the next one: dropped by {@link #reuse}. */
    private static final List<String> NOT_REUSED = List.of("BOOT_IMAGE", "initrd", "kexec_jump_back_entry");

    private CommandLines() {}

    /** Splits a command line into words as the kernel does: spaces separate, double quotes group. */
    public static List<String> words(String cmdline) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false, inWord = false;
        for (int i = 0; i < cmdline.length(); i++) {
            char c = cmdline.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                word.append(c);
                inWord = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (inWord) out.add(word.toString());
                word.setLength(0);
                inWord = false;
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) out.add(word.toString());
        return out;
    }

    /** The running kernel's command line minus the words that only describe this boot. */
    public static String reuse(String current) {
        List<String> kept = new ArrayList<>();
        for (String w : words(current)) {
            String key = w.contains("=") ? w.substring(0, w.indexOf('=')) : w;
            if (!NOT_REUSED.contains(key)) kept.add(w);
        }
        return String.join(" ", kept);
    }

    /** base followed by extra, with one space between them when both are non-empty. */
    public static String append(String base, String extra) {
        if (extra == null || extra.isBlank()) return base.strip();
        if (base.isBlank()) return extra.strip();
        return base.strip() + " " + extra.strip();
    }
}
