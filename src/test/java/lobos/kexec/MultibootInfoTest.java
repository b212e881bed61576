package lobos.kexec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The boot information against the specifications' layouts: Multiboot 0.6.96 section 3.3
 * ("Boot information format") and Multiboot2 2.0 section 3.6 ("Boot information").
 */
class MultibootInfoTest {
    static final long BASE = 0x300000;
    static final List<MultibootInfo.MapEntry> MAP = MultibootInfo.memoryMap(QemuMemory.memory().firmware());
    static final List<MultibootInfo.Module> MODULES = List.of(new MultibootInfo.Module(0x400000, 0x400010, "/m1 a=1"),
            new MultibootInfo.Module(0x401000, 0x401001, "/m2"));

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static String string(byte[] info, long address) {
        int at = (int) (address - BASE);
        int end = at;
        while (info[end] != 0) end++;
        return new String(info, at, end - at, StandardCharsets.UTF_8);
    }

    @Test
    void theMemoryMapAndLowerUpperComeFromTheFirmwareMap() {
        assertThat(MAP).hasSize(8);
        assertThat(MAP.get(3)).isEqualTo(new MultibootInfo.MapEntry(0x100000, 0x3fee0000, 1));
        assertThat(MultibootInfo.lowerUpper(MAP)).containsExactly(639, (0x3ffe0000L - 0x100000) / 1024);
    }

    @Test
    void version1InfoHasItsFieldsAtTheSpecsOffsets() {
        byte[] info = MultibootInfo.v1(BASE, "kernel args", MODULES, MAP);
        ByteBuffer b = le(info);
        assertThat(b.getInt(0)).isEqualTo(0x24d);                         // flags: 0, 2, 3, 6, 9
        assertThat(b.getInt(4)).isEqualTo(639);                           // mem_lower
        assertThat(b.getInt(8)).isEqualTo((0x3ffe0000 - 0x100000) / 1024); // mem_upper
        assertThat(string(info, b.getInt(16))).isEqualTo("kernel args");  // cmdline
        assertThat(b.getInt(20)).isEqualTo(2);                            // mods_count
        int mods = b.getInt(24) - (int) BASE;                              // mods_addr
        assertThat(b.getInt(mods)).isEqualTo(0x400000);                   // mod_start
        assertThat(b.getInt(mods + 4)).isEqualTo(0x400010);               // mod_end
        assertThat(string(info, b.getInt(mods + 8))).isEqualTo("/m1 a=1"); // string
        assertThat(b.getInt(mods + 12)).isZero();                         // reserved
        assertThat(b.getInt(mods + 16)).isEqualTo(0x401000);
        assertThat(string(info, b.getInt(mods + 24))).isEqualTo("/m2");
        assertThat(b.getInt(44)).isEqualTo(8 * 24);                       // mmap_length
        int mmap = b.getInt(48) - (int) BASE;                              // mmap_addr
        assertThat(b.getInt(mmap)).isEqualTo(20);                         // size, without itself
        assertThat(b.getLong(mmap + 4)).isZero();                         // base_addr
        assertThat(b.getLong(mmap + 12)).isEqualTo(0x9fc00);              // length
        assertThat(b.getInt(mmap + 20)).isEqualTo(1);                     // type
        assertThat(b.getLong(mmap + 7 * 24 + 4)).isEqualTo(0x100000000L);
        assertThat(string(info, b.getInt(64))).isEqualTo("lobos");        // boot_loader_name
    }

    @Test
    void version2InfoIsATagListEndingWithTheEndTag() {
        byte[] info = MultibootInfo.v2("kernel args", MODULES, MAP);
        ByteBuffer b = le(info);
        assertThat(b.getInt(0)).isEqualTo(info.length);                  // total_size
        assertThat(b.getInt(4)).isZero();                                // reserved
        // cmdline (1): 8 + 12 bytes
        assertThat(b.getInt(8)).isEqualTo(1);
        assertThat(b.getInt(12)).isEqualTo(20);
        assertThat(new String(info, 16, 11, StandardCharsets.UTF_8)).isEqualTo("kernel args");
        assertThat(info[27]).isZero();
        // boot loader name (2) at the next 8-byte boundary, 32
        assertThat(b.getInt(32)).isEqualTo(2);
        assertThat(b.getInt(36)).isEqualTo(14);
        assertThat(new String(info, 40, 5, StandardCharsets.UTF_8)).isEqualTo("lobos");
        // module (3) at 48: mod_start, mod_end, string
        assertThat(b.getInt(48)).isEqualTo(3);
        assertThat(b.getInt(52)).isEqualTo(24);
        assertThat(b.getInt(56)).isEqualTo(0x400000);
        assertThat(b.getInt(60)).isEqualTo(0x400010);
        assertThat(new String(info, 64, 7, StandardCharsets.UTF_8)).isEqualTo("/m1 a=1");
        assertThat(b.getInt(72)).isEqualTo(3);
        assertThat(b.getInt(76)).isEqualTo(20);
        // basic meminfo (4) at 96
        assertThat(b.getInt(96)).isEqualTo(4);
        assertThat(b.getInt(100)).isEqualTo(16);
        assertThat(b.getInt(104)).isEqualTo(639);
        // memory map (6) at 112: entry_size 24, entry_version 0, entries of base, length, type, reserved
        assertThat(b.getInt(112)).isEqualTo(6);
        assertThat(b.getInt(116)).isEqualTo(16 + 8 * 24);
        assertThat(b.getInt(120)).isEqualTo(24);
        assertThat(b.getInt(124)).isZero();
        assertThat(b.getLong(128 + 3 * 24)).isEqualTo(0x100000);
        assertThat(b.getLong(128 + 3 * 24 + 8)).isEqualTo(0x3fee0000);
        assertThat(b.getInt(128 + 3 * 24 + 16)).isEqualTo(1);
        // end (0), size 8
        int end = 112 + 16 + 8 * 24;
        assertThat(b.getInt(end)).isZero();
        assertThat(b.getInt(end + 4)).isEqualTo(8);
        assertThat(info.length).isEqualTo(end + 8);
    }
}
