package lobos.path;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Set;

class PathParserFuzzTest {
    private static final PathResolver RESOLVER =
            new PathResolver(new PathResolver.Context(Set.of("k"), Set.of("server"), new Location.Booted("/boot")));

    /** Only PathException may escape; every reading's canonical text reads back as itself. */
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
            if (canonical.contains("#sha256=") || !canonical.strip().equals(canonical)) continue;
            assertThat(PathParser.parse(canonical).readings()).as(canonical).contains(reading);
        }
        try {
            RESOLVER.resolve(parsed);
        } catch (PathException expected) {
            // e.g. a relative path against a directory that cannot hold it
        }
    }
}
