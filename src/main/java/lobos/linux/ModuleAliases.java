package lobos.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which modules drive a device: the {@code alias=} patterns from each module's {@code .modinfo}
 * ({@code pci:v00001AF4d*sv*sd*bc*sc*i*}, {@code virtio:d00000002v*}...), matched against the
 * device's modalias as modprobe matches them: both normalized as kmod does ('-' is '_' outside
 * brackets; a pattern with an unbalanced bracket is skipped), then {@link Fnmatch fnmatch(3)}.
 * Every module whose pattern matches drives the device (modprobe loads them all, and so does lobos).
 *
 * <p>The file ({@link #FILE}, written by mkimage) has depmod's {@code modules.alias} format: one
 * {@code alias PATTERN MODULE} line per pattern; '#' starts a comment.
 */
public final class ModuleAliases {
    /** Where the image builder writes the index. */
    public static final Path FILE = Path.of("/etc/lobos/modules.alias");

    /** One pattern and the module it names (normalized). */
    public record Alias(String pattern, String module) {}

    private final List<Alias> aliases;
    /** Patterns by their literal beginning (up to the first wildcard), as kmod's trie finds them. */
    private final Map<String, List<Integer>> byPrefix = new HashMap<>();

    private ModuleAliases(List<Alias> aliases) {
        this.aliases = List.copyOf(aliases);
        for (int i = 0; i < this.aliases.size(); i++) {
            byPrefix.computeIfAbsent(literalPrefix(this.aliases.get(i).pattern()), k -> new ArrayList<>()).add(i);
        }
    }

    public static final ModuleAliases EMPTY = new ModuleAliases(List.of());

    /** The index from {@code alias PATTERN MODULE} lines; malformed lines and patterns are skipped. */
    public static ModuleAliases parse(List<String> lines) {
        List<Alias> out = new ArrayList<>();
        for (String line : lines) {
            // split by hand: a regex per line costs seconds for an interpreted JVM under emulation
            List<String> f = words(line);
            if (f.size() != 3 || !f.get(0).equals("alias")) continue;
            String pattern = normalize(f.get(1));
            if (pattern != null) out.add(new Alias(pattern, Modules.normalize(f.get(2))));
        }
        return new ModuleAliases(out);
    }

    private static List<String> words(String line) {
        List<String> words = new ArrayList<>(3);
        int i = 0, n = line.length();
        while (i < n && words.size() <= 3) {
            while (i < n && Character.isWhitespace(line.charAt(i))) i++;
            int start = i;
            while (i < n && !Character.isWhitespace(line.charAt(i))) i++;
            if (i > start) words.add(line.substring(start, i));
        }
        return words;
    }

    /** Reads the index; a missing file is an empty index (an image built without it). */
    public static ModuleAliases read(Path file) throws IOException {
        return Files.exists(file) ? parse(Files.readAllLines(file)) : EMPTY;
    }

    /**
     * The index line for a module's alias, or null if the pattern cannot be written on one line
     * (white space) or modprobe would skip it (an unbalanced bracket).
     */
    public static String line(String pattern, String module) {
        if (pattern.isEmpty() || pattern.chars().anyMatch(Character::isWhitespace) || normalize(pattern) == null) {
            return null;
        }
        return "alias " + pattern + " " + Modules.normalize(module);
    }

    /** The modules whose patterns match {@code modalias}, each once, in index order; empty if none. */
    public List<String> modulesFor(String modalias) {
        String key = normalize(modalias);
        if (key == null) return List.of();
        List<Integer> candidates = new ArrayList<>();
        for (int end = 0; end <= key.length(); end++) {
            List<Integer> found = byPrefix.get(key.substring(0, end));
            if (found != null) candidates.addAll(found);
        }
        candidates.sort(null);
        Set<String> modules = new LinkedHashSet<>();
        for (int i : candidates) {
            Alias a = aliases.get(i);
            if (!modules.contains(a.module()) && Fnmatch.matches(a.pattern(), key)) modules.add(a.module());
        }
        return List.copyOf(modules);
    }

    public int size() {
        return aliases.size();
    }

    public boolean isEmpty() {
        return aliases.isEmpty();
    }

    /**
     * kmod's alias_normalize: '-' becomes '_' except inside [...], which is kept as it is; null
     * for a ']' outside brackets or a '[' without its ']' (modprobe skips such patterns and cannot
     * look up such a modalias).
     */
    static String normalize(String alias) {
        StringBuilder out = new StringBuilder(alias.length());
        for (int i = 0; i < alias.length(); i++) {
            char c = alias.charAt(i);
            switch (c) {
                case '-' -> out.append('_');
                case ']' -> {
                    return null;
                }
                case '[' -> {
                    int close = alias.indexOf(']', i);
                    if (close < 0) return null;
                    out.append(alias, i, close + 1);
                    i = close;
                }
                case '\0' -> {
                    return out.toString(); // C strings end here
                }
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** The pattern up to its first wildcard or escape: every string it matches begins with this. */
    private static String literalPrefix(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '\\') return pattern.substring(0, i);
        }
        return pattern;
    }
}
