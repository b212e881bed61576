package lobos.config.ipxe;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * getopt-style options of one iPXE command: {@code --name value}, {@code --name=value},
 * {@code -n value}, {@code -nvalue} and flags; options end at the first other word. Unknown
 * options are skipped (iPXE would refuse the command; lobos reads on).
 */
record Options(Map<String, String> values, List<String> args) {
    static Options parse(List<String> argv, Map<String, Character> known, Set<String> withValue) {
        Map<String, String> values = new HashMap<>();
        int i = 1;
        for (; i < argv.size(); i++) {
            String a = argv.get(i);
            if (a.equals("--")) {
                i++;
                break;
            }
            if (a.startsWith("--") && a.length() > 2) {
                String name = a.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (withValue.contains(name) && value == null && i + 1 < argv.size()) value = argv.get(++i);
                values.put(name, value == null ? "" : value);
            } else if (a.startsWith("-") && a.length() > 1) {
                String name = longName(known, a.charAt(1));
                if (name == null) continue;
                String value = a.length() > 2 ? a.substring(2) : null;
                if (withValue.contains(name) && value == null && i + 1 < argv.size()) value = argv.get(++i);
                values.put(name, value == null ? "" : value);
            } else {
                break;
            }
        }
        return new Options(values, new ArrayList<>(argv.subList(Math.min(i, argv.size()), argv.size())));
    }

    private static String longName(Map<String, Character> known, char c) {
        for (var e : known.entrySet()) {
            if (e.getValue() == c) return e.getKey();
        }
        return null;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String value(String name, String otherwise) {
        return values.getOrDefault(name, otherwise);
    }
}
