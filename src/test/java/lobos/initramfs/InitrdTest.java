package lobos.initramfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Concatenated initrds, read as the kernel unpacks them; parts made and listed by GNU cpio, gzip and xz. */
class InitrdTest {
    @TempDir
    static Path tmp;

    /**
     * An early-microcode archive as the kernel's early loader wants it: uncompressed, paths without "./".
     * 776 bytes: ".", "kernel", "kernel/x86", "kernel/x86/microcode", the file (13 bytes) and the trailer at 652.
     */
    static byte[] microcode() throws IOException {
        return GnuCpioInteropTest.write(new InitramfsBuilder().file("kernel/x86/microcode/GenuineIntel.bin", new byte[13], 0644), Compression.NONE);
    }

    /** A main initrd made by GNU cpio and gzip, as initramfs-tools would (gzip -n output has an odd length here). */
    static byte[] mainGzip() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("main"));
        Files.createDirectories(src.resolve("scripts"));
        Files.writeString(src.resolve("init"), "#!/bin/sh\n");
        Files.writeString(src.resolve("scripts/functions"), "x=1\n");
        return unaligned(Tools.shell(src, "find . | cpio -o --quiet -H newc | gzip -9n"));
    }

    /** The gzip member with a file name in its header if that is what it takes to make its length not a multiple of 4. */
    static byte[] unaligned(byte[] gz) {
        if (gz.length % 4 != 0) return gz;
        byte[] named = cat(Arrays.copyOf(gz, 10), new byte[] {'n', 0}, Arrays.copyOfRange(gz, 10, gz.length));
        named[3] |= 8; // FNAME
        return named;
    }

    static byte[] extraXz() throws IOException {
        return GnuCpioInteropTest.write(new InitramfsBuilder().file("etc/extra.conf", "a=b\n".getBytes(StandardCharsets.UTF_8), 0644)
                .symlink("bin/sh", "busybox"), Compression.XZ);
    }

    /** GNU cpio's own listing of one part, decompressed by the real tools when needed. */
    static SortedSet<String> gnuList(byte[] part) throws Exception {
        String tool = part[0] == 0x1f ? "gzip -dc | " : (part[0] & 0xff) == 0xfd ? "xz -dc | " : "";
        Path f = Files.write(tmp.resolve("part"), part);
        return new TreeSet<>(Tools.text(Tools.shell(tmp, "cat " + f + " | " + tool + "cpio -t --quiet")).lines().toList());
    }

    static byte[] concatenate(byte[]... parts) throws IOException {
        var out = new ByteArrayOutputStream();
        long n = Initrd.concatenate(Arrays.stream(parts).map(Content::of).toList(), out);
        assertThat(n).isEqualTo(out.size());
        return out.toByteArray();
    }

    @Test
    void unionOfAllPartsInOrderEachOnA4ByteBoundary() throws Exception {
        byte[] ucode = microcode(), main = mainGzip(), extra = extraXz(), plain = GnuCpioInteropTest.write(GnuCpioInteropTest.sample(), Compression.NONE);
        byte[] initrd = concatenate(ucode, main, extra, plain); // the xz part must end exactly where its stream ends

        SortedSet<String> expected = new TreeSet<>();
        for (byte[] part : List.of(ucode, main, extra, plain)) expected.addAll(gnuList(part));
        assertThat(Initrd.paths(new ByteArrayInputStream(initrd))).isEqualTo(expected).contains("kernel/x86/microcode/GenuineIntel.bin", "init", "dev/vda", "etc/extra.conf");

        long mainAt = ucode.length, extraAt = mainAt + main.length + (4 - main.length % 4), plainAt = extraAt + extra.length;
        assertThat(Arrays.copyOfRange(initrd, 0, ucode.length)).as("microcode first, uncompressed").isEqualTo(ucode);
        assertThat(Arrays.copyOfRange(initrd, (int) mainAt + main.length, (int) extraAt)).containsOnly(0);
        var reader = new InitrdReader(new ByteArrayInputStream(initrd), false);
        while (reader.next() != null) {}
        assertThat(reader.segments()).extracting(InitrdReader.Segment::offset, InitrdReader.Segment::compression).containsExactly(
                tuple(0L, Compression.NONE), tuple(mainAt, Compression.GZIP), tuple(extraAt, Compression.XZ), tuple(plainAt, Compression.NONE));
        assertThat(initrd.length % 4).isZero();
    }

    @Test
    void withoutPaddingTheKernelWouldRejectIt() throws Exception {
        byte[] naive = cat(unaligned(gz(microcode())), microcode());
        assertThatThrownBy(() -> Initrd.paths(new ByteArrayInputStream(naive)))
                .isInstanceOf(CpioFormatException.class).hasMessageContaining("is not on a 4-byte boundary");
    }

    @Test
    void readsEntryDataInsideCompressedParts() throws Exception {
        var reader = new InitrdReader(new ByteArrayInputStream(concatenate(microcode(), extraXz())), true);
        var byName = new java.util.HashMap<String, CpioEntry>();
        for (CpioEntry e; (e = reader.next()) != null; ) byName.put(e.name(), e);
        assertThat(byName.get("etc/extra.conf").data()).asString(StandardCharsets.UTF_8).isEqualTo("a=b\n");
        assertThat(byName.get("bin/sh").linkTarget()).isEqualTo("busybox");
        assertThat(byName.get("kernel/x86/microcode/GenuineIntel.bin").data()).hasSize(13);
    }

    @Test
    void aSinglePartIsCopiedAsItIs() throws IOException {
        byte[] ext2 = new byte[2048];
        ext2[1080] = 0x53;
        ext2[1081] = (byte) 0xef;
        assertThat(concatenate(ext2)).isEqualTo(ext2);
    }

    @Test
    void partsThatCannotBeCombinedAreRejected() throws IOException {
        byte[] ucode = microcode();
        assertThatThrownBy(() -> concatenate(ucode, "\u007fELF....".getBytes(StandardCharsets.ISO_8859_1)))
                .isInstanceOf(InitramfsException.class).hasMessage("initrd 2 (8 bytes in memory) is neither a cpio archive nor compressed data (it starts with 7f 45 4c 46 2e 2e)");
        assertThatThrownBy(() -> concatenate("070707rest".getBytes(StandardCharsets.US_ASCII), ucode))
                .hasMessageContaining("initrd 1 (10 bytes in memory) is an old portable (odc) cpio archive");
    }

    static Stream<Arguments> corruptInitrds() {
        return Stream.of(
                corrupt("gzip extra field", () -> flag(gz(microcode()), 4), "gzip header flags 04: the kernel skips only a file name (FNAME), not FEXTRA, FCOMMENT or FHCRC in the gzip data at offset 0"),
                corrupt("gzip cut short", () -> cut(gz(microcode()), 12), "truncated gzip"),
                corrupt("gzip CRC wrong", () -> flip(gz(microcode()), -8), "gzip CRC32 mismatch"),
                corrupt("gzip deflate corrupt", () -> flip(gz(microcode()), -30), "in the gzip data at offset 0"),
                corrupt("gzip of something else", () -> gz("hello world\n".getBytes(StandardCharsets.US_ASCII)), "junk at offset 0 (68 65 6c 6c): not a cpio header or zero padding in the gzip data at offset 0"),
                corrupt("gzip of a cut archive", () -> gz(cut(microcode(), 20)), "truncated cpio header at offset 652: 104 of 110 bytes in the gzip data at offset 0"),
                corrupt("xz with CRC64", () -> Tools.run(tmp, microcode(), "xz", "-c"), "xz data at offset 0 uses the CRC64 integrity check; the kernel's xz decoder supports only CRC32 or none"),
                corrupt("xz cut short", () -> cut(extraXz(), 30), "corrupt or truncated xz data at offset 0"),
                corrupt("xz header corrupt", () -> flip(extraXz(), 7), "bad xz stream header at offset 0"),
                // xz reports a bad index on the call after the read that hit it: available() (fuzzing finding)
                corrupt("xz index corrupt", () -> flip(extraXz(), -14), "corrupt or truncated xz data at offset 0: XZ Index is corrupt"),
                corrupt("zstd", () -> cat(microcode(), new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0, 0}), "initrd data at offset 776 is compressed with zstd, which lobos cannot read yet"),
                corrupt("ELF", () -> "\u007fELF\2\1\1".getBytes(StandardCharsets.ISO_8859_1), "junk at offset 0 (7f 45 4c 46): neither a cpio archive, zero padding nor compressed data the kernel knows"),
                corrupt("compressed part off the grid after a cpio", () -> cat(microcode(), new byte[] {0}, gz(microcode())), "data at offset 777 after the previous cpio entry is not on a 4-byte boundary"),
                corrupt("cpio off the grid after padding", () -> cat(new byte[] {0, 0}, microcode()), "cpio header at offset 2 is not on a 4-byte boundary"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptInitrds")
    void corruptInitrdsGiveTypedErrors(String name, byte[] input, String message) {
        assertThatThrownBy(() -> Initrd.paths(new ByteArrayInputStream(input)))
                .isInstanceOf(CpioFormatException.class).hasMessageContaining(message);
    }

    interface Maker {
        byte[] make() throws Exception;
    }

    static Arguments corrupt(String name, Maker input, String message) {
        try {
            return Arguments.of(name, input.make(), message);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static byte[] gz(byte[] data) throws Exception {
        return Tools.run(tmp, data, "gzip", "-9n");
    }

    static byte[] flag(byte[] gz, int flag) {
        gz[3] |= (byte) flag;
        return gz;
    }

    static byte[] flip(byte[] b, int at) {
        b[at < 0 ? b.length + at : at] ^= 0x55;
        return b;
    }

    static byte[] cut(byte[] b, int n) {
        return Arrays.copyOf(b, b.length - n);
    }

    static byte[] cat(byte[]... parts) {
        var out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    /** {@code mib} MiB of zeros (padding, as far as the kernel is concerned) in one gzip member. */
    static byte[] zerosGzip(int mib) throws IOException {
        var out = new ByteArrayOutputStream();
        try (var gz = new java.util.zip.GZIPOutputStream(out, 1 << 16)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < mib; i++) gz.write(zeros);
        }
        return out.toByteArray();
    }

    /** Issue 8: InitrdReader had no cap on what the compressed parts decompress to. */
    @Test
    void whatTheCompressedPartsDecompressToIsCapped() throws Exception {
        byte[] initrd = concatenate(microcode(), zerosGzip(3));
        assertThatThrownBy(() -> {
            var reader = new InitrdReader(new ByteArrayInputStream(initrd), false, 2L << 20);
            while (reader.next() != null) {
                // read on
            }
        }).isInstanceOf(CpioFormatException.class)
                .hasMessage("the initrd's compressed parts decompress to more than 2 MiB (at the gzip data at offset 776), the most lobos unpacks");
        var whole = new InitrdReader(new ByteArrayInputStream(initrd), false, 3L << 20);
        while (whole.next() != null) {
            // within the limit: read to the end
        }
        assertThat(whole.segments()).hasSize(2);
    }

    /** The cap counts all parts together: 17 gzip members of 64 MiB of zeros each, 1088 MiB. */
    @Test
    void theDefaultCapIsOneGiBForAllPartsTogether() throws Exception {
        byte[] member = zerosGzip(64);
        var parts = new ByteArrayOutputStream();
        for (int i = 0; i < 17; i++) parts.write(member);
        byte[] bomb = parts.toByteArray();
        assertThatThrownBy(() -> Initrd.paths(new ByteArrayInputStream(bomb)))
                .isInstanceOf(CpioFormatException.class).hasMessageContaining("decompress to more than 1024 MiB");
    }

    /** A disk that goes away while its initrd is joined: the file shrinks, or reading it fails. */
    @Test
    void aPartThatShrinksOrCannotBeReadWhileJoinedIsAClearError() throws Exception {
        Path main = Files.write(tmp.resolve("shrinking.img"), mainGzip());
        Content part = Content.of(main);
        long size = Files.size(main);
        try (var channel = java.nio.channels.FileChannel.open(main, java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(size / 2);
        }
        assertThatThrownBy(() -> Initrd.concatenate(List.of(Content.of(microcode()), part), new ByteArrayOutputStream()))
                .isInstanceOf(InitramfsException.class)
                .hasMessage(main + " changed while lobos read it: " + size + " bytes expected, " + size / 2 + " read");

        Path gone = Files.createDirectories(tmp.resolve("gone"));
        var unreadable = new Content.HostFile(gone, 100); // reading a directory fails as a dead disk's EIO would
        assertThatThrownBy(() -> Initrd.concatenate(List.of(unreadable), new ByteArrayOutputStream()))
                .isInstanceOf(InitramfsException.class)
                .hasMessageStartingWith("cannot read " + gone + " after 0 of 100 bytes: ")
                .satisfies(e -> assertThat(((InitramfsException) e).hint()).contains("disk"));
        Files.delete(main);
        assertThatThrownBy(() -> Initrd.concatenate(List.of(part), new ByteArrayOutputStream()))
                .isInstanceOf(InitramfsException.class).hasMessageStartingWith("cannot read " + main + " after 0 of " + size + " bytes");
    }

    @Test
    void theJoinedSizeIsCheckedBeforeAnythingIsWritten() throws Exception {
        var out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> Initrd.concatenate(List.of(Content.of(microcode()), Content.of(extraXz())), out, 100))
                .isInstanceOf(InitramfsException.class).hasMessageContaining("more than the 100 lobos joins");
        assertThat(out.size()).isZero();
    }
}
