package lobos.path;

import java.util.List;
import java.util.Optional;

/**
 * What the text of a path can mean, before the context decides: {@code sda2} can be a
 * variable, a device or a file in the current directory; {@code server:/x} a device or an
 * NFS host. {@link PathResolver} takes the first reading its context supports, the last one
 * otherwise.
 *
 * @param text     the path as written (with its #sha256= suffix)
 * @param readings the possible locations, most specific first; never empty
 * @param sha256   the expected digest from a {@code #sha256=} suffix, or null
 */
public record ParsedPath(String text, List<Location> readings, Sha256 sha256) {
    public ParsedPath {
        readings = List.copyOf(readings);
        if (readings.isEmpty()) throw new IllegalArgumentException("no reading of " + text);
    }

    /** Whether the context decides between several readings. */
    public boolean ambiguous() {
        return readings.size() > 1;
    }

    /** The only reading, when the text is not ambiguous. */
    public Optional<Location> unambiguous() {
        return ambiguous() ? Optional.empty() : Optional.of(readings.getFirst());
    }

    public Optional<Sha256> digest() {
        return Optional.ofNullable(sha256);
    }
}
