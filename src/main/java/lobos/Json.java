package lobos;

import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Writes values as JSON for the {@code --json} outputs: records become objects (component
 * order), maps objects, collections and arrays lists, enums and other objects strings.
 * Output only; lobos never reads JSON, so a parser library would be dead weight in the image.
 */
public final class Json {
    private Json() {}

    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, 0);
        return out.append('\n').toString();
    }

    private static void write(Object value, StringBuilder out, int depth) {
        switch (value) {
            case null -> out.append("null");
            case Optional<?> optional -> write(optional.orElse(null), out, depth);
            case Boolean b -> out.append(b);
            case Integer n -> out.append(n);
            case Long n -> out.append(n);
            case Short n -> out.append(n);
            case Byte n -> out.append(n);
            case Double d when Double.isFinite(d) -> out.append(d);
            case Float f when Float.isFinite(f) -> out.append(f);
            case java.math.BigInteger n -> out.append(n);
            case Number n -> string(n.toString(), out);
            case CharSequence s -> string(s.toString(), out);
            case java.net.InetAddress a -> string(lobos.linux.Addresses.text(a), out);
            case Enum<?> e -> string(e.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), out);
            case Map<?, ?> map -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    first = separator(out, first, depth + 1);
                    string(String.valueOf(e.getKey()), out);
                    out.append(": ");
                    write(e.getValue(), out, depth + 1);
                }
                close(out, first, depth, '}');
            }
            case Collection<?> list -> {
                out.append('[');
                boolean first = true;
                for (Object item : list) {
                    first = separator(out, first, depth + 1);
                    write(item, out, depth + 1);
                }
                close(out, first, depth, ']');
            }
            case Object[] array -> write(java.util.Arrays.asList(array), out, depth);
            case Record record -> {
                out.append('{');
                boolean first = true;
                for (RecordComponent c : record.getClass().getRecordComponents()) {
                    first = separator(out, first, depth + 1);
                    string(c.getName(), out);
                    out.append(": ");
                    try {
                        c.getAccessor().setAccessible(true);
                        write(c.getAccessor().invoke(record), out, depth + 1);
                    } catch (ReflectiveOperationException ex) {
                        throw new IllegalStateException("cannot read " + c, ex);
                    }
                }
                close(out, first, depth, '}');
            }
            default -> string(value.toString(), out);
        }
    }

    private static boolean separator(StringBuilder out, boolean first, int depth) {
        if (!first) out.append(',');
        out.append('\n').append("  ".repeat(depth));
        return false;
    }

    private static void close(StringBuilder out, boolean empty, int depth, char bracket) {
        if (!empty) out.append('\n').append("  ".repeat(depth));
        out.append(bracket);
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        out.append('"');
    }
}
