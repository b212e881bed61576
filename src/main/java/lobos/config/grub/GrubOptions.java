package lobos.config.grub;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Option parsing as GRUB's extended commands do it (grub-core/lib/arg.c): options may appear
 * anywhere among the arguments, {@code --name=value} or {@code --name value} (the next argument
 * is taken if it does not start with '-'), short options may be grouped, {@code --} ends the
 * options. With {@code acceptDash} (menuentry, submenu) an unknown option is kept as an
 * ordinary argument instead of being an error.
 */
final class GrubOptions {
    enum Arg { NONE, REQUIRED, OPTIONAL }

    /** One option; a long name ending in '*' matches every option with that prefix. */
    record Spec(String longName, char shortName, Arg arg) {}

    /** Parsed options (name to values in order; a flag or an OPTIONAL without value maps to "") and operands. */
    record Parsed(Map<String, List<String>> options, List<String> operands) {
        boolean has(String name) {
            return options.containsKey(name);
        }

        String last(String name) {
            List<String> values = options.get(name);
            return values == null ? null : values.getLast();
        }
    }

    private GrubOptions() {}

    static Parsed parse(List<String> args, List<Spec> specs, boolean acceptDash) {
        var options = new LinkedHashMap<String, List<String>>();
        var operands = new ArrayList<String>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("-") || arg.length() == 1) {
                operands.add(arg);
            } else if (arg.equals("--")) {
                operands.addAll(args.subList(i + 1, args.size()));
                break;
            } else if (arg.startsWith("--")) {
                int eq = arg.indexOf('=');
                String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
                Spec spec = find(specs, name);
                if (spec == null) {
                    if (acceptDash) {
                        operands.add(arg);
                        continue;
                    }
                    throw new ScriptError("unknown option '" + arg + "'");
                }
                String value = eq < 0 ? null : arg.substring(eq + 1);
                boolean nextIsValue = i + 1 < args.size() && !args.get(i + 1).startsWith("-");
                if (value == null && spec.arg() != Arg.NONE && nextIsValue) {
                    value = args.get(++i);
                }
                add(options, spec, value, arg);
            } else {
                if (acceptDash && arg.chars().skip(1).anyMatch(c -> findShort(specs, (char) c) == null)) {
                    operands.add(arg);
                    continue;
                }
                for (int k = 1; k < arg.length(); k++) {
                    Spec spec = findShort(specs, arg.charAt(k));
                    if (spec == null) throw new ScriptError("unknown option '-" + arg.charAt(k) + "'");
                    boolean lastLetter = k == arg.length() - 1;
                    String value = null;
                    if (!lastLetter && spec.arg() == Arg.REQUIRED) {
                        throw new ScriptError("option '-" + arg.charAt(k) + "' needs a value");
                    }
                    if (lastLetter && spec.arg() != Arg.NONE && i + 1 < args.size()) {
                        String next = args.get(i + 1);
                        if (spec.arg() == Arg.REQUIRED || next.length() < 2 || next.charAt(0) != '-') {
                            value = next;
                            i++;
                        }
                    }
                    add(options, spec, value, "-" + arg.charAt(k));
                }
            }
        }
        return new Parsed(options, operands);
    }

    private static void add(Map<String, List<String>> options, Spec spec, String value, String written) {
        if (spec.arg() == Arg.REQUIRED && value == null) {
            throw new ScriptError("option '" + written + "' needs a value");
        }
        String name = spec.longName().endsWith("*") ? spec.longName().substring(0, spec.longName().length() - 1)
                : spec.longName();
        options.computeIfAbsent(name, k -> new ArrayList<>()).add(value == null ? "" : value);
    }

    private static Spec find(List<Spec> specs, String name) {
        for (Spec spec : specs) {
            String l = spec.longName();
            if (l.endsWith("*") ? name.startsWith(l.substring(0, l.length() - 1)) : l.equals(name)) return spec;
        }
        return null;
    }

    private static Spec findShort(List<Spec> specs, char c) {
        for (Spec spec : specs) if (spec.shortName() == c && c != 0) return spec;
        return null;
    }
}
