package lobos.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ElfTest {
    @TempDir
    Path dir;

    static final Path LS = Path.of("/bin/ls");
    static final Path LIBJVM = Path.of(System.getProperty("java.home"), "lib", "server", "libjvm.so");

    @ParameterizedTest
    @ValueSource(strings = {"/bin/ls", "JAVA_HOME/lib/server/libjvm.so"})
    void hostFilesAgreeWithReadelf(String name) throws IOException {
        Path file = Path.of(name.replace("JAVA_HOME", System.getProperty("java.home")));
        Elf elf = Elf.parse(Files.readAllBytes(file));
        String header = HostTools.text("readelf", "-h", "-W", file.toString());

        assertThat(elf.image().bits()).isEqualTo(header.contains("ELF64") ? 64 : 32);
        assertThat(header).contains(elf.image().endianness() + " endian");
        assertThat(elf.image().entry()).isEqualTo(Long.decode(field(header, "Entry point address")));
        assertThat(elf.image().type()).isEqualTo(field(header, "Type").split(" ")[0]);
        assertThat(elf.image().machine()).isEqualTo("x86-64");
        assertThat(elf.segments()).hasSize(Integer.parseInt(field(header, "Number of program headers")));
        assertThat(elf.sections()).hasSize(Integer.parseInt(field(header, "Number of section headers")));

        // readelf -lW: "  LOAD           0x000000 0x0000000000000000 0x0000000000000000 0x003a98 0x003a98 R   0x1000"
        Matcher p = Pattern.compile("(?m)^\\s+([A-Z_]+)\\s+(0x\\p{XDigit}+) (0x\\p{XDigit}+) (0x\\p{XDigit}+) (0x\\p{XDigit}+) (0x\\p{XDigit}+)")
                .matcher(HostTools.text("readelf", "-l", "-W", file.toString()));
        List<String> expected = new ArrayList<>();
        while (p.find()) {
            expected.add("%s %x %x %x %x %x".formatted(p.group(1), Long.decode(p.group(2)), Long.decode(p.group(3)),
                    Long.decode(p.group(4)), Long.decode(p.group(5)), Long.decode(p.group(6))));
        }
        assertThat(elf.segments().stream().map(s -> "%s %x %x %x %x %x".formatted(
                s.type(), s.offset(), s.vaddr(), s.paddr(), s.fileSize(), s.memorySize()))).containsExactlyElementsOf(expected);

        // readelf -SW: "  [ 1] .interp           PROGBITS        0000000000000318 000318 00001c 00   A  0   0  1"
        Matcher s = Pattern.compile("(?m)^\\s+\\[\\s*\\d+\\]\\s+(\\S+)\\s+(\\S+)\\s+(\\p{XDigit}+) (\\p{XDigit}+) (\\p{XDigit}+)")
                .matcher(HostTools.text("readelf", "-S", "-W", file.toString()));
        Map<String, String> sections = new LinkedHashMap<>();
        while (s.find()) {
            if (s.group(1).equals("NULL")) continue; // section 0 has no name, readelf prints its type first
            sections.put(s.group(1), "%x %x %x".formatted(Long.parseLong(s.group(3), 16), Long.parseLong(s.group(4), 16), Long.parseLong(s.group(5), 16)));
        }
        Map<String, String> ours = new LinkedHashMap<>();
        elf.sections().stream().filter(x -> !x.name().isEmpty())
                .forEach(x -> ours.put(x.name(), "%x %x %x".formatted(x.addr(), x.offset(), x.size())));
        assertThat(ours).isEqualTo(sections);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/bin/ls", "JAVA_HOME/lib/server/libjvm.so"})
    void neededAndSonameAgreeWithReadelf(String name) throws IOException {
        Path file = Path.of(name.replace("JAVA_HOME", System.getProperty("java.home")));
        String dynamic = HostTools.text("readelf", "-d", "-W", file.toString());
        List<String> needed = new ArrayList<>();
        Matcher m = Pattern.compile("\\(NEEDED\\)\\s+Shared library: \\[(.*)\\]").matcher(dynamic);
        while (m.find()) needed.add(m.group(1));
        Matcher so = Pattern.compile("\\(SONAME\\)\\s+Library soname: \\[(.*)\\]").matcher(dynamic);

        Elf elf = Elf.parse(Files.readAllBytes(file));

        assertThat(needed).isNotEmpty();
        assertThat(elf.needed()).containsExactlyElementsOf(needed);
        assertThat(elf.soname()).isEqualTo(so.find() ? java.util.Optional.of(so.group(1)) : java.util.Optional.empty());
    }

    @Test
    void libjvmNeedsLibc() throws IOException {
        assumeTrue(Files.isRegularFile(LIBJVM));
        assertThat(Elf.parse(Files.readAllBytes(LIBJVM)).needed()).contains("libc.so.6");
    }

    /** A .ko-like relocatable ELF with a .modinfo section, in every class and byte order. */
    @ParameterizedTest
    @ValueSource(strings = {"64 LITTLE_ENDIAN", "64 BIG_ENDIAN", "32 LITTLE_ENDIAN", "32 BIG_ENDIAN"})
    void modinfoOfAModuleLikeFile(String variant) throws IOException {
        boolean wide = variant.startsWith("64");
        ByteOrder order = variant.endsWith("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        String modinfo = "license=GPL\0depends=virtio,virtio_ring\0alias=virtio:d00000001v*\0name=virtio_net\0vermagic=6.1.0 SMP\0";
        byte[] ko = relocatable(wide, order, Map.of(".text", new byte[32], ".modinfo", modinfo.getBytes(StandardCharsets.UTF_8)));

        Elf elf = Elf.parse(ko);

        assertThat(elf.image().type()).isEqualTo("REL");
        assertThat(elf.image().bits()).isEqualTo(wide ? 64 : 32);
        assertThat(elf.image().endianness()).isEqualTo(order == ByteOrder.BIG_ENDIAN ? "big" : "little");
        assertThat(elf.sectionStrings(".modinfo")).containsExactly(
                "license=GPL", "depends=virtio,virtio_ring", "alias=virtio:d00000001v*", "name=virtio_net", "vermagic=6.1.0 SMP");
        assertThat(elf.sectionBytes(".nothing")).isEmpty();
        assertThat(elf.needed()).isEmpty();
        if (wide && order == ByteOrder.LITTLE_ENDIAN) {
            // readelf -p prints a section's strings: the same list, independently
            Path file = Files.write(dir.resolve("m.ko"), ko);
            String dump = HostTools.text("readelf", "-p", ".modinfo", file.toString());
            for (String s : elf.sectionStrings(".modinfo")) assertThat(dump).contains(s);
        }
    }

    private static String field(String readelf, String name) {
        Matcher m = Pattern.compile("(?m)^\\s*" + Pattern.quote(name) + ":\\s+(.*)$").matcher(readelf);
        assertThat(m.find()).as(name).isTrue();
        return m.group(1).strip();
    }

    /**
     * An ELF relocatable file (ET_REL, machine x86-64) with the given sections plus .shstrtab,
     * laid out per the System V ABI: header, section data, section header table.
     */
    static byte[] relocatable(boolean wide, ByteOrder order, Map<String, byte[]> sections) {
        Map<String, byte[]> all = new LinkedHashMap<>(new java.util.TreeMap<>(sections));
        ByteArrayOutputStream names = new ByteArrayOutputStream();
        names.write(0);
        Map<String, Integer> nameOffsets = new LinkedHashMap<>();
        for (String n : List.copyOf(all.keySet())) {
            nameOffsets.put(n, names.size());
            names.writeBytes((n + "\0").getBytes(StandardCharsets.UTF_8));
        }
        nameOffsets.put(".shstrtab", names.size());
        names.writeBytes(".shstrtab\0".getBytes(StandardCharsets.UTF_8));
        all.put(".shstrtab", names.toByteArray());

        int ehsize = wide ? 64 : 52;
        int shentsize = wide ? 64 : 40;
        int offset = ehsize;
        Map<String, Integer> offsets = new LinkedHashMap<>();
        for (var e : all.entrySet()) {
            offsets.put(e.getKey(), offset);
            offset += Synthetic.align(e.getValue().length, 8);
        }
        int shoff = offset;
        int count = all.size() + 1;
        ByteBuffer b = ByteBuffer.allocate(shoff + count * shentsize).order(order);
        b.put(0, new byte[] {0x7f, 'E', 'L', 'F', (byte) (wide ? 2 : 1), (byte) (order == ByteOrder.LITTLE_ENDIAN ? 1 : 2), 1});
        b.putShort(16, (short) 1);       // ET_REL
        b.putShort(18, (short) 62);
        b.putInt(20, 1);
        if (wide) {
            b.putLong(40, shoff);
            b.putShort(52, (short) ehsize);
            b.putShort(58, (short) shentsize);
            b.putShort(60, (short) count);
            b.putShort(62, (short) (count - 1));
        } else {
            b.putInt(32, shoff);
            b.putShort(40, (short) ehsize);
            b.putShort(46, (short) shentsize);
            b.putShort(48, (short) count);
            b.putShort(50, (short) (count - 1));
        }
        int index = 1;
        for (var e : all.entrySet()) {
            b.put(offsets.get(e.getKey()), e.getValue());
            int at = shoff + index++ * shentsize;
            b.putInt(at, nameOffsets.get(e.getKey()));
            b.putInt(at + 4, e.getKey().equals(".shstrtab") ? 3 : 1); // STRTAB : PROGBITS
            if (wide) {
                b.putLong(at + 24, offsets.get(e.getKey()));
                b.putLong(at + 32, e.getValue().length);
                b.putLong(at + 48, 1);
            } else {
                b.putInt(at + 16, offsets.get(e.getKey()));
                b.putInt(at + 20, e.getValue().length);
                b.putInt(at + 32, 1);
            }
        }
        return b.array();
    }
}
