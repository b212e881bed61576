package lobos.image;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Truncated and corrupt inputs, and what lobos must say about them: the structure, the field
 * and the byte offset from the specifications, and the file's size. Never an IndexOutOfBounds.
 */
class BadInputTest {
    static Stream<Arguments> cases() {
        int setup = Synthetic.SETUP_SIZE;
        return Stream.of(
                bad("bzImage cut inside cmdline_size", () -> cut(Synthetic.bzImage(), 0x23a),
                        "bzImage setup header truncated: field cmdline_size at offset 0x238 needs 4 bytes, file has 570"),
                bad("bzImage cut inside pref_address", () -> cut(Synthetic.bzImage(), 0x250),
                        "bzImage setup header truncated: field pref_address at offset 0x258 needs 8 bytes, file has 592"),
                bad("bzImage cut inside init_size", () -> cut(Synthetic.bzImage(), 0x262),
                        "bzImage setup header truncated: field init_size at offset 0x260 needs 4 bytes, file has 610"),
                bad("bzImage cut inside the setup code", () -> cut(Synthetic.bzImage(), 0x600),
                        "bzImage truncated: setup_sects at offset 0x1f1 makes the setup code 2560 bytes, file has 1536"),
                bad("bzImage cut inside the kernel", () -> cut(Synthetic.bzImage(), setup + 100),
                        "after the 2560 bytes of setup code"),
                bad("bzImage payload_offset past the end", () -> le(Synthetic.bzImage(), 0x248, 0x7fffffff),
                        "bzImage setup header corrupt: field payload_offset at offset 0x248"),
                bad("bzImage kernel_version outside the setup code", () -> le16(Synthetic.bzImage(), 0x20e, 0x7000),
                        "bzImage setup header corrupt: field kernel_version at offset 0x20e points to 0x7200, outside the 2560 bytes"),
                bad("bzImage protocol below 2.00", () -> le16(Synthetic.bzImage(), 0x206, 0x0100),
                        "bzImage setup header corrupt: field version at offset 0x206 is 0x0100"),
                bad("ELF cut inside e_entry", () -> cut(Synthetic.elf64(62, new byte[64]), 30),
                        "ELF header truncated: field e_entry at offset 0x18 needs 8 bytes, file has 30"),
                bad("ELF cut inside the program headers", () -> cut(Synthetic.elf64(62, new byte[64]), 100),
                        "ELF program header table truncated: field e_phoff + e_phnum * e_phentsize at offset 0x40 needs 56 bytes, file has 100"),
                // issue 8: segments past the end of the file were accepted (and printed negative)
                bad("ELF segment past the end of the file", () -> le(Synthetic.elf64(62, new byte[64]), 64 + 32, 1000),
                        "ELF program header table corrupt: field p_offset at offset 0x48 and p_filesz of segment 0 put it at 0x0 + 0x3e8, past the end of the 184-byte file"),
                bad("ELF segment at offset 2^63", () -> le64(Synthetic.elf64(62, new byte[64]), 64 + 8, 0x8000000000000000L),
                        "put it at 0x8000000000000000 + 0xb8, past the end of the 184-byte file"),
                bad("ELF with EI_CLASS 3", () -> set(Synthetic.elf64(62, new byte[64]), 4, 3),
                        "ELF header corrupt: field EI_CLASS at offset 0x4 is 3"),
                bad("ELF with e_phentsize 10", () -> le16(Synthetic.elf64(62, new byte[64]), 54, 10),
                        "ELF header corrupt: field e_phentsize at offset 0x36 is 10, less than 56"),
                bad("ELF section name table past the end", () -> {
                    byte[] ko = ElfTest.relocatable(true, ByteOrder.LITTLE_ENDIAN, Map.of(".modinfo", new byte[8]));
                    int shoff = (int) ByteBuffer.wrap(ko).order(ByteOrder.LITTLE_ENDIAN).getLong(40);
                    return le(ko, shoff + 2 * 64 + 24, 0x100000); // .shstrtab's sh_offset (low half)
                }, "ELF section name table truncated: field sh_offset + sh_size of e_shstrndx at offset 0x100000"),
                bad("PE optional header with a bad magic", () -> le16(pe(), 0x80 + 24, 0),
                        "PE optional header corrupt: field Magic at offset 0x98 is 0x0"),
                bad("PE section data past the end", () -> le(pe(), 0x80 + 24 + 240 + 20, 0x100000),
                        "PE section .text truncated: field PointerToRawData + SizeOfRawData at offset 0x100000 needs 512 bytes"),
                bad("arm64 Image cut after the magic", () -> cut(Synthetic.arm64Image(0, 0x100000, 0xa, 0), 0x3c),
                        "arm64 Image header truncated: field res5 at offset 0x3c needs 4 bytes, file has 60"),
                bad("zboot payload past the end", () -> le(zboot(), 8, 0x100000),
                        "zboot header corrupt: field payload offset at offset 0x8"),
                bad("zboot payload that is not compressed", () -> le(zboot(), 8, 0x80),
                        "zboot header corrupt: field payload offset at offset 0x8 points to data in no known compression (50 45 00 00"),
                bad("Multiboot address fields cut off", () -> cut(Synthetic.multiboot1Header(0x10000, 1, 2, 3, 4, 5), 16),
                        "Multiboot header truncated: field load_addr at offset 0x10 needs 4 bytes, file has 16"),
                bad("Multiboot2 header_length past the end", () -> {
                    byte[] h = Synthetic.multiboot2Header(0, Synthetic.multiboot2Tag(0, 0));
                    ByteBuffer b = ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN);
                    b.putInt(8, 1000).putInt(12, -(0xE85250D6 + 1000)); // length and a checksum to match
                    return h;
                }, "Multiboot2 header truncated: field header_length at offset 0x0 needs 1000 bytes, file has 24"),
                bad("random bytes", () -> new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17},
                        "no known kernel format in the data (18 bytes, first bytes: 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f)"),
                bad("an empty file", () -> new byte[0],
                        "no known kernel format in the data (0 bytes, first bytes: none, the file is empty)"),
                bad("gzip-compressed text", () -> Synthetic.gzip("hello\n".getBytes()),
                        "no known kernel format in gzip-compressed data (6 bytes, first bytes: 68 65 6c 6c 6f 0a)"),
                bad("gzip cut in half", () -> {
                    byte[] z = Synthetic.gzip(Synthetic.arm64Image(0, 0, 0, 5000));
                    return cut(z, z.length / 2);
                }, "gzip data corrupt or truncated"),
                bad("zstd frame cut in its block header", () -> new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0x20, 0x10, 0x01},
                        "zstd frame truncated: field Block_Header at offset 0x6 needs 3 bytes, file has 7"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void saysWhichFieldAtWhichOffset(String name, Supplier<byte[]> input, String message) {
        byte[] data = input.get();
        assertThatThrownBy(() -> KernelImage.identify(data))
                .isInstanceOf(ImageFormatException.class)
                .hasMessageContaining(message)
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((ImageFormatException) e).hint()).isNotBlank());
    }

    private static Arguments bad(String name, Supplier<byte[]> input, String message) {
        return Arguments.of(name, input, message);
    }

    private static byte[] pe() {
        return Synthetic.pe(0x8664, new byte[0], List.of(new Synthetic.PeSection(".text", new byte[100])));
    }

    private static byte[] zboot() {
        byte[] payload = Synthetic.gzip(Synthetic.arm64Image(0, 0x100000, 0xa, 100));
        return Synthetic.pe(0xaa64, Synthetic.zbootHead(0x200, payload.length, "gzip"), List.of(new Synthetic.PeSection(".data", payload)));
    }

    private static byte[] cut(byte[] data, int length) {
        return Arrays.copyOf(data, length);
    }

    private static byte[] set(byte[] data, int offset, int value) {
        data[offset] = (byte) value;
        return data;
    }

    private static byte[] le(byte[] data, int offset, int value) {
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
        return data;
    }

    private static byte[] le64(byte[] data, int offset, long value) {
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).putLong(offset, value);
        return data;
    }

    private static byte[] le16(byte[] data, int offset, int value) {
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).putShort(offset, (short) value);
        return data;
    }
}
