package lobos.tftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RootDirectoryTest {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 1234);

    @TempDir
    Path tmp;

    private Path root;
    private RootDirectory files;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("boot"));
        Files.writeString(root.resolve("boot/vmlinuz"), "kernel");
        Files.writeString(tmp.resolve("outside"), "secret");
        files = new RootDirectory(root);
    }

    @ParameterizedTest
    @ValueSource(strings = {"boot/vmlinuz", "/boot/vmlinuz", "//boot//vmlinuz", "./boot/./vmlinuz", "boot\\vmlinuz", "\\boot\\vmlinuz"})
    void namesMapUnderTheRoot(String name) throws Exception {
        assertThat(files.lookup(name, CLIENT)).contains(TftpContent.of(root.toRealPath().resolve("boot/vmlinuz")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../outside", "boot/../../outside", "/../outside", "..\\outside", "boot/.."})
    void dotDotIsRefused(String name) {
        assertThatThrownBy(() -> files.lookup(name, CLIENT)).isInstanceOf(TftpException.class).hasMessageContaining("\"..\" is not allowed");
    }

    @Test
    void nulIsRefused() {
        // the codec cannot produce one, but a caller of the hook can
        assertThatThrownBy(() -> files.lookup("boot/vmlinuz\0.sig", CLIENT)).isInstanceOf(TftpException.class).hasMessageContaining("NUL");
    }

    /** Issue 8: a refusal for a link to an existing file outside, "not found" for a missing one, told what exists there. */
    @Test
    void symlinkOutOfTheRootAnswersAsAMissingFileWhetherItsTargetExistsOrNot() throws Exception {
        Files.createSymbolicLink(root.resolve("escape"), tmp.resolve("outside"));
        Files.createSymbolicLink(root.resolve("nothing"), tmp.resolve("no-such-file"));
        Files.createSymbolicLink(root.resolve("up"), tmp);
        assertThat(files.lookup("escape", CLIENT)).isEmpty();
        assertThat(files.lookup("nothing", CLIENT)).isEmpty();
        assertThat(files.lookup("up/outside", CLIENT)).isEmpty();
        assertThat(files.lookup("up/no-such-file", CLIENT)).isEmpty();
        Files.createDirectories(tmp.resolve("elsewhere"));
        assertThat(files.lookup("up/elsewhere", CLIENT)).as("a directory outside is no different").isEmpty();
    }

    @Test
    void symlinkInsideTheRootIsFollowed() throws Exception {
        Files.createSymbolicLink(root.resolve("current"), root.resolve("boot/vmlinuz"));
        assertThat(files.lookup("current", CLIENT)).isPresent();
    }

    @Test
    void missingFilesAndDirectories() throws Exception {
        assertThat(files.lookup("boot/nothing", CLIENT)).isEmpty();
        assertThatThrownBy(() -> files.lookup("boot", CLIENT)).isInstanceOf(TftpException.class).hasMessageContaining("is a directory");
        assertThatThrownBy(() -> files.lookup("/", CLIENT)).isInstanceOf(TftpException.class).hasMessageContaining("is a directory");
    }
}
