package lobos.kexec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import lobos.image.BzImage;
import lobos.image.Elf;
import lobos.image.KernelImage;
import lobos.image.Synthetic;
import lobos.linux.KexecSegment;
import lobos.linux.SegmentData;
import org.junit.jupiter.api.Test;

/** Where the pieces of a Linux kernel land, and what the entry code and zero page say about them. */
class LinuxSegmentsTest {
    /** In the setup piece, the 64-bit entry code's movabs operands (EntryCodeTest shows the listing). */
    static final int STACK_IMM = 0x5b, ZERO_PAGE_IMM = 0x65, KERNEL_IMM = 0x75, ZP = 0x7000, CMDLINE = 0x8000;

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void aVmlinuxGoesToItsPhysicalAddressesAndIsEnteredAtItsEntry() {
        byte[] elf = Synthetic.elf64(62, new byte[8192]);
        byte[] initrd = new byte[5000];
        KexecImage image = LinuxSegments.vmlinux(Elf.parse(elf), elf, SegmentData.of(initrd), "root=/dev/vda1",
                QemuMemory.memory(), LinuxSegments.Extras.NONE);
        assertThat(image.describe()).containsExactly(
                "entry code, page tables, zero page and command line 0x100000-0x108fff",
                "kernel 0x1000000-0x1003fff",
                "initrd 0x3ffde000-0x3ffdffff",
                "entry 0x100000");
        KexecSegment kernel = image.segments().get(1);
        assertThat(kernel.bytes()).isEqualTo(elf);                 // p_offset 0, p_filesz = the file
        assertThat(kernel.memorySize()).isEqualTo(0x4000);         // p_memsz = file + 0x1000, in pages
        ByteBuffer setup = le(image.segments().getFirst().bytes());
        assertThat(setup.getLong(STACK_IMM)).isEqualTo(0x101000);
        assertThat(setup.getLong(ZERO_PAGE_IMM)).isEqualTo(0x107000);
        assertThat(setup.getLong(0x1000)).isEqualTo(0x102003);     // the entry code's PML4
        assertThat(setup.getLong(KERNEL_IMM)).isEqualTo(0x1000078); // e_entry
        assertThat(setup.getInt(ZP + 0x228)).isEqualTo(0x108000); // cmd_line_ptr
        assertThat(setup.getInt(ZP + 0x218)).isEqualTo(0x3ffde000); // ramdisk_image
        assertThat(setup.getInt(ZP + 0x21c)).isEqualTo(5000);
        assertThat(setup.get(ZP + 0x1e8)).isEqualTo((byte) 8);
        assertThat(setup.getShort(ZP + 0x206)).isEqualTo((short) 0x0206);
        byte[] line = Arrays.copyOfRange(setup.array(), CMDLINE, setup.capacity());
        assertThat(new String(line, StandardCharsets.UTF_8)).isEqualTo("root=/dev/vda1\0");
    }

    @Test
    void aBzImagesProtectedModeCodeGoesToItsPreferredAddressAndIsEnteredAt0x200() {
        byte[] file = Synthetic.bzImage();
        BzImage bz = (BzImage) KernelImage.identify(file);
        KexecImage image = LinuxSegments.bzImage(file, bz, SegmentData.of(new byte[0]), "quiet", QemuMemory.memory(),
                new LinuxSegments.Extras(0xf5a10, java.util.List.of()));
        assertThat(image.describe()).containsExactly(
                "entry code, page tables, zero page and command line 0x100000-0x108fff",
                "kernel 0x1000000-0x2ffffff", // init_size 0x2000000 from pref_address 0x1000000
                "entry 0x100000");
        assertThat(image.segments().get(1).bytes()).isEqualTo(Arrays.copyOfRange(file, 5 * 512, file.length));
        ByteBuffer setup = le(image.segments().getFirst().bytes());
        assertThat(setup.getLong(KERNEL_IMM)).isEqualTo(0x1000200);
        assertThat(setup.getInt(ZP + 0x202)).isEqualTo(0x53726448);      // the image's own header, copied
        assertThat(setup.getLong(ZP + 0x258)).isEqualTo(0x1000000);      // pref_address, copied
        assertThat(setup.getInt(ZP + 0x218)).isZero();                   // no initrd
        assertThat(setup.getLong(ZP + 0x070)).isEqualTo(0xf5a10);        // acpi_rsdp_addr
    }

    @Test
    void aKernelThatDoesNotFitItsPreferredAddressMovesToAnAlignedOne() {
        byte[] file = Synthetic.bzImage();
        BzImage bz = (BzImage) KernelImage.identify(file);
        // RAM only from 0x20000000: the kernel goes there (2 MiB aligned), the rest around it.
        MemoryMap ram = MemoryMap.parseIomem("20000000-2fffffff : System RAM\n");
        KexecImage image = LinuxSegments.bzImage(file, bz, SegmentData.of(new byte[100]), "", new SystemMemory(ram, ram),
                LinuxSegments.Extras.NONE);
        assertThat(image.describe()).containsExactly("kernel 0x20000000-0x21ffffff",
                "entry code, page tables, zero page and command line 0x22000000-0x22008fff", "initrd 0x2ffff000-0x2fffffff",
                "entry 0x22000000");
    }

    @Test
    void aVmlinuxWhoseEntryIsVirtualIsEnteredAtThePhysicalAddressItMapsTo() {
        ByteBuffer b = le(Synthetic.elf64(62, new byte[4096]));
        b.putLong(64 + 16, 0xffffffff81000000L);   // p_vaddr
        b.putLong(24, 0xffffffff81000078L);         // e_entry, virtual
        assertThat(LinuxSegments.physicalEntry(Elf.parse(b.array()))).isEqualTo(0x1000078);
        b.putLong(24, 0x5000000L);
        assertThatThrownBy(() -> LinuxSegments.physicalEntry(Elf.parse(b.array())))
                .hasMessageContaining("entry point 0x5000000 lies in no PT_LOAD segment");
    }

    @Test
    void aSegmentRunningPastTheFileIsRefused() {
        ByteBuffer b = le(Synthetic.elf64(62, new byte[4096]));
        b.putLong(64 + 32, 1 << 20);               // p_filesz past the end
        b.putLong(64 + 40, 1 << 20);
        assertThatThrownBy(() -> LinuxSegments.loadSegments(Elf.parse(b.array()), b.array()))
                .hasMessageContaining("past the end");
    }
}
