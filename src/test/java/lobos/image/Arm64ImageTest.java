package lobos.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class Arm64ImageTest {
    /** The flags field per booting.rst: bit 0 endianness, bits 1-2 page size, bit 3 placement. */
    @ParameterizedTest
    @CsvSource({
        "0x0, false, 0, false",
        "0x1, true, 0, false",
        "0x2, false, 4096, false",
        "0x4, false, 16384, false",
        "0x6, false, 65536, false",
        "0xa, false, 4096, true",
        "0xf, true, 65536, true",
    })
    void flags(String flags, boolean bigEndian, int pageSize, boolean anywhere) {
        long f = Long.decode(flags);
        Arm64Image a = (Arm64Image) KernelImage.identify(Synthetic.arm64Image(0x80000, 0x1a00000, f, 256));

        assertThat(a.flags()).isEqualTo(f);
        assertThat(a.bigEndian()).isEqualTo(bigEndian);
        assertThat(a.pageSize()).isEqualTo(pageSize);
        assertThat(a.placeAnywhere()).isEqualTo(anywhere);
        assertThat(a.textOffset()).isEqualTo(0x80000);
        assertThat(a.imageSize()).isEqualTo(0x1a00000);
        assertThat(a.efiStub()).isEmpty();
        assertThat(a.kind()).isEqualTo("arm64 Image");
    }

    @Test
    void withEfiStubTheImageIsAlsoAPeFile() {
        // An EFI-stub Image: "MZ" in code0, res5 (0x3c) is the PE header offset.
        byte[] header = Synthetic.arm64Image(0, 0x2000000, 0xa, 0);
        byte[] file = Synthetic.pe(0xaa64, header, List.of(new Synthetic.PeSection(".text", new byte[512])));

        Arm64Image a = (Arm64Image) KernelImage.identify(file);

        assertThat(a.efiStub()).isPresent();
        assertThat(a.efiStub().get().machine()).isEqualTo("arm64");
        assertThat(a.imageSize()).isEqualTo(0x2000000);
    }
}
