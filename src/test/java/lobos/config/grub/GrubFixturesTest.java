package lobos.config.grub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import lobos.config.FixtureCases;
import lobos.config.MenuText;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Data-driven: each directory under src/test/resources/lobos/config/grub/ is one case (see
 * {@link FixtureCases}); {@code platform} and {@code cpu} set GRUB's platform. expected.txt is
 * the whole menu as {@link MenuText} renders it, written by hand from the config's meaning.
 */
class GrubFixturesTest {
    static final Path FIXTURES = Path.of("src/test/resources/lobos/config/grub");

    static Stream<String> cases() throws IOException {
        return FixtureCases.names(FIXTURES);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void readsTheWholeMenu(String name) throws IOException {
        Path dir = FIXTURES.resolve(name);
        var props = FixtureCases.properties(dir);
        var platform = new GrubPlatform(props.getProperty("platform", "efi"), props.getProperty("cpu", "x86_64"));
        var menu = new GrubFormat(platform).read(FixtureCases.main(dir, props), props.getProperty("file"),
                FixtureCases.others(dir, props));
        assertThat(MenuText.render(menu)).isEqualTo(FixtureCases.expected(dir));
    }
}
