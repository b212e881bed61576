package lobos.path;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Set;

class PathParserFuzzTest {
    private static final PathResolver RESOLVER =
            new PathResolver(new PathResolver.Context(Set.of("k"), Set.of("server"), new Location.Booted("/boot")));

    /**
     * Only PathException may escape; every reading's canonical text reads back as itself, where
     * it is a text a plain path can be (a file: URL's %11 names a file whose plain path cannot
     * be written: fuzzing finding, seed finding-file-url-percent-encoded-control-character).
     */
    @FuzzTest(maxDuration = "30s")
    void parse(String text) {
        ParsedPath parsed;
        try {
            parsed = PathParser.parse(text);
        } catch (PathException expected) {
            return;
        }
        for (Location reading : parsed.readings()) {
            String canonical = reading.text();
            // what a plain path cannot carry (white space at the ends, control characters: a URL's
            // %XX can name such a file) does not read back from the canonical text
            if (canonical.contains("#sha256=") || !canonical.strip().equals(canonical)
                    || canonical.chars().anyMatch(ch -> ch < ' ' || ch == 0x7f)) {
                continue;
            }
            assertThat(PathParser.parse(canonical).readings()).as(canonical).contains(reading);
        }
        try {
            RESOLVER.resolve(parsed);
        } catch (PathException expected) {
            // e.g. a relative path against a directory that cannot hold it
        }
    }
}
