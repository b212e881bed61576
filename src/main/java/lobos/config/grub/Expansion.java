package lobos.config.grub;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Turns words into a command's arguments as GRUB does (grub_script_arglist_to_argv in
 * grub-core/script/execute.c): variables are replaced; an unquoted value is split at blanks
 * (its first field joins the text before it, its last the text after it); a quoted value is
 * never split; an argument that is only an unset or empty unquoted variable disappears, while
 * {@code ""} stays as an empty argument; {@code "$@"} gives one argument per parameter.
 * GRUB's wildcard expansion (only active after {@code insmod regexp}) is not done.
 */
final class Expansion {
    /** Where values come from: none if unset or empty, several for {@code $@}. */
    interface Variables {
        List<String> values(String name);
    }

    private final Variables variables;
    private final LongConsumer work;
    private final GrubLimits limits;

    private Expansion(Variables variables, LongConsumer work, GrubLimits limits) {
        this.variables = variables;
        this.work = work;
        this.limits = limits;
    }

    /**
     * Expands words into arguments: variables replaced, unquoted values split at blanks; no
     * argument longer than {@link GrubLimits#valueLength()}, no more than {@link GrubLimits#args()}.
     */
    static List<String> expand(List<Word> words, Variables variables, LongConsumer work, GrubLimits limits) {
        return new Expansion(variables, work, limits).expand(words);
    }

    private List<String> expand(List<Word> words) {
        var out = new ArrayList<String>();
        for (Word w : words) expandWord(w, out);
        return out;
    }

    private void expandWord(Word w, List<String> out) {
        StringBuilder cur = null;
        for (Word.Part part : w.parts()) {
            switch (part) {
                case Word.Literal(var text, var quoted) -> {
                    if (quoted || !text.isEmpty()) cur = append(cur, text);
                }
                case Word.Variable(var name, var quoted) -> {
                    List<String> values = variables.values(name);
                    for (int i = 0; i < values.size(); i++) {
                        String v = values.get(i);
                        if (i > 0) {
                            if (cur != null) add(out, cur);
                            cur = null;
                        }
                        if (quoted) {
                            if (!v.isEmpty()) cur = append(cur, v);
                            continue;
                        }
                        List<String> fields = split(v);
                        for (int k = 0; k < fields.size(); k++) {
                            if (k > 0) {
                                add(out, cur);
                                cur = null;
                            }
                            cur = append(cur, fields.get(k));
                        }
                    }
                }
            }
        }
        if (cur != null) add(out, cur);
    }

    private StringBuilder append(StringBuilder cur, String text) {
        work.accept(text.length() >> 10); // building long values is work too: a command per KiB
        StringBuilder sb = cur == null ? new StringBuilder() : cur;
        if (sb.length() + text.length() > limits.valueLength()) {
            throw new ScriptError("argument longer than " + limits.valueLength() / 1024 + " KiB");
        }
        return sb.append(text);
    }

    private void add(List<String> out, StringBuilder field) {
        if (out.size() >= limits.args()) {
            throw new ScriptError("more than " + limits.args() + " arguments");
        }
        out.add(field.toString());
    }

    private static List<String> split(String value) {
        var fields = new ArrayList<String>();
        int i = 0;
        while (i < value.length()) {
            while (i < value.length() && isSpace(value.charAt(i))) i++;
            int start = i;
            while (i < value.length() && !isSpace(value.charAt(i))) i++;
            if (i > start) fields.add(value.substring(start, i));
        }
        return fields;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b;
    }
}
