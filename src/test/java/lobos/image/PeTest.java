package lobos.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lobos.image.Synthetic.PeSection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeTest {
    @TempDir
    Path dir;

    /** Section names as objdump -h lists them, in table order. */
    static List<String> objdumpSectionNames(Path file) {
        Matcher m = Pattern.compile("(?m)^\\s+\\d+\\s+(\\S+)\\s").matcher(HostTools.text("objdump", "-h", file.toString()));
        List<String> names = new java.util.ArrayList<>();
        while (m.find()) names.add(m.group(1));
        return names;
    }

    @Test
    void plainEfiApplicationAgreesWithObjdump() throws IOException {
        byte[] file = Synthetic.pe(0x8664, new byte[0], List.of(
                new PeSection(".text", new byte[100]), new PeSection(".data", new byte[700]), new PeSection(".reloc", new byte[12])));
        Path efi = Files.write(dir.resolve("app.efi"), file);

        EfiImage image = (EfiImage) KernelImage.identify(file);

        assertThat(image.pe().machine()).isEqualTo("x86-64");
        assertThat(image.pe().format()).isEqualTo("PE32+");
        assertThat(image.pe().subsystemCode()).isEqualTo(10);
        assertThat(image.pe().imageVersion()).isEqualTo("1.1");
        assertThat(image.pe().entryPoint()).isEqualTo(0x1000);
        assertThat(image.pe().sections().stream().map(Pe.Section::name)).containsExactlyElementsOf(objdumpSectionNames(efi));
        assertThat(image.pe().sections().get(1).size()).isEqualTo(700);
        assertThat(image.kind()).isEqualTo("PE/COFF efi-application");
    }

    @Test
    void ukiSectionsAndTexts() {
        byte[] kernel = Synthetic.bzImage();
        byte[] file = Synthetic.pe(0x8664, new byte[0], List.of(
                new PeSection(".text", new byte[64]),
                new PeSection(".osrel", "ID=debian\nNAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 13 (trixie)\"\n".getBytes(StandardCharsets.UTF_8)),
                new PeSection(".cmdline", "root=/dev/vda1 console=ttyS0\0".getBytes(StandardCharsets.UTF_8)),
                new PeSection(".uname", "6.99.0-synthetic\n".getBytes(StandardCharsets.UTF_8)),
                new PeSection(".initrd", new byte[3000]),
                new PeSection(".linux", kernel)));

        Uki uki = (Uki) KernelImage.identify(file);

        assertThat(uki.cmdline()).isEqualTo("root=/dev/vda1 console=ttyS0");
        assertThat(uki.uname()).isEqualTo("6.99.0-synthetic");
        assertThat(uki.osRelease()).isEqualTo("Debian GNU/Linux 13 (trixie)");
        assertThat(uki.sections()).extracting(Uki.Part::name).containsExactly(".osrel", ".cmdline", ".uname", ".initrd", ".linux");
        assertThat(uki.sections()).filteredOn(p -> p.name().equals(".initrd")).extracting(Uki.Part::size).containsExactly(3000L);
        assertThat(uki.linux()).isInstanceOf(BzImage.class);
        assertThat(((BzImage) uki.linux()).kernelVersion()).isEqualTo(Synthetic.KERNEL_VERSION);
    }

    private static final Path SYSTEMD_STUB = Path.of("/usr/lib/systemd/boot/efi/linuxx64.efi.stub");

    /** A UKI made the way systemd 252 documents, with objcopy on systemd's own stub (package systemd-boot-efi). */
    @Test
    void ukiBuiltByObjcopyOnTheSystemdStub() throws IOException {
        assumeTrue(Files.isRegularFile(SYSTEMD_STUB), "systemd-boot-efi is not installed");
        Path kernel = Files.write(dir.resolve("vmlinuz"), Synthetic.bzImage());
        Path cmdline = Files.writeString(dir.resolve("cmdline"), "console=ttyS0 quiet");
        Path uname = Files.writeString(dir.resolve("uname"), "6.99.0-synthetic");
        Path osrel = Files.writeString(dir.resolve("osrel"), "NAME=Lobos\n");
        Path initrd = Files.write(dir.resolve("initrd"), new byte[5000]);
        Path uki = dir.resolve("uki.efi");
        HostTools.text("objcopy",
                "--add-section", ".osrel=" + osrel, "--change-section-vma", ".osrel=0x20000",
                "--add-section", ".cmdline=" + cmdline, "--change-section-vma", ".cmdline=0x30000",
                "--add-section", ".uname=" + uname, "--change-section-vma", ".uname=0x40000",
                "--add-section", ".initrd=" + initrd, "--change-section-vma", ".initrd=0x3000000",
                "--add-section", ".linux=" + kernel, "--change-section-vma", ".linux=0x2000000",
                SYSTEMD_STUB.toString(), uki.toString());

        Uki image = (Uki) KernelImage.identify(Files.readAllBytes(uki));

        assertThat(image.cmdline()).isEqualTo("console=ttyS0 quiet");
        assertThat(image.uname()).isEqualTo("6.99.0-synthetic");
        assertThat(image.osRelease()).isEqualTo("Lobos");
        assertThat(image.sections()).filteredOn(p -> p.name().equals(".linux")).extracting(Uki.Part::size)
                .containsExactly(Files.size(kernel));
        assertThat(image.sections()).filteredOn(p -> p.name().equals(".initrd")).extracting(Uki.Part::size)
                .containsExactly(5000L);
        assertThat(image.pe().sections().stream().map(Pe.Section::name)).containsExactlyElementsOf(objdumpSectionNames(uki));
        assertThat(image.linux().kind()).isEqualTo("x86 bzImage");
    }

    @Test
    void zbootPayloadIsDecompressedAndIdentified() {
        byte[] arm64 = Synthetic.arm64Image(0, 0x200000, 0b1010, 4096);
        byte[] payload = Synthetic.gzip(arm64);
        // the payload is the single section's data, at the first 0x200-aligned offset after the headers
        int payloadAt = 0x200;
        byte[] file = Synthetic.pe(0xaa64, Synthetic.zbootHead(payloadAt, payload.length, "gzip"),
                List.of(new PeSection(".data", payload)));

        EfiZboot z = (EfiZboot) KernelImage.identify(file);

        assertThat(z.compressionType()).isEqualTo("gzip");
        assertThat(z.payloadCompression()).contains(Compression.GZIP);
        assertThat(z.payloadOffset()).isEqualTo(payloadAt);
        assertThat(z.payloadSize()).isEqualTo(payload.length);
        assertThat(z.decompressedSize()).isEqualTo(arm64.length);
        assertThat(z.pe().machine()).isEqualTo("arm64");
        assertThat(z.inner()).isInstanceOf(Arm64Image.class);
    }

    @Test
    void peSectionTableCutShortNamesTheTable() {
        byte[] file = Synthetic.pe(0x8664, new byte[0], List.of(new PeSection(".text", new byte[16])));
        byte[] cut = java.util.Arrays.copyOf(file, 0x80 + 24 + 240 + 20);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> KernelImage.identify(cut))
                .isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("PE section table truncated");
    }
}
