package lobos.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Directory listings in src/test/resources/lobos/fetch/autoindex: each NAME.html is the page of
 * http://boot.example/boot/ and NAME.names the names it holds, in order.
 */
class AutoindexTest {
    static final Path FIXTURES = Path.of("src/test/resources/lobos/fetch/autoindex");

    static Stream<String> pages() throws IOException {
        try (var files = Files.list(FIXTURES)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".html"))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("pages")
    void namesInPage(String page) throws IOException {
        String html = Files.readString(FIXTURES.resolve(page + ".html"), StandardCharsets.UTF_8);
        List<String> expected = Files.readAllLines(FIXTURES.resolve(page + ".names"), StandardCharsets.UTF_8);
        assertThat(Autoindex.names(html, URI.create("http://boot.example/boot/"))).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest
    @MethodSource("pages")
    void otherDirectoryGivesOnlyFullUrlsOfIt(String page) throws IOException {
        String html = Files.readString(FIXTURES.resolve(page + ".html"), StandardCharsets.UTF_8);
        // relative links are the other directory's too; none of the absolute ones points into it
        var names = Autoindex.names(html, URI.create("http://other.example/x/"));
        assertThat(names).doesNotContain("UPPER.IMG", "abs-path/");
    }

    @org.junit.jupiter.api.Test
    void entities() {
        assertThat(Autoindex.entities("a&amp;b&lt;&gt;&quot;&#39;&#x41;&unknown;&#0;&")).isEqualTo("a&b<>\"'A&unknown;&#0;&");
    }
}
