package lobos.config.bls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import lobos.config.FixtureCases;
import lobos.config.MenuText;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Data-driven: each directory under src/test/resources/lobos/config/bls/ is one case (see
 * {@link FixtureCases}); {@code arch} is the local EFI architecture. expected.txt is the whole
 * menu written by hand from the Boot Loader Specification's rules.
 */
class BlsFixturesTest {
    static final Path FIXTURES = Path.of("src/test/resources/lobos/config/bls");

    static Stream<String> cases() throws IOException {
        return FixtureCases.names(FIXTURES);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void readsTheWholeMenu(String name) throws IOException {
        Path dir = FIXTURES.resolve(name);
        var props = FixtureCases.properties(dir);
        var menu = new BlsFormat(props.getProperty("arch", "x64")).read(FixtureCases.main(dir, props),
                props.getProperty("file"), FixtureCases.others(dir, props));
        assertThat(MenuText.render(menu)).isEqualTo(FixtureCases.expected(dir));
    }
}
