package lobos.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Data-driven: every directory under {@code src/test/resources/lobos/config/fixtures/} is a
 * file system ({@code root/}) holding configs shaped like what a distribution or installer
 * writes, and {@code expected.txt}, the whole menu written by hand ({@link MenuText}). The
 * directory name starts with the format that reads it ({@code syslinux-debian-installer}).
 * The config is found the way discovery finds it: the first of the format's locations.
 */
class FixturesTest {
    static final Path FIXTURES = Path.of("src/test/resources/lobos/config/fixtures");

    static Stream<String> fixtures() throws IOException {
        try (Stream<Path> dirs = Files.list(FIXTURES)) {
            return dirs.map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void menuIsAsExpected(String name) throws IOException {
        Path dir = FIXTURES.resolve(name);
        String formatName = name.substring(0, name.indexOf('-'));
        ConfigFormat format = ConfigFormats.all().stream().filter(f -> f.name().equals(formatName)).findFirst()
                .orElseThrow();
        Volume volume = new Volume(dir.resolve("root"), "test", null, null);
        String file = format.locations().stream().filter(l -> VolumeFiles.exists(volume, l)).findFirst()
                .orElseThrow(() -> new AssertionError(name + ": no " + formatName + " config at its locations"));
        Menu menu = format.read(volume, file, List.of(volume));
        String expected = Files.readString(dir.resolve("expected.txt"));
        assertThat(MenuText.render(menu)).as(name).isEqualTo(expected);
    }
}
