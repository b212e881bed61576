package lobos.kexec;

import java.util.List;

/** The memory maps a 1 GiB QEMU guest (SeaBIOS) shows, as the kernel prints them. */
final class QemuMemory {
    private QemuMemory() {}

    static final String IOMEM = """
            00000000-00000fff : Reserved
            00001000-0009fbff : System RAM
            0009fc00-0009ffff : Reserved
            000a0000-000bffff : PCI Bus 0000:00
            000c0000-000c99ff : Video ROM
            000f0000-000fffff : Reserved
              000f0000-000fffff : System ROM
            00100000-3ffdffff : System RAM
              01000000-01e01d31 : Kernel code
              01e02000-0245e615 : Kernel rodata
              03000000-0330ffff : Kernel data
              0364f000-03ffffff : Kernel bss
              2b000000-32ffffff : Crash kernel
            3ffe0000-3fffffff : Reserved
            40000000-febfffff : PCI Bus 0000:00
              fe000000-fe003fff : 0000:00:02.0
                fe000000-fe003fff : virtio-pci-modern
            fec00000-fec003ff : IOAPIC 0
            fed00000-fed003ff : HPET 0
              fed00000-fed003ff : PNP0103:00
            fee00000-fee00fff : Local APIC
            fffc0000-ffffffff : Reserved
            100000000-17fffffff : System RAM
            """;

    /** /sys/firmware/memmap: directory name, start, end, type. */
    static final List<List<String>> FIRMWARE = List.of(
            List.of("0", "0x0\n", "0x9fbff\n", "System RAM\n"),
            List.of("1", "0x9fc00\n", "0x9ffff\n", "Reserved\n"),
            List.of("2", "0xf0000\n", "0xfffff\n", "Reserved\n"),
            List.of("3", "0x100000\n", "0x3ffdffff\n", "System RAM\n"),
            List.of("4", "0x3ffe0000\n", "0x3fffffff\n", "Reserved\n"),
            List.of("5", "0xfeffc000\n", "0xfeffffff\n", "Reserved\n"),
            List.of("6", "0xfffc0000\n", "0xffffffff\n", "Reserved\n"),
            List.of("7", "0x100000000\n", "0x17fffffff\n", "System RAM\n"));

    static SystemMemory memory() {
        MemoryMap firmware = MemoryMap.firmware(FIRMWARE.stream()
                .map(e -> MemoryMap.parseFirmwareEntry("memmap/" + e.get(0), e.get(1), e.get(2), e.get(3))).toList());
        return new SystemMemory(firmware, MemoryMap.parseIomem(IOMEM));
    }
}
