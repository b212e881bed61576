package lobos.initramfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InitramfsBuilderTest {
    @TempDir
    Path tmp;

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] write(InitramfsBuilder b) throws IOException {
        var out = new ByteArrayOutputStream();
        b.writeTo(out, Compression.NONE);
        return out.toByteArray();
    }

    @Test
    void rootFirstParentsBeforeChildrenInByteOrder() {
        var b = new InitramfsBuilder()
                .file("usr/lib/x", bytes("x"), 0644)
                .file("a-b", bytes(""), 0644)
                .file("a/b", bytes(""), 0644)
                .file("-first", bytes(""), 0644)
                .file("/bin/busybox", bytes("bb"), 0755);
        // as "find . | LC_ALL=C sort" lists a tree: '-' (0x2d) < '.' < '/' (0x2f) < letters
        assertThat(b.entries().keySet()).containsExactly(".", "-first", "a", "a-b", "a/b", "bin", "bin/busybox", "usr", "usr/lib", "usr/lib/x");
        assertThat(b.entries().get("usr/lib")).isEqualTo(new Node.Directory(0755, 0, 0));
    }

    @Test
    void sameInputsSameBytesWhateverTheOrderOfCalls() throws IOException {
        var one = new InitramfsBuilder(1234).file("etc/a", bytes("1"), 0644).symlink("bin/sh", "busybox").directory("tmp", 01777);
        var two = new InitramfsBuilder(1234).directory("tmp", 01777).symlink("bin/sh", "busybox").file("etc/a", bytes("1"), 0644);
        assertThat(write(one)).isEqualTo(write(two)).isEqualTo(write(one));
    }

    @Test
    void headerFieldsInodesMtimeAndLinkCounts() throws IOException {
        var b = new InitramfsBuilder(0x5F5E100).directory("d", 0700).directory("d/e", 0755).directory("d/f", 0755)
                .file("d/x", bytes("xyz"), 0600).charDevice("dev/null", 0666, 1, 3);
        var entries = CpioReaderTest.readAll(write(b), true);
        assertThat(entries).extracting(CpioEntry::name).containsExactly(".", "d", "d/e", "d/f", "d/x", "dev", "dev/null");
        assertThat(entries).extracting(CpioEntry::ino).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(entries).extracting(CpioEntry::mtime).containsOnly(0x5F5E100L);
        assertThat(entries).extracting(CpioEntry::nlink).containsExactly(4L, 4L, 2L, 2L, 1L, 2L, 1L);
        assertThat(entries).extracting(CpioEntry::uid, CpioEntry::gid).containsOnly(org.assertj.core.groups.Tuple.tuple(0L, 0L));
        CpioEntry dev = entries.get(6);
        assertThat(dev.mode()).isEqualTo(020666);
        assertThat(List.of(dev.rdevMajor(), dev.rdevMinor(), dev.devMajor(), dev.devMinor(), dev.fileSize())).containsExactly(1L, 3L, 0L, 0L, 0L);
        assertThat(entries.get(1).mode()).isEqualTo(040700);
    }

    @Test
    void rootModeCanBeSet() throws IOException {
        var entries = CpioReaderTest.readAll(write(new InitramfsBuilder().directory("/", 0700)), false);
        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.name()).isEqualTo(".");
            assertThat(e.mode()).isEqualTo(040700);
        });
    }

    @Test
    void cpioSizeIsWhatIsWritten() throws IOException {
        var b = GnuCpioInteropTest.sample();
        assertThat(b.cpioSize()).isEqualTo(write(b).length);
    }

    @Test
    void sizesPerTopLevelName() {
        var b = new InitramfsBuilder().file("init", new byte[10], 0755).file("usr/a", new byte[100], 0644)
                .file("usr/lib/b", new byte[1000], 0644).symlink("usr/c", "abc").directory("tmp", 01777);
        assertThat(b.sizesByTopLevel()).containsExactly(Map.entry("init", 10L), Map.entry("tmp", 0L), Map.entry("usr", 1103L));
    }

    @Test
    void addingTheSameThingTwiceIsFine() throws IOException {
        Path host = Files.write(tmp.resolve("f"), bytes("same"));
        var b = new InitramfsBuilder().file("f", bytes("same"), 0644).file("f", host, 0644).directory("d", 0755).directory("d", 0755);
        assertThat(b.entries()).containsOnlyKeys(".", "f", "d");
    }

    @Test
    void conflictsAreClearErrors() throws IOException {
        Path host = Files.write(tmp.resolve("f"), bytes("other"));
        var b = new InitramfsBuilder().file("f", bytes("some"), 0644).symlink("lib", "usr/lib").file("bin/x", bytes(""), 0644);
        assertThatThrownBy(() -> b.file("f", host, 0644)).isInstanceOf(InitramfsException.class)
                .hasMessage("f was added twice with different content: first file (4 bytes in memory, mode 644), then file (" + host + ", mode 644)");
        assertThatThrownBy(() -> b.file("f", bytes("some"), 0755)).hasMessageContaining("first file (4 bytes in memory, mode 644), then file (4 bytes in memory, mode 755)");
        assertThatThrownBy(() -> b.directory("f", 0755)).hasMessageContaining("f was added twice");
        assertThatThrownBy(() -> b.file("lib/libc.so", bytes(""), 0644)).hasMessage("cannot add lib/libc.so: lib is a symlink to usr/lib, not a directory");
        assertThatThrownBy(() -> b.file("f/g", bytes(""), 0644)).hasMessageContaining("f is a file");
        assertThatThrownBy(() -> b.symlink("bin", "usr/bin")).hasMessage("cannot add bin as a symlink to usr/bin: bin/x is below it");
        assertThatThrownBy(() -> b.symlink(".", "x")).hasMessageContaining("the root \".\" can only be a directory");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a//b", "a/./b", "../etc", "a/..", "nul\0byte"})
    void badPathsAreRejected(String path) {
        assertThatThrownBy(() -> new InitramfsBuilder().file(path, new byte[0], 0644))
                .isInstanceOf(InitramfsException.class).hasMessageStartingWith("bad initramfs path");
    }

    @Test
    void badModesTargetsAndDeviceNumbersAreRejected() {
        var b = new InitramfsBuilder();
        assertThatThrownBy(() -> b.file("x", new byte[0], 0100644)).hasMessageContaining("has more than permission bits");
        assertThatThrownBy(() -> b.symlink("x", "")).hasMessageContaining("bad target");
        assertThatThrownBy(() -> b.symlink("x", "a".repeat(4097))).hasMessageContaining("bad target");
        assertThatThrownBy(() -> b.charDevice("x", 0600, 4096, 0)).hasMessageContaining("out of range");
        assertThatThrownBy(() -> b.file("x".repeat(4096), new byte[0], 0644)).hasMessageContaining("longer than the kernel's PATH_MAX");
        assertThatThrownBy(() -> new InitramfsBuilder(-1)).isInstanceOf(InitramfsException.class);
    }

    @Test
    void treeCopiesModesLinksAndContentsByReference() throws IOException {
        Path src = Files.createDirectory(tmp.resolve("src"));
        Files.createDirectories(src.resolve("lib/sub"));
        Files.setPosixFilePermissions(src.resolve("lib/sub"), PosixFilePermissions.fromString("rwx--x---"));
        Path exe = Files.write(src.resolve("lib/run"), bytes("#!"));
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-x---"));
        Files.createSymbolicLink(src.resolve("lib/link"), Path.of("../elsewhere"));
        var b = new InitramfsBuilder().tree("/opt/x", src);
        assertThat(b.entries().keySet()).containsExactly(".", "opt", "opt/x", "opt/x/lib", "opt/x/lib/link", "opt/x/lib/run", "opt/x/lib/sub");
        assertThat(b.entries().get("opt/x/lib/sub")).isEqualTo(new Node.Directory(0710, 0, 0));
        assertThat(b.entries().get("opt/x/lib/link")).isEqualTo(new Node.Symlink("../elsewhere", 0, 0));
        assertThat(b.entries().get("opt/x/lib/run")).isEqualTo(new Node.File(new Content.HostFile(exe, 2), 0750, 0, 0));
        assertThat(new InitramfsBuilder().tree(".", src).entries().keySet()).startsWith(".", "lib", "lib/link");
    }

    @Test
    void hostFilesAreFollowedTreesKeepLinksAndRejectFifos() throws Exception {
        Path target = Files.write(tmp.resolve("target"), bytes("content"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), target.getFileName());
        assertThat(new InitramfsBuilder().file("f", link, 0644).entries().get("f"))
                .isEqualTo(new Node.File(new Content.HostFile(link, 7), 0644, 0, 0));
        Path dir = Files.createDirectory(tmp.resolve("withfifo"));
        Tools.run(dir, new byte[0], "mkfifo", "pipe");
        assertThatThrownBy(() -> new InitramfsBuilder().tree("x", dir)).isInstanceOf(InitramfsException.class)
                .hasMessage("cannot copy " + dir.resolve("pipe") + ": it is a FIFO, not a file, directory, link or device");
    }

    @Test
    void hostFileChangedAfterItWasAddedIsAnError() throws IOException {
        Path f = Files.write(tmp.resolve("f"), bytes("12345"));
        var b = new InitramfsBuilder().file("f", f, 0644);
        Files.write(f, bytes("123456"));
        assertThatThrownBy(() -> write(b)).isInstanceOf(InitramfsException.class)
                .hasMessage(f + " changed while lobos read it: 5 bytes expected, more read");
        Files.write(f, bytes("1234"));
        assertThatThrownBy(() -> write(b)).hasMessageContaining("5 bytes expected, 4 read");
        assertThatThrownBy(() -> new InitramfsBuilder().file("g", tmp.resolve("missing"), 0644))
                .isInstanceOf(InitramfsException.class).hasMessageContaining("missing is not a regular file");
    }

    @Test
    void writtenArchiveReadsBackAsAdded() throws IOException {
        var b = GnuCpioInteropTest.sample();
        var reader = new CpioReader(new ByteArrayInputStream(write(b)), true);
        for (var e : b.entries().entrySet()) {
            CpioEntry read = reader.next();
            assertThat(read.name()).isEqualTo(e.getKey());
            assertThat(read.mode()).isEqualTo(e.getValue().mode());
            assertThat(read.data()).isEqualTo(e.getValue() instanceof Node.File f ? f.content().open().readAllBytes()
                    : e.getValue() instanceof Node.Symlink s ? bytes(s.target()) : new byte[0]);
        }
        assertThat(reader.next()).isNull();
    }
}
