package lobos.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** The parsers of lobos.fetch on any input: no exception but the typed one, no hang. */
class FetchParsersFuzzTest {
    static final URI DIR = URI.create("http://boot.example/boot/");

    /** Any page gives names (maybe none), never an exception; each is one name in the directory. */
    @FuzzTest(maxDuration = "2m")
    void autoindex(byte[] page) {
        for (String name : Autoindex.names(new String(page, StandardCharsets.UTF_8), DIR)) {
            String bare = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
            assertThat(bare).isNotEmpty().doesNotContain("/").doesNotContain("\0").isNotIn(".", "..");
        }
    }

    /** Any text gives certificates or a FetchException. */
    @FuzzTest(maxDuration = "2m")
    void pemCertificates(byte[] text) {
        try {
            assertThat(PemCertificates.parse(new String(text, StandardCharsets.ISO_8859_1), "fuzz")).isNotEmpty();
        } catch (FetchException expected) {
            // the typed error is the right answer to a damaged bundle
        }
    }

    /**
     * Any bytes from a server give a response head and a body no longer than what came, or a
     * FetchException (not HTTP as lobos reads it) or an IOException (the connection ended early).
     */
    @FuzzTest(maxDuration = "2m")
    void httpResponse(byte[] answer) {
        InputStream in = new ByteArrayInputStream(answer);
        try {
            HttpHead head = HttpHead.read(in, "fuzz:80");
            assertThat(head.status()).isBetween(100, 999);
            assertThat(head.fields()).hasSizeLessThanOrEqualTo(HttpHead.MAX_FIELDS);
            long body = HttpBody.of(head, in, "fuzz:80").transferTo(OutputStream.nullOutputStream());
            assertThat(body).isLessThanOrEqualTo(answer.length);
        } catch (FetchException | IOException expected) {
            // the typed error, or the end of the bytes
        }
    }
}
