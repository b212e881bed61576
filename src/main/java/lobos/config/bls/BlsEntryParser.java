package lobos.config.bls;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import lobos.config.Source;
import lobos.config.Warning;

/**
 * Reads one Boot Loader Specification type #1 entry: UTF-8 lines, '#' starts a comment line, the
 * first word of a line is the key, the rest after blanks is the value. Keys the spec defines are
 * taken into {@link BlsEntry} fields ({@code initrd} and {@code options} may repeat; for other
 * keys the last one counts, with a warning); GRUB's own keys ({@code grub_users},
 * {@code grub_arg}, {@code grub_class}, {@code grub_hotkey}, {@code id}) are kept quietly; any
 * other key is kept with a warning. Never throws: a bad line costs only that line.
 */
public final class BlsEntryParser {
    private static final Set<String> SINGLE = Set.of("title", "version", "machine-id", "sort-key", "linux",
            "devicetree", "architecture", "efi", "uki", "uki-url", "profile");
    private static final Set<String> MULTI = Set.of("initrd", "options", "devicetree-overlay", "extra");
    private static final Set<String> GRUB_KEYS = Set.of("grub_users", "grub_arg", "grub_class", "grub_hotkey", "id");

    /** name+LEFT-DONE.conf or name+LEFT.conf: the boot counter (Boot Loader Specification, "Boot counting"). */
    private static final Pattern COUNTER = Pattern.compile("(.*)\\+(\\d+)(-\\d+)?");

    private BlsEntryParser() {}

    /** Parses {@code text}, the entry file {@code fileName} shown to users as {@code displayName}. */
    public static BlsEntry parse(String fileName, String text, String displayName) {
        var values = new LinkedHashMap<String, List<String>>();
        var warnings = new ArrayList<Warning>();
        var lines = new HashMap<String, Integer>();
        for (var kv : KeyValueLines.parse(text)) {
            String key = kv.key();
            String value = kv.value();
            int lineNo = kv.number();
            if (SINGLE.contains(key) && values.containsKey(key)) {
                warnings.add(new Warning(new Source(displayName, lineNo), "'" + key + "' given again (line "
                        + lines.get(key) + "): the last value is used"));
                values.remove(key);
            } else if (!SINGLE.contains(key) && !MULTI.contains(key) && !GRUB_KEYS.contains(key)
                    && !values.containsKey(key)) {
                warnings.add(new Warning(new Source(displayName, lineNo), "unknown key '" + key + "' ignored"));
            }
            values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            lines.put(key, lineNo);
        }
        for (int n : KeyValueLines.longLines(text)) {
            warnings.add(new Warning(new Source(displayName, n), "line longer than " + KeyValueLines.MAX_LINE
                    + " characters; the rest is ignored"));
        }
        if (KeyValueLines.truncated(text)) {
            warnings.add(new Warning(new Source(displayName, KeyValueLines.MAX_LINES), "more than "
                    + KeyValueLines.MAX_LINES + " lines: the rest is ignored"));
        }

        String base = fileName.endsWith(".conf") ? fileName.substring(0, fileName.length() - 5) : fileName;
        int tries = -1;
        var counter = COUNTER.matcher(base);
        if (counter.matches()) {
            base = counter.group(1);
            tries = parseCount(counter.group(2));
        }
        var overlays = new ArrayList<String>();
        for (String v : get(values, "devicetree-overlay")) {
            for (String o : v.split("\\s+")) if (!o.isEmpty()) overlays.add(o);
        }
        List<String> options = get(values, "options");
        var frozen = new HashMap<String, List<String>>();
        values.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        return new BlsEntry(base, fileName, new Source(displayName, 0), one(values, "title"), one(values, "version"),
                one(values, "machine-id"), one(values, "sort-key"), one(values, "linux"), get(values, "initrd"),
                options.isEmpty() ? null : String.join(" ", options), one(values, "devicetree"), overlays,
                one(values, "architecture"), one(values, "efi"), one(values, "uki"), tries, frozen, warnings);
    }

    private static int parseCount(String digits) {
        return digits.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(digits);
    }

    private static List<String> get(Map<String, List<String>> values, String key) {
        return values.getOrDefault(key, List.of());
    }

    private static String one(Map<String, List<String>> values, String key) {
        List<String> v = values.get(key);
        return v == null || v.isEmpty() ? null : v.getLast();
    }
}
