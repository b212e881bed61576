package lobos.kexec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoryMapTest {
    @TempDir
    Path dir;

    @Test
    void iomemNestsChildrenByIndentationAndNamesTypes() {
        MemoryMap map = MemoryMap.parseIomem(QemuMemory.IOMEM);
        assertThat(map.regions()).hasSize(14);
        MemoryMap.Region ram = map.regions().get(6);
        assertThat(ram.start()).isEqualTo(0x100000);
        assertThat(ram.last()).isEqualTo(0x3ffdffff);
        assertThat(ram.type()).isEqualTo(MemoryMap.Type.RAM);
        assertThat(ram.children()).extracting(MemoryMap.Region::name)
                .containsExactly("Kernel code", "Kernel rodata", "Kernel data", "Kernel bss", "Crash kernel");
        MemoryMap.Region pci = map.regions().get(8);
        assertThat(pci.type()).isEqualTo(MemoryMap.Type.OTHER);
        assertThat(pci.children().getFirst().children().getFirst().name()).isEqualTo("virtio-pci-modern");
        assertThat(map.regions().get(3).name()).isEqualTo("PCI Bus 0000:00");
        assertThat(map.regions().getLast().start()).isEqualTo(0x100000000L);
        assertThat(map.regions().getLast().size()).isEqualTo(0x80000000L);
    }

    @Test
    void usableRamIsSystemRamWithoutTheCrashKernel() {
        assertThat(MemoryMap.parseIomem(QemuMemory.IOMEM).usableRam()).containsExactly(
                new MemoryMap.Range(0x1000, 0x9fc00),
                new MemoryMap.Range(0x100000, 0x2b000000),
                new MemoryMap.Range(0x33000000, 0x3ffe0000),
                new MemoryMap.Range(0x100000000L, 0x180000000L));
    }

    @Test
    void iomemReadWithoutRootIsRefused() {
        assertThatThrownBy(() -> MemoryMap.parseIomem("""
                00000000-00000000 : Reserved
                00000000-00000000 : System RAM
                  00000000-00000000 : Kernel code
                """)).isInstanceOf(KexecException.class).hasMessageContaining("read without root");
    }

    @Test
    void badIomemLinesSayWhichLine() {
        assertThatThrownBy(() -> MemoryMap.parseIomem("00000000-00000fff : Reserved\nnonsense\n"))
                .hasMessageContaining("/proc/iomem:2").hasMessageContaining("START-END : NAME");
        assertThatThrownBy(() -> MemoryMap.parseIomem("00000000-00000fff : Reserved\n   00000000-00000fff : x\n"))
                .hasMessageContaining("/proc/iomem:2").hasMessageContaining("odd number");
        assertThatThrownBy(() -> MemoryMap.parseIomem("00000000-00000fff : Reserved\n    00000000-00000fff : x\n"))
                .hasMessageContaining("/proc/iomem:2").hasMessageContaining("deeper");
        assertThatThrownBy(() -> MemoryMap.parseIomem("00001000-00000fff : Reserved\n"))
                .hasMessageContaining("ends before it starts");
        assertThatThrownBy(() -> MemoryMap.parseIomem("0-10000000000000000 : Reserved\n"))
                .hasMessageContaining("hexadecimal address");
        assertThatThrownBy(() -> MemoryMap.parseIomem("  00000000-00000fff : Reserved\n"))
                .hasMessageContaining("deeper");
    }

    @Test
    void firmwareEntriesGiveTheE820Types() {
        SystemMemory memory = QemuMemory.memory();
        assertThat(memory.firmware().regions()).extracting(r -> r.type().e820)
                .containsExactly(1L, 2L, 2L, 1L, 2L, 2L, 2L, 1L);
        assertThat(MemoryMap.parseFirmwareEntry("x", "0x0", "0xfff", "ACPI Non-volatile Storage").type())
                .isEqualTo(MemoryMap.Type.NVS);
        assertThat(MemoryMap.parseFirmwareEntry("x", "0x0", "0xfff", "Persistent Memory (legacy)").type().e820)
                .isEqualTo(7);
        assertThat(MemoryMap.parseFirmwareEntry("x", "0x0", "0xfff", "Soft Reserved").type().e820)
                .isEqualTo(0xefffffffL);
    }

    @Test
    void badFirmwareEntriesAreRefused() {
        assertThatThrownBy(() -> MemoryMap.parseFirmwareEntry("memmap/3", "0x2000", "0x1000", "System RAM"))
                .hasMessageContaining("memmap/3").hasMessageContaining("ends");
        assertThatThrownBy(() -> MemoryMap.parseFirmwareEntry("memmap/3", "zz", "0x1000", "System RAM"))
                .hasMessageContaining("memmap/3/start");
        assertThatThrownBy(() -> MemoryMap.firmware(List.of(
                MemoryMap.parseFirmwareEntry("a", "0x0", "0x1fff", "System RAM"),
                MemoryMap.parseFirmwareEntry("b", "0x1000", "0x2fff", "Reserved"))))
                .hasMessageContaining("overlapping");
    }

    @Test
    void systemMemoryReadsBothFilesAndFallsBackToIomemWithoutTheFirmwareMap() throws Exception {
        Files.createDirectories(dir.resolve("proc"));
        Files.writeString(dir.resolve("proc/iomem"), QemuMemory.IOMEM);
        SystemMemory fallback = SystemMemory.read(dir);
        assertThat(fallback.firmware().regions()).hasSize(14);
        assertThat(fallback.firmware().regions()).allMatch(r -> r.children().isEmpty());
        for (List<String> e : QemuMemory.FIRMWARE) {
            Path d = Files.createDirectories(dir.resolve("sys/firmware/memmap/" + e.get(0)));
            Files.writeString(d.resolve("start"), e.get(1));
            Files.writeString(d.resolve("end"), e.get(2));
            Files.writeString(d.resolve("type"), e.get(3));
        }
        SystemMemory memory = SystemMemory.read(dir);
        assertThat(memory.firmware()).isEqualTo(QemuMemory.memory().firmware());
        assertThat(memory.iomem().usableRam()).hasSize(4);
    }
}
