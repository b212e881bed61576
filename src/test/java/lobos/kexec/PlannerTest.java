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
        assertThatThrownBy(() -> x86.plan(request(bzImage(b -> b.putShort(0x236, (short) 0x19)),
                KernelRequest.Protocol.LINUX, KernelRequest.Syscall.FILE))).hasMessageContaining("XLF_CAN_BE_LOADED_ABOVE_4G");
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
        Path aarch64 = Files.write(dir.resolve("vmlinux"), Synthetic.elf64(183, new byte[64]));
        assertThatThrownBy(() -> x86.plan(aarch64, List.of(), "x")).hasMessageContaining("ELF")
                .hasMessageContaining("AArch64").satisfies(e -> assertThat(((KexecException) e).hint()).contains("x86-64"));
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

    private KernelRequest request(Path kernel, KernelRequest.Protocol protocol, KernelRequest.Syscall syscall,
            KernelRequest.Module... modules) {
        return new KernelRequest(kernel, protocol, List.of(), List.of(modules), "console=ttyS0", syscall);
    }

    @Test
    void anElfVmlinuxIsLaidOutForKexecLoadAndKexecFileLoadIsNotOffered() throws Exception {
        Path vmlinux = Files.write(dir.resolve("vmlinux"), Synthetic.elf64(62, new byte[64]));
        BootPlan plan = x86.plan(vmlinux, List.of(), "root=/dev/vda1");
        assertThat(plan).isInstanceOf(BootPlan.SegmentLoad.class);
        assertThat(plan.syscall()).isEqualTo("kexec_load");
        assertThat(((BootPlan.SegmentLoad) plan).format()).isEqualTo(BootPlan.Format.VMLINUX);
        assertThat(plan.description()).isEqualTo("Linux ELF vmlinux with 1 PT_LOAD segment, entry 0x1000078");
        assertThatThrownBy(() -> x86.plan(request(vmlinux, KernelRequest.Protocol.LINUX, KernelRequest.Syscall.FILE)))
                .hasMessageContaining("kexec_file_load does not take")
                .satisfies(e -> assertThat(((KexecException) e).hint()).contains("--syscall=load"));
    }

    @Test
    void theSyscallChoosesHowABzImageIsLoaded() throws Exception {
        Path kernel = bzImage(b -> {});
        assertThat(x86.plan(request(kernel, KernelRequest.Protocol.LINUX, KernelRequest.Syscall.AUTO)))
                .isInstanceOf(BootPlan.FileLoad.class);
        assertThat(x86.plan(request(kernel, KernelRequest.Protocol.LINUX, KernelRequest.Syscall.FILE)).syscall())
                .isEqualTo("kexec_file_load");
        BootPlan load = x86.plan(request(kernel, KernelRequest.Protocol.LINUX, KernelRequest.Syscall.LOAD));
        assertThat(load.syscall()).isEqualTo("kexec_load");
        assertThat(load.description()).isEqualTo("Linux 6.99.0-synthetic, bzImage protocol 2.15, by kexec_load");
        Path bit32 = bzImage(b -> b.putShort(0x236, (short) 0x1a));
        assertThatThrownBy(() -> x86.plan(request(bit32, KernelRequest.Protocol.LINUX, KernelRequest.Syscall.LOAD)))
                .hasMessageContaining("XLF_KERNEL_64");
        assertThatThrownBy(() -> new Planner(Arch.ARM64).plan(request(kernel, KernelRequest.Protocol.LINUX,
                KernelRequest.Syscall.LOAD))).hasMessageContaining("only for x86_64");
    }

    @Test
    void modulesBelongToMultibootKernels() throws Exception {
        Path kernel = bzImage(b -> {});
        Path module = Files.write(dir.resolve("mod"), new byte[] {1});
        assertThatThrownBy(() -> x86.plan(request(kernel, KernelRequest.Protocol.LINUX, KernelRequest.Syscall.AUTO,
                new KernelRequest.Module(module, "mod a=1")))).hasMessageContaining("takes no modules");
        assertThatThrownBy(() -> x86.plan(request(kernel, KernelRequest.Protocol.MULTIBOOT, KernelRequest.Syscall.AUTO)))
                .hasMessageContaining("not a Multiboot kernel");
        assertThatThrownBy(() -> x86.plan(request(kernel, KernelRequest.Protocol.LINUX, KernelRequest.Syscall.AUTO,
                new KernelRequest.Module(dir.resolve("missing"), "")))).hasMessageContaining("module " + dir.resolve("missing"));
    }

    @Test
    void aGzipCompressedMultiboot2KernelIsCheckedInsideItsWrapperAsXenGzIs() throws Exception {
        // Debian's /boot/xen-*.gz: GRUB's multiboot2 unzips it; Kexec reads the kernel's bytes through Unpacked.
        byte[] flat = MultibootSegmentsTest.flat2(new int[] {2, 0, 0x200000, -1, 0, 0x202000}, new int[] {3, 0, 0x200100});
        Path xen = Files.write(dir.resolve("xen.gz"), Synthetic.gzip(flat));
        Path module = Files.write(dir.resolve("vmlinuz"), new byte[] {1});
        BootPlan plan = x86.plan(request(xen, KernelRequest.Protocol.MULTIBOOT2, KernelRequest.Syscall.AUTO,
                new KernelRequest.Module(module, "/boot/vmlinuz console=hvc0")));
        assertThat(plan).isInstanceOf(BootPlan.SegmentLoad.class);
        assertThat(((BootPlan.SegmentLoad) plan).format()).isEqualTo(BootPlan.Format.MULTIBOOT2);
        assertThat(plan.description()).isEqualTo("Multiboot2 kernel (loaded by its header's addresses) with 1 module,"
                + " gzip-compressed");
        assertThat(Unpacked.kernel(Files.readAllBytes(xen))).isEqualTo(flat);
        // as a menu entry boots it (kboot.conf module=, protocol left to lobos): Multiboot2 too
        BootPlan auto = x86.plan(request(xen, KernelRequest.Protocol.LINUX, KernelRequest.Syscall.AUTO,
                new KernelRequest.Module(module, "/boot/vmlinuz")));
        assertThat(((BootPlan.SegmentLoad) auto).format()).isEqualTo(BootPlan.Format.MULTIBOOT2);
        assertThat(auto.warnings()).noneMatch(w -> w.contains("command line is empty"));
        assertThatThrownBy(() -> x86.plan(request(xen, KernelRequest.Protocol.MULTIBOOT, KernelRequest.Syscall.AUTO)))
                .hasMessageContaining("without a Multiboot (v1) header");
        Path twice = Files.write(dir.resolve("xen.gz.gz"), Synthetic.gzip(Synthetic.gzip(flat)));
        assertThatThrownBy(() -> x86.plan(request(twice, KernelRequest.Protocol.MULTIBOOT2, KernelRequest.Syscall.AUTO)))
                .hasMessageContaining("not a Multiboot kernel");
    }

    @Test
    void aBzImageKexecFileLoadRefusesButThatHasA64BitEntryIsLaidOutByLobos() throws Exception {
        Path memtestLike = bzImage(b -> b.putShort(0x236, (short) 0x09).put(0x234, (byte) 0)); // KERNEL_64 only, fixed
        BootPlan plan = x86.plan(memtestLike, List.of(), "console=ttyS0");
        assertThat(plan.syscall()).isEqualTo("kexec_load");
        assertThat(plan.warnings()).singleElement().asString().contains("XLF_CAN_BE_LOADED_ABOVE_4G")
                .endsWith("lobos lays it out itself (kexec_load)");
        assertThatThrownBy(() -> x86.plan(request(memtestLike, KernelRequest.Protocol.LINUX, KernelRequest.Syscall.FILE)))
                .hasMessageContaining("XLF_CAN_BE_LOADED_ABOVE_4G");
    }

    @Test
    void aUkiUsesItsOwnCommandLineUnlessTheEntryGivesOne() throws Exception {
        Path uki = Files.write(dir.resolve("uki.efi"), Synthetic.uki(Synthetic.bzImage(), "root=/dev/vda2 quiet", null,
                new byte[] {1}));
        BootPlan own = x86.plan(uki, List.of(), "");
        assertThat(((BootPlan.FileLoad) own).source()).isEqualTo(BootPlan.Source.UKI);
        assertThat(own.cmdline()).isEqualTo("root=/dev/vda2 quiet");
        assertThat(own.description()).isEqualTo("unified kernel image: Linux 6.99.0-synthetic, bzImage protocol 2.15");
        assertThat(own.warnings()).isEmpty();
        BootPlan given = x86.plan(uki, List.of(), "single");
        assertThat(given.cmdline()).isEqualTo("single");
        assertThat(given.warnings()).singleElement().asString().contains("replaces the UKI's own");
        assertThatThrownBy(() -> x86.plan(request(uki, KernelRequest.Protocol.LINUX, KernelRequest.Syscall.LOAD)))
                .hasMessageContaining("kexec_file_load");
    }

    @Test
    void compressedKernelsAreDecompressedAndLoadedByWhatIsInside() throws Exception {
        Path gzBz = Files.write(dir.resolve("vmlinuz.gz"), Synthetic.gzip(Synthetic.bzImage()));
        BootPlan bz = x86.plan(gzBz, List.of(), "x");
        assertThat(((BootPlan.FileLoad) bz).source()).isEqualTo(BootPlan.Source.DECOMPRESSED);
        assertThat(bz.description()).isEqualTo("Linux 6.99.0-synthetic, bzImage protocol 2.15, decompressed from gzip");
        Path gzElf = Files.write(dir.resolve("vmlinux.gz"), Synthetic.gzip(Synthetic.elf64(62, new byte[64])));
        BootPlan elf = x86.plan(gzElf, List.of(), "x");
        assertThat(elf.syscall()).isEqualTo("kexec_load");
        assertThat(elf.description()).endsWith(", gzip-compressed");
        Path gzArm = Files.write(dir.resolve("Image.gz"), Synthetic.gzip(Synthetic.arm64Image(0, 1 << 20, 0xa, 4096)));
        BootPlan arm = new Planner(Arch.ARM64).plan(gzArm, List.of(), "x");
        assertThat(((BootPlan.FileLoad) arm).source()).isEqualTo(BootPlan.Source.DECOMPRESSED);
        assertThat(arm.description()).startsWith("arm64 Image").endsWith("decompressed from gzip");
        Path twice = Files.write(dir.resolve("twice.gz"), Synthetic.gzip(Synthetic.gzip(Synthetic.bzImage())));
        assertThatThrownBy(() -> x86.plan(twice, List.of(), "x")).hasMessageContaining("a wrapper inside a wrapper");
    }
}
