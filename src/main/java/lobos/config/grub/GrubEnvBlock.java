package lobos.config.grub;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GRUB's environment block, the {@code grubenv} file that {@code grub-editenv},
 * {@code grub-reboot} and {@code grub-set-default} write and {@code load_env} reads: the line
 * "# GRUB Environment Block", then {@code name=value} lines (a backslash makes the next byte
 * literal, so values may hold newlines), padded with '#' to 1024 bytes. Read-only: lobos never
 * writes it (so {@code save_env} does nothing).
 */
final class GrubEnvBlock {
    static final String SIGNATURE = "# GRUB Environment Block\n";

    private GrubEnvBlock() {}

    /** The variables in file order; a truncated last line is dropped as GRUB drops it. */
    static Map<String, String> parse(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        if (!text.startsWith(SIGNATURE)) {
            throw new ScriptError("not a GRUB environment block (it does not start with \""
                    + SIGNATURE.strip() + "\")");
        }
        var vars = new LinkedHashMap<String, String>();
        int p = SIGNATURE.length();
        while (p < text.length()) {
            if (text.charAt(p) == '#') {
                p = nextLine(text, p);
                continue;
            }
            int eq = text.indexOf('=', p);
            if (eq < 0) break;
            String name = text.substring(p, eq);
            var value = new StringBuilder();
            int q = eq + 1;
            while (q < text.length() && text.charAt(q) != '\n') {
                if (text.charAt(q) == '\\' && q + 1 < text.length()) q++;
                value.append(text.charAt(q));
                q++;
            }
            if (q >= text.length()) break; // no newline: broken, as in GRUB
            if (name.indexOf('\n') < 0) vars.put(name, value.toString());
            p = q + 1;
        }
        return vars;
    }

    private static int nextLine(String text, int p) {
        int nl = text.indexOf('\n', p);
        return nl < 0 ? text.length() : nl + 1;
    }
}
