package lobos.shell;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import lobos.path.Location;
import lobos.path.PathParser;
import lobos.path.PathResolver;

/**
 * What Tab offers for the word under the cursor: commands, labels and variables as the first
 * word, device names ({@code sda1:}), and the names in a directory wherever a path points
 * (local, a device, NFS, an HTTP index, FTP, SFTP). Pure but for {@link Lister}.
 */
public final class Completions {
    /** The names in a directory, directories ending with "/" (Locator.list). */
    public interface Lister {
        List<String> list(Location directory) throws IOException;
    }

    /** One candidate: the whole word, and whether it is finished (a space may follow) or goes on (a directory). */
    public record Candidate(String word, boolean complete) {}

    private final Lister lister;

    public Completions(Lister lister) {
        this.lister = lister;
    }

    /**
     * @param index    which word of the line (0: the first)
     * @param word     the word's text up to the cursor
     * @param names    commands, labels and variables (offered as the first word)
     * @param devices  block device names
     * @param resolver the session's resolver (current directory, variables, devices)
     */
    public List<Candidate> complete(int index, String word, Collection<String> names, Collection<String> devices,
            PathResolver resolver) {
        List<Candidate> out = new ArrayList<>();
        if (index == 0 && !word.contains("/") && !word.contains(":")) {
            for (String n : new TreeSet<>(names)) {
                if (n.startsWith(word)) out.add(new Candidate(n, true));
            }
        }
        if (!word.contains("/") && !word.contains(":")) {
            for (String d : new TreeSet<>(devices)) {
                if (d.startsWith(word)) out.add(new Candidate(d + ":/", false));
            }
        }
        out.addAll(paths(word, resolver));
        return out;
    }

    private List<Candidate> paths(String word, PathResolver resolver) {
        int slash = word.lastIndexOf('/');
        String dir;
        String prefix;
        if (slash >= 0) {
            dir = word.substring(0, slash + 1);
            prefix = word.substring(slash + 1);
        } else if (word.endsWith(":")) {
            return List.of(new Candidate(word + "/", false));
        } else {
            dir = "";
            prefix = word;
        }
        Location location;
        try {
            location = dir.isEmpty() ? resolver.context().cwd() : resolver.resolve(PathParser.parse(dir));
            if (location == null) return List.of();
        } catch (RuntimeException e) {
            return List.of();
        }
        List<Candidate> out = new ArrayList<>();
        try {
            for (String name : lister.list(location)) {
                if (!name.startsWith(prefix) || (prefix.isEmpty() && name.startsWith("."))) continue;
                boolean directory = name.endsWith("/");
                out.add(new Candidate(dir + name, !directory));
            }
        } catch (IOException | RuntimeException e) {
            // nothing to offer where nothing can be listed
        }
        return out;
    }
}
