package lobos.config.grub;

import java.util.List;

/**
 * How GRUB finds the entry {@code $default} names (grub-core/normal/menu.c): a number is an index
 * counted from 0 in the menu it applies to; otherwise the first entry whose title or id equals
 * the value. {@code >} separates a submenu from an entry inside it ({@code 1>2},
 * {@code gnulinux-advanced-UUID>gnulinux-6.1.0-13-amd64-advanced-UUID}); {@code >>} stands for a
 * literal '>'. The part after the first separator becomes {@code $default} inside the submenu.
 */
final class DefaultEntry {
    private DefaultEntry() {}

    /**
     * The index of the entry {@code spec} chooses among {@code entries} (each {title, id}), or -1.
     * As in GRUB, a value starting with a digit is read as a number and the rest ignored.
     */
    static int index(List<String[]> entries, String spec) {
        if (spec == null) return -1;
        String s = spec.stripLeading();
        if (!s.isEmpty() && Character.isDigit(s.charAt(0)) && s.charAt(0) < 128) {
            long n = TestExpression.strtoul(s);
            return n < entries.size() ? (int) n : -1;
        }
        for (int i = 0; i < entries.size(); i++) {
            String[] e = entries.get(i);
            if (headMatches(e[0], spec) || headMatches(e[1], spec)) return i;
        }
        return -1;
    }

    /** The part of {@code spec} after its first unescaped '>', or null if there is none (or it is empty). */
    static String tail(String spec) {
        if (spec == null) return null;
        for (int i = 0; i < spec.length(); i++) {
            if (spec.charAt(i) != '>') continue;
            if (i + 1 < spec.length() && spec.charAt(i + 1) == '>') {
                i++;
                continue;
            }
            return i + 1 < spec.length() ? spec.substring(i + 1) : null;
        }
        return null;
    }

    /** True if {@code name} equals the first component of {@code spec} (up to a single '>'). */
    static boolean headMatches(String name, String spec) {
        int i = 0;
        int j = 0;
        while (true) {
            boolean separator = j < spec.length() && spec.charAt(j) == '>'
                    && !(j + 1 < spec.length() && spec.charAt(j + 1) == '>');
            if (separator) return i == name.length();
            if (j < spec.length() && spec.charAt(j) == '>') j++; // ">>" is a literal '>'
            boolean nameEnd = i >= name.length();
            boolean specEnd = j >= spec.length();
            if (nameEnd || specEnd) return nameEnd && specEnd;
            if (name.charAt(i) != spec.charAt(j)) return false;
            i++;
            j++;
        }
    }
}
