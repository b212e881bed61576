package lobos.image;

import static lobos.image.Synthetic.concat;
import static lobos.image.Synthetic.multiboot2Tag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MultibootTest {
    @Test
    void rawBinaryWithAddressFields() {
        // flags: PAGE_ALIGN | MEMORY_INFO | ADDRESS_FIELDS; header at 0x40 (4-aligned)
        byte[] header = Synthetic.multiboot1Header(0x10003, 0x100040, 0x100000, 0x104000, 0x108000, 0x10000c);
        byte[] file = concat(new byte[0x40], header, new byte[1000]);

        MultibootImage m = (MultibootImage) KernelImage.identify(file);

        var h = m.multiboot1().orElseThrow();
        assertThat(h.offset()).isEqualTo(0x40);
        assertThat(h.flags()).isEqualTo(0x10003);
        assertThat(h.flagBits()).containsExactly(Multiboot.Flag.PAGE_ALIGN, Multiboot.Flag.MEMORY_INFO, Multiboot.Flag.ADDRESS_FIELDS);
        assertThat(h.headerAddr()).isEqualTo(0x100040);
        assertThat(h.loadAddr()).isEqualTo(0x100000);
        assertThat(h.loadEndAddr()).isEqualTo(0x104000);
        assertThat(h.bssEndAddr()).isEqualTo(0x108000);
        assertThat(h.entryAddr()).isEqualTo(0x10000c);
        assertThat(h.unknownRequiredFlags()).isZero();
        assertThat(m.multiboot2()).isEmpty();
        assertThat(m.elf()).isEmpty();
        assertThat(m.kind()).isEqualTo("Multiboot binary kernel");
    }

    @Test
    void aBadChecksumIsNoHeader() {
        byte[] header = Synthetic.multiboot1Header(0x3);
        header[8]++;
        byte[] file = concat(new byte[0x40], header, new byte[100]);

        assertThatThrownBy(() -> KernelImage.identify(file)).isInstanceOf(UnknownImageException.class);
    }

    @Test
    void misalignedMagicIsNoHeader() {
        byte[] file = concat(new byte[0x42], Synthetic.multiboot1Header(0x3), new byte[100]);

        assertThatThrownBy(() -> KernelImage.identify(file)).isInstanceOf(UnknownImageException.class);
    }

    @Test
    void headerBeyond8KiBIsNotFound() {
        byte[] file = concat(new byte[8192], Synthetic.multiboot1Header(0x3), new byte[100]);

        assertThatThrownBy(() -> KernelImage.identify(file)).isInstanceOf(UnknownImageException.class);
    }

    @Test
    void multiboot2TagsInAnElfKernel() {
        byte[] mb2 = Synthetic.multiboot2Header(0,
                multiboot2Tag(1, 0, 4, 6),                 // information request: memory map, basic meminfo
                multiboot2Tag(5, 1, 1024, 768, 32),        // framebuffer, optional
                multiboot2Tag(3, 0, 0x100100),             // entry address
                multiboot2Tag(0, 0));                      // end
        byte[] file = Synthetic.elf64(62, concat(new byte[8], mb2, new byte[64]));
        // the ELF header and one program header take 120 bytes: 120 + 8 = 128, 8-aligned

        MultibootImage m = (MultibootImage) KernelImage.identify(file);

        var h = m.multiboot2().orElseThrow();
        assertThat(h.offset()).isEqualTo(128);
        assertThat(h.architectureName()).isEqualTo("i386");
        assertThat(h.headerLength()).isEqualTo(mb2.length);
        assertThat(h.tags()).extracting(Multiboot.Tag::name)
                .containsExactly("information-request", "framebuffer", "entry-address", "end");
        assertThat(h.tags().get(0).values()).containsExactly(4L, 6L);
        assertThat(h.tags().get(1).optional()).isTrue();
        assertThat(h.tags().get(1).values()).containsExactly(1024L, 768L, 32L);
        assertThat(h.tags().get(2).values()).containsExactly(0x100100L);
        assertThat(m.elf()).isPresent();
        assertThat(m.elf().get().machine()).isEqualTo("x86-64");
        assertThat(m.kind()).isEqualTo("Multiboot2 ELF kernel");
    }

    @Test
    void multiboot2WithoutEndTagIsCorrupt() {
        byte[] mb2 = Synthetic.multiboot2Header(0, multiboot2Tag(3, 0, 0x100100));
        byte[] file = concat(mb2, new byte[64]);

        assertThatThrownBy(() -> KernelImage.identify(file))
                .isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("Multiboot2 header corrupt: field tags at offset 0x20");
    }

    @Test
    void bothVersionsInOneBinary() {
        byte[] file = concat(Synthetic.multiboot1Header(0x2), new byte[4],
                Synthetic.multiboot2Header(0, multiboot2Tag(0, 0)), new byte[64]);

        MultibootImage m = (MultibootImage) KernelImage.identify(file);

        assertThat(m.multiboot1().orElseThrow().flagBits()).containsExactly(Multiboot.Flag.MEMORY_INFO);
        assertThat(m.multiboot2().orElseThrow().offset()).isEqualTo(16);
        assertThat(m.multiboot2().get().tags()).hasSize(1);
        assertThat(m.kind()).isEqualTo("Multiboot and Multiboot2 binary kernel");
        assertThat(List.of(m.fileSize())).containsExactly((long) file.length);
    }
}
