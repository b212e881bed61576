package lobos.kexec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import lobos.image.Synthetic;
import lobos.linux.Arch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks kexec_file_load would make (arch/x86/kernel/kexec-bzimage64.c), made before loading. */
class PlannerTest {
    @TempDir
    Path dir;

    private final Planner x86 = new Planner(Arch.X86_64);

    /** A synthetic bzImage (protocol 2.15, 64-bit, loadable above 4 GiB) with header bytes changed. */
    private Path bzImage(Consumer<ByteBuffer> change) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Synthetic.bzImage()).order(ByteOrder.LITTLE_ENDIAN);
        change.accept(b);
        return Files.write(dir.resolve("vmlinuz"), b.array());
    }

    @Test
    void acceptsA64BitBzImageAndDescribesIt() throws Exception {
        Path initrd = Files.write(dir.resolve("initrd"), new byte[] {1});
        BootPlan plan = x86.plan(bzImage(b -> {}), List.of(initrd), "root=/dev/vda1");
        assertThat(plan.description()).isEqualTo("Linux 6.99.0-synthetic, bzImage protocol 2.15");
        assertThat(plan.initrds()).containsExactly(initrd);
        assertThat(plan.cmdline()).isEqualTo("root=/dev/vda1");
        assertThat(plan.warnings()).isEmpty();
    }

    @Test
    void refusesWhatKexecFileLoadWouldRefuse() throws Exception {
        assertThatThrownBy(() -> x86.plan(bzImage(b -> b.putShort(0x206, (short) 0x20a)), List.of(), "x"))
                .hasMessageContaining("boot protocol 2.10").hasMessageContaining("2.12 or newer");
        assertThatThrownBy(() -> x86.plan(bzImage(b -> b.putShort(0x236, (short) 0x1a)), List.of(), "x"))
                .hasMessageContaining("XLF_KERNEL_64");
        assertThatThrownBy(() -> x86.plan(bzImage(b -> b.putShort(0x236, (short) 0x19)), List.of(), "x"))
                .hasMessageContaining("XLF_CAN_BE_LOADED_ABOVE_4G");
        assertThatThrownBy(() -> x86.plan(bzImage(b -> b.put(0x211, (byte) 0x80)), List.of(), "x"))
                .hasMessageContaining("x86 zImage");
    }

    @Test
    void commandLineMustFitTheKernelsLimit() throws Exception {
        Path kernel = bzImage(b -> b.putInt(0x238, 16));
        assertThat(x86.plan(kernel, List.of(), "a".repeat(15)).cmdline()).hasSize(15);
        assertThatThrownBy(() -> x86.plan(kernel, List.of(), "a".repeat(16)))
                .hasMessageContaining("the command line is 16 bytes").hasMessageContaining("at most 15");
    }

    @Test
    void otherFormatsAndNonKernelsAreRefusedWithTheReason() throws Exception {
        Path arm = Files.write(dir.resolve("Image"), Synthetic.arm64Image(0, 1 << 20, 0xa, 4096));
        assertThatThrownBy(() -> x86.plan(arm, List.of(), "x")).hasMessageContaining("arm64")
                .hasMessageContaining("not an x86 bzImage");
        Path vmlinux = Files.write(dir.resolve("vmlinux"), Synthetic.elf64(62, new byte[64]));
        assertThatThrownBy(() -> x86.plan(vmlinux, List.of(), "x")).hasMessageContaining("ELF")
                .satisfies(e -> assertThat(((KexecException) e).hint()).contains("bzImage"));
        Path gz = Files.write(dir.resolve("vmlinuz.gz"), Synthetic.gzip(Synthetic.bzImage()));
        assertThatThrownBy(() -> x86.plan(gz, List.of(), "x")).hasMessageContaining("does not decompress");
        Path text = Files.writeString(dir.resolve("hosts"), "127.0.0.1 localhost\n");
        assertThatThrownBy(() -> x86.plan(text, List.of(), "x")).hasMessageContaining("is not a kernel");
        assertThatThrownBy(() -> x86.plan(dir.resolve("missing"), List.of(), "x")).hasMessageContaining("does not exist");
    }

    @Test
    void arm64TakesAnImage() throws Exception {
        Path arm = Files.write(dir.resolve("Image"), Synthetic.arm64Image(0, 1 << 20, 0xa, 4096));
        assertThat(new Planner(Arch.ARM64).plan(arm, List.of(), "x").description()).startsWith("arm64 Image");
        assertThatThrownBy(() -> new Planner(Arch.ARM64).plan(bzImage(b -> {}), List.of(), "x"))
                .hasMessageContaining("not a little-endian arm64 Image");
    }

    @Test
    void initrdsAreCheckedAndEmptyThingsWarned() throws Exception {
        Path kernel = bzImage(b -> {});
        assertThatThrownBy(() -> x86.plan(kernel, List.of(dir.resolve("nope.img")), "x"))
                .hasMessageContaining("initrd " + dir.resolve("nope.img") + " does not exist");
        Path empty = Files.write(dir.resolve("empty.img"), new byte[0]);
        assertThat(x86.plan(kernel, List.of(empty), "").warnings())
                .anyMatch(w -> w.contains("is empty")).anyMatch(w -> w.contains("command line is empty"));
    }
}
