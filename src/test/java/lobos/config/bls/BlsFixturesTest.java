package lobos.config.bls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import lobos.config.MenuSnapshot;
import lobos.config.Volume;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Data-driven: each directory under src/test/resources/lobos/config/bls/ with a
 * {@code case.properties} (file to read, the volume and its device/UUID, the local
 * architecture) and {@code expected.txt}, the whole menu written by hand from the
 * Boot Loader Specification's rules.
 */
class BlsFixturesTest {
    static final Path FIXTURES = Path.of("src/test/resources/lobos/config/bls");

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
        var props = new Properties();
        try (Reader r = Files.newBufferedReader(dir.resolve("case.properties"))) {
            props.load(r);
        }
        String v = props.getProperty("volume", "volume");
        var volume = new Volume(dir.resolve(props.getProperty(v + ".dir", v)).normalize(),
                props.getProperty(v + ".device"), props.getProperty(v + ".uuid"), props.getProperty(v + ".label"));
        var menu = new BlsFormat(props.getProperty("arch", "x64")).read(volume, props.getProperty("file"), List.of());
        assertThat(MenuSnapshot.render(menu)).isEqualTo(Files.readString(dir.resolve("expected.txt")));
    }
}
