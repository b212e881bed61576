package lobos.config.grub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import lobos.config.MenuSnapshot;
import lobos.config.Volume;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Data-driven: each directory under src/test/resources/lobos/config/grub/ is one case. It holds
 * {@code case.properties} (which file to read, the volume's device/UUID/label, other volumes and
 * the GRUB platform), one directory per volume (or {@code NAME.dir} pointing at another case's), and {@code expected.txt}, the whole menu as
 * {@link MenuSnapshot} renders it, written by hand from the config's meaning.
 */
class GrubFixturesTest {
    static final Path FIXTURES = Path.of("src/test/resources/lobos/config/grub");

    static Stream<String> cases() throws IOException {
        try (Stream<Path> dirs = Files.list(FIXTURES)) {
            return dirs.filter(d -> Files.exists(d.resolve("case.properties"))).map(d -> d.getFileName().toString())
                    .sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void readsTheWholeMenu(String name) throws IOException {
        Path dir = FIXTURES.resolve(name);
        assertThat(MenuSnapshot.render(read(dir))).isEqualTo(Files.readString(dir.resolve("expected.txt")));
    }

    /** Reads a case directory's config as case.properties describes it. */
    static lobos.config.Menu read(Path dir) throws IOException {
        var props = new Properties();
        try (Reader r = Files.newBufferedReader(dir.resolve("case.properties"))) {
            props.load(r);
        }
        Volume main = volume(dir, props, props.getProperty("volume", "volume"));
        var others = new ArrayList<Volume>();
        for (String other : props.getProperty("others", "").split(",")) {
            if (!other.isBlank()) others.add(volume(dir, props, other.strip()));
        }
        var platform = new GrubPlatform(props.getProperty("platform", "efi"), props.getProperty("cpu", "x86_64"));
        return new GrubFormat(platform).read(main, props.getProperty("file"), List.copyOf(others));
    }

    private static Volume volume(Path dir, Properties props, String name) {
        return new Volume(dir.resolve(props.getProperty(name + ".dir", name)).normalize(), props.getProperty(name + ".device"), props.getProperty(name + ".uuid"),
                props.getProperty(name + ".label"));
    }
}
