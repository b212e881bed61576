package lobos.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lobos.image.BzImage.LoadFlag;
import lobos.image.BzImage.XLoadFlag;
import org.junit.jupiter.api.Test;

class BzImageTest {
    @Test
    void readsEveryHeaderFieldOfProtocol215() {
        byte[] vmlinux = Synthetic.elf64(62, new byte[1000]);
        byte[] payload = Synthetic.gzip(vmlinux);
        byte[] file = Synthetic.bzImage(0x20f, payload, vmlinux.length);

        BzImage b = (BzImage) KernelImage.identify(file);

        SetupHeader h = b.header();
        assertThat(h.setupSects()).isEqualTo(4);
        assertThat(h.rootFlags()).isEqualTo(1);
        assertThat(h.vidMode()).isEqualTo(0xffff);
        assertThat(h.version()).isEqualTo(0x20f);
        assertThat(h.loadflags()).isEqualTo(0x81);
        assertThat(h.code32Start()).isEqualTo(0x100000);
        assertThat(h.initrdAddrMax()).isEqualTo(0x7fffffff);
        assertThat(h.kernelAlignment()).isEqualTo(0x200000);
        assertThat(h.relocatableKernel()).isTrue();
        assertThat(h.minAlignment()).isEqualTo(21);
        assertThat(h.xloadflags()).isEqualTo(0x1b);
        assertThat(h.cmdlineSize()).isEqualTo(2047);
        assertThat(h.payloadOffset()).isEqualTo(Synthetic.PAYLOAD_OFFSET);
        assertThat(h.payloadLength()).isEqualTo(payload.length + 4);
        assertThat(h.prefAddress()).isEqualTo(0x1000000);
        assertThat(h.initSize()).isEqualTo(0x2000000);
        assertThat(h.handoverOffset()).isEqualTo(0x190);
        assertThat(h.kernelInfoOffset()).isEqualTo(0x1230);

        assertThat(b.kind()).isEqualTo("x86 bzImage");
        assertThat(b.protocol()).isEqualTo("2.15");
        assertThat(b.kernelVersion()).isEqualTo(Synthetic.KERNEL_VERSION);
        assertThat(b.loadflags()).containsExactly(LoadFlag.LOADED_HIGH, LoadFlag.CAN_USE_HEAP);
        assertThat(b.xloadflags()).containsExactly(XLoadFlag.KERNEL_64, XLoadFlag.CAN_BE_LOADED_ABOVE_4G,
                XLoadFlag.EFI_HANDOVER_64, XLoadFlag.EFI_KEXEC);
        assertThat(b.has(XLoadFlag.KERNEL_64)).isTrue();
        assertThat(b.has(XLoadFlag.EFI_HANDOVER_32)).isFalse();
        assertThat(b.protocolAtLeast(2, 12)).isTrue();
        assertThat(b.protocolAtLeast(2, 16)).isFalse();
        assertThat(b.setupSize()).isEqualTo(Synthetic.SETUP_SIZE);
        assertThat(b.kernelSize()).isEqualTo(file.length - Synthetic.SETUP_SIZE);
        assertThat(b.payloadCompression()).contains(Compression.GZIP);
        assertThat(b.payloadUncompressedSize()).isEqualTo(vmlinux.length);
        assertThat(b.efiStub()).isEmpty();
        assertThat(b.fileSize()).isEqualTo(file.length);
    }

    @Test
    void fieldsNewerThanTheProtocolAreNotRead() {
        // A 2.04 kernel: bytes at the offsets of later fields are code, not header.
        byte[] file = Synthetic.bzImage(0x204, Synthetic.gzip(new byte[10]), 10);

        BzImage b = (BzImage) KernelImage.identify(file);

        assertThat(b.protocol()).isEqualTo("2.04");
        assertThat(b.header().cmdlineSize()).as("255 before 2.06, says boot.rst").isEqualTo(255);
        assertThat(b.header().xloadflags()).isZero();
        assertThat(b.xloadflags()).isEmpty();
        assertThat(b.header().relocatableKernel()).isFalse();
        assertThat(b.header().prefAddress()).isZero();
        assertThat(b.header().payloadLength()).isZero();
        assertThat(b.payloadCompression()).isEmpty();
        assertThat(b.header().initrdAddrMax()).isEqualTo(0x7fffffff);
    }

