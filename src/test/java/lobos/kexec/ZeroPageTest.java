package lobos.kexec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import lobos.image.Synthetic;
import org.junit.jupiter.api.Test;

/** Offsets from Documentation/arch/x86/zero-page.rst and boot.rst, written out here. */
class ZeroPageTest {
    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void aBzImagesSetupHeaderIsCopiedUpToTheEndItDeclares() {
        byte[] image = Synthetic.bzImage();
        byte[] page = ZeroPage.fromBzImage(image).bytes();
        int end = 0x202 + (image[0x201] & 0xff); // 0x26c for the synthetic image's jump of 0x6a
        assertThat(end).isEqualTo(0x26c);
        assertThat(Arrays.copyOfRange(page, 0x1f1, end)).isEqualTo(Arrays.copyOfRange(image, 0x1f1, end));
        assertThat(Arrays.copyOfRange(page, 0, 0x1f1)).containsOnly(0);
        assertThat(Arrays.copyOfRange(page, end, 4096)).containsOnly(0);
    }

    @Test
    void aVmlinuxGetsASyntheticHeader() {
        ByteBuffer b = le(ZeroPage.synthetic().loader().bytes());
        assertThat(b.getInt(0x202)).isEqualTo(0x53726448); // "HdrS"
        assertThat(b.getShort(0x206)).isEqualTo((short) 0x0206);
        assertThat(b.get(0x210) & 0xff).isEqualTo(0xff); // type_of_loader: undefined
        assertThat(b.getInt(0x22c)).isEqualTo(0x37ffffff);
        assertThat(b.getInt(0x238)).isEqualTo(2048);
    }

    @Test
    void addressesAboveFourGiBUseTheExtFields() {
        ByteBuffer b = le(ZeroPage.synthetic().commandLine(0x1_2345_6000L).ramdisk(0x2_0000_1000L, 0x1_0000_0002L)
                .acpiRsdp(0xbfefe014L).bytes());
        assertThat(b.getInt(0x228)).isEqualTo(0x23456000);   // cmd_line_ptr
        assertThat(b.getInt(0x0c8)).isEqualTo(1);            // ext_cmd_line_ptr
        assertThat(b.getInt(0x218)).isEqualTo(0x00001000);   // ramdisk_image
        assertThat(b.getInt(0x0c0)).isEqualTo(2);            // ext_ramdisk_image
        assertThat(b.getInt(0x21c)).isEqualTo(2);            // ramdisk_size
        assertThat(b.getInt(0x0c4)).isEqualTo(1);            // ext_ramdisk_size
        assertThat(b.getLong(0x070)).isEqualTo(0xbfefe014L); // acpi_rsdp_addr
    }

    @Test
    void e820EntriesAreTwentyBytesFrom0x2d0WithTheCountAt0x1e8() {
        List<ZeroPage.E820> map = ZeroPage.e820(QemuMemory.memory().firmware());
        assertThat(map).hasSize(8);
        ByteBuffer b = le(ZeroPage.synthetic().e820(map).bytes());
        assertThat(b.get(0x1e8)).isEqualTo((byte) 8);
        assertThat(b.getLong(0x2d0)).isZero();
        assertThat(b.getLong(0x2d0 + 8)).isEqualTo(0x9fc00);
        assertThat(b.getInt(0x2d0 + 16)).isEqualTo(1);
        assertThat(b.getLong(0x2d0 + 3 * 20)).isEqualTo(0x100000);
        assertThat(b.getLong(0x2d0 + 3 * 20 + 8)).isEqualTo(0x3fee0000);
        assertThat(b.getInt(0x2d0 + 4 * 20 + 16)).isEqualTo(2);
        assertThat(b.getLong(0x2d0 + 7 * 20)).isEqualTo(0x100000000L);
    }

    @Test
    void neighboursOfOneTypeAreJoinedAndTooManyEntriesRefused() {
        MemoryMap split = MemoryMap.firmware(List.of(
                MemoryMap.parseFirmwareEntry("a", "0x0", "0xfff", "System RAM"),
                MemoryMap.parseFirmwareEntry("b", "0x1000", "0x1fff", "System RAM"),
                MemoryMap.parseFirmwareEntry("c", "0x2000", "0x2fff", "Reserved")));
        assertThat(ZeroPage.e820(split)).containsExactly(new ZeroPage.E820(0, 0x2000, 1), new ZeroPage.E820(0x2000, 0x1000, 2));
        List<ZeroPage.E820> many = new ArrayList<>();
        for (int i = 0; i < 129; i++) many.add(new ZeroPage.E820(i * 0x2000L, 0x1000, 1 + i % 2));
        assertThatThrownBy(() -> ZeroPage.synthetic().e820(many)).hasMessageContaining("129 entries")
                .satisfies(e -> assertThat(((KexecException) e).hint()).contains("--syscall=file"));
    }
}
