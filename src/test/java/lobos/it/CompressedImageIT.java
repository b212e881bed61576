package lobos.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lobos.build.BootImage;
import lobos.build.ProbeImage;
import lobos.build.Qemu;
import lobos.initramfs.Compression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The shared test loader is uncompressed (fastest under emulation); lobos mkimage compresses
 * with zstd by default. The same image compressed as mkimage does it must be something the
 * kernel unpacks at boot: an 8 MiB window, a content checksum, over 100 MB of output.
 */
class CompressedImageIT {
    @Test
    void theLoaderCompressedWithZstdUnpacksAndBootsItsEntry(TestInfo test) throws Exception {
        String name = test.getTestMethod().orElseThrow().getName();
        BootImage plain = TestImages.loader();
        Path zst = Files.createDirectories(TestImages.DIR.resolve("image-zstd")).resolve("lobos-initramfs.cpio.zst");
        try (InputStream in = Files.newInputStream(plain.initramfs()); OutputStream file = Files.newOutputStream(zst);
                OutputStream out = Compression.ZSTD.compress(file)) {
            in.transferTo(out);
        }
        assertThat(Files.size(zst)).isLessThan(plain.initramfsBytes() / 2);
        BootImage zstd = new BootImage(zst, plain.kernel(), plain.release(), Files.size(zst), plain.kernelBytes(),
                plain.sizes(), plain.modules());
        String cmdline = "console=ttyS0 panic=-1 quiet lobos.test=zstd";
        Path initrd = ProbeImage.loaderWithTarget(zstd, Path.of("/bin/busybox"), """
                default=probe
                delay=0
                probe="//boot/vmlinuz initrd=//boot/probe.gz %s"
                """.formatted(cmdline), TestImages.DIR.resolve(name + "-initrd.img"));
        try (Qemu qemu = Qemu.start(new Qemu.Options(plain.kernel(), initrd, "console=ttyS0 panic=-1 quiet", 1024, List.of()),
                TestImages.DIR.resolve(name + ".log"))) {
            qemu.expect("lobos ready", TestImages.BOOT);
            assertThat(TestImages.probeReport(qemu)).contains("probe: cmdline " + cmdline + "\n");
            assertThat(qemu.awaitExit(TestImages.BOOT)).isZero();
            assertThat(qemu.output()).doesNotContain("Initramfs unpacking failed");
        }
    }
}