    @Test
    void setupSectsZeroMeansFour() {
        byte[] file = Synthetic.bzImage();
        file[0x1f1] = 0;

        assertThat(((BzImage) KernelImage.identify(file)).setupSize()).isEqualTo(5 * 512);
    }

    @Test
    void withoutLoadedHighItIsAZImage() {
        byte[] file = Synthetic.bzImage();
        file[0x211] = 0;

        assertThat(KernelImage.identify(file).kind()).isEqualTo("x86 zImage");
    }

    @Test
    void anEfiStubIsReported() {
        byte[] file = Synthetic.bzImage();
        byte[] pe = Synthetic.pe(0x8664, new byte[0], java.util.List.of(new Synthetic.PeSection(".text", new byte[16])));
        // the PE headers of a stub live inside the setup sectors: put them at 0x80..0x1f0
        System.arraycopy(pe, 0, file, 0, 0x1f0);
        file[0x3c] = (byte) 0x80;

        BzImage b = (BzImage) KernelImage.identify(file);

        assertThat(b.efiStub()).isPresent();
        assertThat(b.efiStub().get().machine()).isEqualTo("x86-64");
        assertThat(b.efiStub().get().subsystem()).isEqualTo("efi-application");
    }

    private static final Path DEBIAN_KERNEL = Path.of("/tmp/k/x/boot/vmlinuz-6.1.0-56-amd64");

    /** The real Debian kernel, checked against file(1) and od(1); skipped only where it is absent. */
    @Test
    void debianKernelAgreesWithFileAndOd() throws IOException {
        assumeTrue(Files.isRegularFile(DEBIAN_KERNEL), "no Debian kernel at " + DEBIAN_KERNEL);
        BzImage b = (BzImage) KernelImage.identify(Files.readAllBytes(DEBIAN_KERNEL));

        String file = HostTools.text("file", "-b", DEBIAN_KERNEL.toString());
        Matcher version = Pattern.compile("version ([^,]+),").matcher(file);
        assertThat(version.find()).as(file).isTrue();
        assertThat(b.kernelVersion()).isEqualTo(version.group(1)).startsWith("6.1.0-56-amd64");
        assertThat(file).contains("bzImage");

        String raw = HostTools.text("od", "-An", "-tx2", "-j", "0x206", "-N", "2", DEBIAN_KERNEL.toString()).strip();
        int protocol = Integer.parseInt(raw, 16);
        assertThat(b.protocol()).isEqualTo("%d.%02d".formatted(protocol >> 8, protocol & 0xff)).isEqualTo("2.15");
        assertThat(b.has(XLoadFlag.KERNEL_64)).isTrue();
        assertThat(b.header().relocatableKernel()).isTrue();
        assertThat(b.efiStub()).isPresent();
    }

    @Test
    void debianKernelPayloadDecompressesToTheSizeInItsTrailer() throws IOException {
        assumeTrue(Files.isRegularFile(DEBIAN_KERNEL), "no Debian kernel at " + DEBIAN_KERNEL);
        byte[] file = Files.readAllBytes(DEBIAN_KERNEL);
        BzImage b = (BzImage) KernelImage.identify(file);
        int start = (int) (b.setupSize() + b.header().payloadOffset());

        // The payload is xz with the x86 BCJ filter and a CRC32 check (scripts/xz_wrap.sh).
        byte[] vmlinux = b.payloadCompression().orElseThrow()
                .decompress(file, start, (int) b.header().payloadLength() - 4, Compression.DEFAULT_LIMIT);

        assertThat((long) vmlinux.length).isEqualTo(b.payloadUncompressedSize());
        ElfImage elf = (ElfImage) KernelImage.identify(vmlinux);
        assertThat(elf.machine()).isEqualTo("x86-64");
        assertThat(elf.sections()).anyMatch(s -> s.name().equals(".text"));
    }

    @Test
    void debianKernelStubSectionsAgreeWithObjdump() throws IOException {
        assumeTrue(Files.isRegularFile(DEBIAN_KERNEL), "no Debian kernel at " + DEBIAN_KERNEL);
        BzImage b = (BzImage) KernelImage.identify(Files.readAllBytes(DEBIAN_KERNEL));

        assertThat(b.efiStub().orElseThrow().sections().stream().map(Pe.Section::name))
                .containsExactlyElementsOf(PeTest.objdumpSectionNames(DEBIAN_KERNEL));
    }
}
