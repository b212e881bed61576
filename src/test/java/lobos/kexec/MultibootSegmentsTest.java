package lobos.kexec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import lobos.image.KernelImage;
import lobos.image.MultibootImage;
import lobos.linux.SegmentData;
import org.junit.jupiter.api.Test;

class MultibootSegmentsTest {
    /** A flat Multiboot (v1) kernel at 0x200000: header at offset 8, load_end 0, bss to 0x203000, entry 0x200040. */
    static byte[] flat1(int flags, long headerAddr, long loadAddr, long bssEnd, long entry) {
        ByteBuffer b = ByteBuffer.allocate(0x1800).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(8, 0x1badb002).putInt(12, flags).putInt(16, -(0x1badb002 + flags));
        b.putInt(20, (int) headerAddr).putInt(24, (int) loadAddr).putInt(28, 0).putInt(32, (int) bssEnd)
                .putInt(36, (int) entry);
        b.put(0x40, (byte) 0xf4);
        return b.array();
    }

    static MultibootImage image(byte[] file) {
        return (MultibootImage) KernelImage.identify(file);
    }

    @Test
    void theAddressFieldsPlaceTheFileAndItsBss() {
        byte[] file = flat1(0x10003, 0x200008, 0x200000, 0x203000, 0x200040);
        MultibootSegments.Kernel k = MultibootSegments.kernel1(file, image(file));
        assertThat(k.entry()).isEqualTo(0x200040);
        assertThat(k.chunks()).hasSize(1);
        assertThat(k.chunks().getFirst().address()).isEqualTo(0x200000);
        assertThat(k.chunks().getFirst().data()).isEqualTo(file);
        assertThat(k.chunks().getFirst().memorySize()).isEqualTo(0x3000);
    }

    @Test
    void headerAddressesThatDoNotFitTheFileAreRefused() {
        byte[] before = flat1(0x10003, 0x200008, 0x1f0000, 0, 0x1f0040);   // the load would start before the file
        assertThatThrownBy(() -> MultibootSegments.kernel1(before, image(before))).hasMessageContaining("file offset");
        byte[] outside = flat1(0x10003, 0x200008, 0x200000, 0, 0x300000);  // entry past the end
        assertThatThrownBy(() -> MultibootSegments.kernel1(outside, image(outside))).hasMessageContaining("entry_addr");
        byte[] shortBss = flat1(0x10003, 0x200008, 0x200000, 0x200100, 0x200040);
        assertThatThrownBy(() -> MultibootSegments.kernel1(shortBss, image(shortBss))).hasMessageContaining("bss_end_addr");
    }

    @Test
    void theWholeImageIsLaidOutWithModulesAboveTheKernelAndTheEntryCodeLast() {
        byte[] file = flat1(0x10003, 0x200008, 0x200000, 0x203000, 0x200040);
        KexecImage image = MultibootSegments.layout(false, file, image(file), "args",
                List.of(new MultibootSegments.ModuleData(SegmentData.of(new byte[5000]), "/m1"),
                        new MultibootSegments.ModuleData(SegmentData.of(new byte[0]), "/empty")), QemuMemory.memory());
        assertThat(image.describe()).containsExactly("kernel 0x200000-0x202fff", "module 1 0x203000-0x204fff",
                "module 2 0x205000-0x205fff", "entry code and boot information 0x206000-0x207fff", "entry 0x206000");
        ByteBuffer piece = ByteBuffer.wrap(image.segments().getLast().bytes()).order(ByteOrder.LITTLE_ENDIAN);
        int mods = piece.getInt(0x1000 + 24) - 0x206000;
        assertThat(piece.getInt(mods)).isEqualTo(0x203000);
        assertThat(piece.getInt(mods + 4)).isEqualTo(0x203000 + 5000);
        assertThat(piece.getInt(mods + 16)).isEqualTo(0x205000);
        assertThat(piece.getInt(mods + 20)).isEqualTo(0x205000);
    }

    @Test
    void unknownRequiredFlagsAndTagsAreRefusedAsTheSpecificationsAsk() {
        byte[] file = flat1(0x10003 | 0x20, 0x200008, 0x200000, 0, 0x200040);
        assertThatThrownBy(() -> MultibootSegments.check(image(file).multiboot1().orElseThrow(), false, "k"))
                .hasMessageContaining("flags 0x20");
        byte[] noAddresses = flat1(0x3, 0, 0, 0, 0);
        assertThatThrownBy(() -> MultibootSegments.check(image(noAddresses).multiboot1().orElseThrow(), false, "k"))
                .hasMessageContaining("neither ELF nor gives load addresses");
    }

    /** A Multiboot2 header with {@code tags} (type, flags, values...) at offset 0 of a 4 KiB file. */
    static byte[] flat2(int[]... tags) {
        ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        int at = 16;
        for (int[] t : tags) {
            int size = 8 + 4 * (t.length - 2);
            b.putShort(at, (short) t[0]).putShort(at + 2, (short) t[1]).putInt(at + 4, size);
            for (int i = 2; i < t.length; i++) b.putInt(at + 8 + 4 * (i - 2), t[i]);
            at += (size + 7) & ~7;
        }
        b.putShort(at, (short) 0).putShort(at + 2, (short) 0).putInt(at + 4, 8);
        int length = at + 8;
        b.putInt(0, 0xe85250d6).putInt(4, 0).putInt(8, length).putInt(12, -(0xe85250d6 + length));
        return b.array();
    }

    @Test
    void multiboot2AddressAndEntryTagsPlaceTheKernel() {
        byte[] file = flat2(new int[] {2, 0, 0x200000, -1, 0, 0x202000}, new int[] {3, 0, 0x200100});
        MultibootSegments.Kernel k = MultibootSegments.kernel2(file, image(file));
        assertThat(k.entry()).isEqualTo(0x200100);
        assertThat(k.chunks().getFirst().address()).isEqualTo(0x200000); // load_addr -1: from the file's start
        assertThat(k.chunks().getFirst().memorySize()).isEqualTo(0x2000);
    }

    @Test
    void requiredMultiboot2RequestsLobosCannotAnswerAreRefused() {
        byte[] framebuffer = flat2(new int[] {5, 0, 1024, 768, 32});
        assertThatThrownBy(() -> MultibootSegments.check(image(framebuffer).multiboot2().orElseThrow(), "k"))
                .hasMessageContaining("framebuffer");
        byte[] optional = flat2(new int[] {5, 1, 1024, 768, 32});
        MultibootSegments.check(image(optional).multiboot2().orElseThrow(), "k");
        byte[] request = flat2(new int[] {1, 0, 1, 6, 9});
        assertThatThrownBy(() -> MultibootSegments.check(image(request).multiboot2().orElseThrow(), "k"))
                .hasMessageContaining("[9]");
        MultibootSegments.check(image(flat2(new int[] {1, 0, 1, 6})).multiboot2().orElseThrow(), "k");
    }
}
