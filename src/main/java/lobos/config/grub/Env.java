package lobos.config.grub;

import java.util.HashMap;
import java.util.Map;

/**
 * GRUB's variables in one context. {@code export} marks a variable to be copied into new
 * contexts (submenus and {@code configfile}); {@code root} drops surrounding parentheses when
 * set, as GRUB's write hook does.
 */
final class Env {
    private record Var(String value, boolean exported) {}

    private final Map<String, Var> vars;

    Env() {
        this.vars = new HashMap<>();
    }

    private Env(Map<String, Var> vars) {
        this.vars = vars;
    }

    /** The value, or null if unset. */
    String get(String name) {
        Var v = vars.get(name);
        return v == null ? null : v.value();
    }

    void set(String name, String value) {
        if (value.length() >= 2 && value.charAt(0) == '(' && value.charAt(value.length() - 1) == ')'
                && name.equals("root")) {
            value = value.substring(1, value.length() - 1);
        }
        Var old = vars.get(name);
        vars.put(name, new Var(value, old != null && old.exported()));
    }

    void setExported(String name, String value) {
        set(name, value);
        export(name);
    }

    void unset(String name) {
        vars.remove(name);
    }

    /** Marks a variable exported, creating it empty if unset (as GRUB does). */
    void export(String name) {
        Var old = vars.get(name);
        vars.put(name, new Var(old == null ? "" : old.value(), true));
    }

    /** An independent copy of every variable. */
    Env copy() {
        return new Env(new HashMap<>(vars));
    }

    /** A new context: only exported variables, still exported. */
    Env exportedOnly() {
        var copy = new HashMap<String, Var>();
        vars.forEach((k, v) -> {
            if (v.exported()) copy.put(k, v);
        });
        return new Env(copy);
    }
}
