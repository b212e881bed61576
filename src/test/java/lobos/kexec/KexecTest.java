package lobos.kexec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lobos.initramfs.Compression;
import lobos.initramfs.Content;
import lobos.initramfs.Initrd;
import lobos.initramfs.InitramfsBuilder;
import lobos.linux.Errno;
import lobos.linux.KernelException;
import lobos.linux.MountTable;
import lobos.linux.RecordingKernel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KexecTest {
    @TempDir
    Path dir;

    private final List<String> log = new ArrayList<>();
    private final List<List<String>> commands = new ArrayList<>();

    private Kexec kexec(RecordingKernel kernel, String mounts) {
        return new Kexec(kernel, log::add, () -> MountTable.parse(mounts), c -> {
            commands.add(c);
            return 0;
        });
    }

    private BootPlan plan(Path... initrds) {
        return new BootPlan.FileLoad(dir.resolve("vmlinuz"), "test kernel", List.of(initrds), "root=/dev/vda1 quiet", List.of());
    }

    @Test
    void loadsOneInitrdAsItIs() throws Exception {
        Path initrd = Files.write(dir.resolve("initrd"), new byte[] {1, 2, 3});
        var kernel = new RecordingKernel(dir);
        kexec(kernel, "").load(plan(initrd));
        assertThat(kernel.calls).containsExactly(
                "kexec_file_load " + dir.resolve("vmlinuz") + " " + initrd + " [root=/dev/vda1 quiet]");
    }

    private Path archive(String name, Compression compression, String... files) throws Exception {
        var builder = new InitramfsBuilder();
        for (String f : files) builder.file(f, f.getBytes(), 0644);
        Path p = dir.resolve(name);
        try (var out = Files.newOutputStream(p)) {
            builder.writeTo(out, compression);
        }
        return p;
    }

    @Test
    void concatenatesSeveralInitrdsInOrderIntoOneTheKernelUnpacksWhole() throws Exception {
        Path ucode = archive("ucode.cpio", Compression.NONE, "kernel/x86/microcode/GenuineIntel.bin");
        Path main = archive("main.cpio.gz", Compression.GZIP, "init", "bin/busybox");
        var kernel = new RecordingKernel(dir);
        kexec(kernel, "").load(plan(ucode, main));
        // The microcode archive comes first and unchanged, as the early loader needs it.
        byte[] first = Files.readAllBytes(ucode);
        assertThat(java.util.Arrays.copyOf(kernel.loadedInitrd, first.length)).isEqualTo(first);
        assertThat(Initrd.paths(new java.io.ByteArrayInputStream(kernel.loadedInitrd)))
                .contains("kernel/x86/microcode/GenuineIntel.bin", "init", "bin/busybox");
    }

    @Test
    void aPartThatIsNotAnInitramfsStopsTheLoadBeforeTheKernelIsCalled() throws Exception {
        Path junk = Files.write(dir.resolve("junk"), new byte[] {1, 2, 3, 4, 5});
        Path main = archive("main.cpio", Compression.NONE, "init");
        var kernel = new RecordingKernel(dir);
        assertThatThrownBy(() -> kexec(kernel, "").load(plan(main, junk)))
                .hasMessageContaining("initrd 2").hasMessageContaining("junk");
        assertThat(kernel.calls).isEmpty();
    }

    @Test
    void failedLoadIsTypedAndLeavesNothingLoaded() throws Exception {
        var kernel = new RecordingKernel(dir).failing("kexec_file_load", Errno.EKEYREJECTED);
        var k = kexec(kernel, "");
        assertThatThrownBy(() -> k.load(plan()))
                .isInstanceOfSatisfying(KernelException.class, e -> assertThat(e.hint()).contains("signature"));
        assertThat(kernel.kexecLoaded()).isFalse();
        assertThatThrownBy(() -> k.execute(Handoff.INIT)).hasMessageContaining("no kernel is loaded");
        assertThat(kernel.calls).noneMatch(c -> c.startsWith("reboot"));
    }

    @Test
    void asInitItFlushesReleasesDataFileSystemsAndReboots() throws Exception {
        var kernel = new RecordingKernel(dir);
        var k = kexec(kernel, """
                rootfs / rootfs rw 0 0
                proc /proc proc rw 0 0
                /dev/vda1 /run/lobos/vda1 ext4 ro 0 0
                server:/k /run/lobos/nfs nfs rw 0 0
                /dev/vda2 /run/lobos/vda2 ext4 rw 0 0
                """);
        k.load(plan());
        assertThatThrownBy(() -> k.execute(Handoff.INIT)).isInstanceOf(RecordingKernel.Rebooted.class);
        assertThat(kernel.calls).containsExactly(
                "kexec_file_load " + dir.resolve("vmlinuz") + " null [root=/dev/vda1 quiet]",
                "sync ", "umount /run/lobos/vda2 0", "umount /run/lobos/nfs 0", "sync ", "reboot KEXEC");
    }

    @Test
    void busyFileSystemsAreRemountedReadOnly() throws Exception {
        var kernel = new RecordingKernel(dir).failing("umount", Errno.EBUSY);
        var k = kexec(kernel, "/dev/sda1 / ext4 rw 0 0\n/dev/sda2 /home ext4 rw 0 0\n");
        k.load(plan());
        assertThatThrownBy(() -> k.execute(Handoff.DIRECT)).isInstanceOf(RecordingKernel.Rebooted.class);
        assertThat(kernel.calls).containsSubsequence("umount /home 0", "mount /dev/sda2 /home ext4 0x21 null",
                "mount /dev/sda1 / ext4 0x21 null", "reboot KEXEC");
        assertThat(log).anyMatch(l -> l.contains("remounting read-only"));
    }

    @Test
    void underSystemdItAsksSystemctl() throws Exception {
        var kernel = new RecordingKernel(dir);
        var k = kexec(kernel, "/dev/sda1 / ext4 rw 0 0\n");
        k.load(plan());
        k.execute(Handoff.SYSTEMD);
        assertThat(commands).containsExactly(List.of("systemctl", "kexec"));
        assertThat(kernel.calls).noneMatch(c -> c.startsWith("reboot") || c.startsWith("umount"));
    }

    @Test
    void aSegmentPlanIsLaidOutInTheMemoryMapAndHandedToKexecLoad() throws Exception {
        Path vmlinux = Files.write(dir.resolve("vmlinux"), lobos.image.Synthetic.elf64(62, new byte[100]));
        Path initrd = Files.write(dir.resolve("initrd"), new byte[] {1, 2, 3});
        var kernel = new RecordingKernel(dir);
        Kexec kexec = new Kexec(kernel, log::add, List::of, c -> 0, QemuMemory::memory, new SurvivingLog(dir));
        BootPlan plan = new Planner(lobos.linux.Arch.X86_64).plan(vmlinux, List.of(initrd), "quiet");
        kexec.load(plan);
        // the initrd is handed over as its file (mapped for the call), not read into the heap
        assertThat(kernel.calls).containsExactly("kexec_load entry=0x100000 [0x100000+0x9000(0x8006),"
                + " 0x1000000+0x2000(0xdc), 0x3ffdf000+0x1000(0x3 from a file)]");
        assertThat(kernel.loadedSegments.getLast().bytes()).containsExactly(1, 2, 3);
        assertThat(kernel.kexecLoaded()).isTrue();
        assertThat(log).containsExactly("kexec_load: entry code, page tables, zero page and command line 0x100000-0x108fff",
                "kexec_load: kernel 0x1000000-0x1001fff", "kexec_load: initrd 0x3ffdf000-0x3ffdffff",
                "kexec_load: entry 0x100000");
    }

    @Test
    void severalInitrdsForKexecLoadAreJoinedInAMemoryFileTheSystemCallReads() throws Exception {
        Path vmlinux = Files.write(dir.resolve("vmlinux"), lobos.image.Synthetic.elf64(62, new byte[100]));
        Path first = archive("first.cpio", Compression.NONE, "first.txt");
        Path second = archive("second.cpio", Compression.NONE, "second.txt");
        var kernel = new RecordingKernel(dir);
        Kexec kexec = new Kexec(kernel, log::add, List::of, c -> 0, QemuMemory::memory, new SurvivingLog(dir));
        kexec.load(new Planner(lobos.linux.Arch.X86_64).plan(vmlinux, List.of(first, second), "quiet"));
        assertThat(kernel.calls).singleElement().asString().endsWith(" from a file)]");
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        Initrd.concatenate(List.of(Content.of(first), Content.of(second)), joined);
        assertThat(kernel.loadedSegments.getLast().bytes()).isEqualTo(joined.toByteArray());
    }

    @Test
    void aRefusedKexecLoadSaysWhyInPlainWords() throws Exception {
        Path vmlinux = Files.write(dir.resolve("vmlinux"), lobos.image.Synthetic.elf64(62, new byte[100]));
        var kernel = new RecordingKernel(dir).failing("kexec_load", Errno.EPERM);
        Kexec kexec = new Kexec(kernel, log::add, List::of, c -> 0, QemuMemory::memory, new SurvivingLog(dir));
        BootPlan plan = new Planner(lobos.linux.Arch.X86_64).plan(vmlinux, List.of(), "quiet");
        assertThatThrownBy(() -> kexec.load(plan)).isInstanceOf(KernelException.class)
                .hasMessageContaining("kexec_load entry 0x100000 failed: EPERM")
                .satisfies(e -> assertThat(((KernelException) e).hint()).contains("lockdown").contains("--syscall=file"));
    }

    @Test
    void aUkiIsSplitAsSystemdStubWouldItsMicrocodeAndInitrdFirst() throws Exception {
        Path ucode = archive("ucode.cpio", Compression.NONE, "kernel/x86/microcode/AuthenticAMD.bin");
        Path own = archive("own.cpio", Compression.NONE, "init");
        Path extra = archive("extra.cpio", Compression.NONE, "extra.txt");
        byte[] linux = lobos.image.Synthetic.bzImage();
        Path uki = Files.write(dir.resolve("uki.efi"), lobos.image.Synthetic.uki(linux, "root=/dev/vda2",
                Files.readAllBytes(ucode), Files.readAllBytes(own)));
        var kernel = new RecordingKernel(dir);
        BootPlan plan = new Planner(lobos.linux.Arch.X86_64).plan(uki, List.of(extra), "");
        kexec(kernel, "").load(plan);
        assertThat(kernel.calls).singleElement().asString().startsWith("kexec_file_load ").endsWith(" [root=/dev/vda2]");
        Path linuxFile = Path.of(kernel.calls.getFirst().split(" ")[1]);
        assertThat(Files.readAllBytes(linuxFile)).isEqualTo(linux);
        byte[] first = Files.readAllBytes(ucode);
        assertThat(java.util.Arrays.copyOf(kernel.loadedInitrd, first.length)).isEqualTo(first);
        assertThat(Initrd.paths(new java.io.ByteArrayInputStream(kernel.loadedInitrd)))
                .contains("kernel/x86/microcode/AuthenticAMD.bin", "init", "extra.txt");
    }

    @Test
    void aCompressedKernelIsDecompressedIntoMemoryBeforeKexecFileLoad() throws Exception {
        byte[] image = lobos.image.Synthetic.bzImage();
        Path gz = Files.write(dir.resolve("vmlinuz.gz"), lobos.image.Synthetic.gzip(image));
        var kernel = new RecordingKernel(dir);
        kexec(kernel, "").load(new Planner(lobos.linux.Arch.X86_64).plan(gz, List.of(), "quiet"));
        Path loaded = Path.of(kernel.calls.getFirst().split(" ")[1]);
        assertThat(loaded).isNotEqualTo(gz);
        assertThat(Files.readAllBytes(loaded)).isEqualTo(image);
    }

    @Test
    void withARamoopsRegionABzImageCarriesTheSessionInAKexecLoadSegment() throws Exception {
        Files.createDirectories(dir.resolve("proc"));
        Files.writeString(dir.resolve("proc/cmdline"), "memmap=0x100000$0x3e000000 ramoops.mem_address=0x3e000000"
                + " ramoops.mem_size=0x100000 ramoops.record_size=0x10000");
        Path bz = Files.write(dir.resolve("vmlinuz"), lobos.image.Synthetic.bzImage());
        var kernel = new RecordingKernel(dir);
        SessionLog.clear();
        SessionLog.record("lobos: booting test");
        Kexec kexec = new Kexec(kernel, log::add, List::of, c -> 0, QemuMemory::memory, new SurvivingLog(dir));
        kexec.load(new Planner(lobos.linux.Arch.X86_64).plan(bz, List.of(), "quiet"));
        SessionLog.clear();
        assertThat(kernel.calls).singleElement().asString().startsWith("kexec_load ").contains("0x3e000000+0x1000(0x");
        var record = kernel.loadedSegments.stream().filter(x -> x.address() == 0x3e000000L).findFirst().orElseThrow();
        String text = new String(record.bytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(text).contains("-D\nlobos: loader session: kernel messages\n[    0.000000] Linux version 6.1.0-test\n",
                "lobos: loader session: lobos\nlobos: booting test\n");
        var setup = kernel.loadedSegments.stream().filter(x -> x.address() == 0x100000).findFirst().orElseThrow();
        byte[] setupBytes = setup.bytes();
        String cmdline = new String(setupBytes, 0x8000, setupBytes.length - 0x8001, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(cmdline).startsWith("quiet memmap=0x100000$0x3e000000 ramoops.mem_address=0x3e000000");
        assertThat(log).anyMatch(l -> l.startsWith("keeping this session's log ("))
                .contains("kexec_load: loader log (pstore) 0x3e000000-0x3e000fff");
    }

    @Test
    void underLockdownTheBzImageStillBootsWithKexecFileLoadWithoutTheLog() throws Exception {
        Files.createDirectories(dir.resolve("proc"));
        Files.writeString(dir.resolve("proc/cmdline"), "ramoops.mem_address=0x3e000000 ramoops.mem_size=0x100000");
        Path bz = Files.write(dir.resolve("vmlinuz"), lobos.image.Synthetic.bzImage());
        var kernel = new RecordingKernel(dir).failing("kexec_load", Errno.EPERM);
        Kexec kexec = new Kexec(kernel, log::add, List::of, c -> 0, QemuMemory::memory, new SurvivingLog(dir));
        kexec.load(new Planner(lobos.linux.Arch.X86_64).plan(bz, List.of(), "quiet"));
        assertThat(kernel.calls).hasSize(2);
        assertThat(kernel.calls.get(1)).startsWith("kexec_file_load " + bz).contains("[quiet memmap=");
        assertThat(log).anyMatch(l -> l.startsWith("kexec_load cannot carry the loader's log"));
    }
}
