package lobos.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lobos.build.Qemu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Multiboot and Multiboot2 through kexec_load: tiny kernels built here with nasm
 * (src/test/resources/lobos/it/multiboot.asm) print EAX and the boot information on the serial
 * port; the test checks every value against what it asked for and against the firmware's
 * memory map as the loader's kernel shows it in /sys/firmware/memmap.
 */
class MultibootIT {
    static final String MODULE1 = "first module\n", MODULE2 = "second module, longer\n";
    /** isa-debug-exit: the kernels write 0x10 to port 0xf4 and QEMU exits with (0x10 << 1) | 1. */
    static final List<String> DEBUG_EXIT = List.of("-device", "isa-debug-exit,iobase=0xf4,iosize=0x04");
    static final int KERNEL_EXIT = 33;

    /** The e820 type codes of the names the kernel gives them in /sys/firmware/memmap. */
    static final Map<String, Long> TYPES = Map.of("System RAM", 1L, "Reserved", 2L, "ACPI Tables", 3L,
            "ACPI Non-volatile Storage", 4L, "Unusable memory", 5L);

    record MapEntry(long base, long length, long type) {}

    @Test
    void aMultibootKernelGetsEaxItsCommandLineModulesAndTheMemoryMap(TestInfo test) throws Exception {
        bootAndCheck(test, "mb1.bin", "multiboot", "2badb002");
    }

    @Test
    void aMultiboot2KernelGetsEaxItsCommandLineModulesAndTheMemoryMap(TestInfo test) throws Exception {
        bootAndCheck(test, "mb2.bin", "multiboot2", "36d76289");
    }

    @Test
    void aKernelThatReturnsFromItsEntryLandsInLobosEntryCodeWhichResets(TestInfo test) throws Exception {
        try (Qemu qemu = start(test)) {
            shell(qemu);
            qemu.send(KexecLoadIT.lobos("boot --protocol=multiboot --force /boot/mb1.bin --command-line 'return now'"));
            qemu.expect("MB1 eax=2badb002", TestImages.BOOT);
            qemu.expect("MB returning", TestImages.BOOT);
            qemu.expect("lobos: the kernel returned from its entry point; resetting the machine", TestImages.BOOT);
            // -no-reboot: the reset ends QEMU, with status 0 (the debug-exit device was not used).
            assertThat(qemu.awaitExit(TestImages.BOOT)).isZero();
            assertThat(qemu.output()).doesNotContain("MB end");
        }
    }

    private void bootAndCheck(TestInfo test, String kernel, String protocol, String magic) throws Exception {
        String v = protocol.equals("multiboot") ? "MB1" : "MB2";
        try (Qemu qemu = start(test)) {
            List<MapEntry> firmware = firmwareMap(qemu);
            qemu.send(KexecLoadIT.lobos("boot --protocol=" + protocol + " --force /boot/" + kernel
                    + " --command-line 'kernel args=1 x' --module '/boot/mod1.txt one=1' --module '/boot/mod2.txt two=2 b'"));
            qemu.expect("system call: +kexec_load", TestImages.BOOT);
            qemu.expect(v + " eax=" + magic, TestImages.BOOT);
            String report = qemu.expect("(?s)(.*?)MB end", TestImages.BOOT).group(1);
            assertThat(qemu.awaitExit(TestImages.BOOT)).isEqualTo(KERNEL_EXIT);

            // the kernel's path first, as GRUB Legacy gives it (Xen drops that word)
            assertThat(report).contains("MB cmdline=/boot/" + kernel + " kernel args=1 x\n", "MB loader=lobos\n");
            if (v.equals("MB1")) {
                // memory, cmdline, mods, mmap, boot_loader_name
                assertThat(report).contains("MB1 flags=0000024d\n", "MB1 mods=00000002\n");
            }
            MapEntry low = firmware.stream().filter(e -> e.base() == 0 && e.type() == 1).findFirst().orElseThrow();
            MapEntry high = firmware.stream().filter(e -> e.base() == 0x100000 && e.type() == 1).findFirst().orElseThrow();
            assertThat(report).contains("MB mem %08x %08x\n".formatted(low.length() / 1024, high.length() / 1024));

            List<String[]> mods = matches(report, "MB mod (\\p{XDigit}{8}) (\\p{XDigit}{8}) (.*)\n");
            assertThat(mods).hasSize(2);
            checkModule(mods.get(0), "/boot/mod1.txt one=1", MODULE1);
            checkModule(mods.get(1), "/boot/mod2.txt two=2 b", MODULE2);
            assertThat(hex(mods.get(1)[0])).isGreaterThanOrEqualTo(hex(mods.get(0)[1]));

            List<MapEntry> given = new ArrayList<>();
            for (String[] m : matches(report, "MB mmap (\\p{XDigit}{16}) (\\p{XDigit}{16}) (\\p{XDigit}{8})\n")) {
                given.add(new MapEntry(hex(m[0]), hex(m[1]), hex(m[2])));
            }
            assertThat(given).isEqualTo(firmware);
        }
    }

    private static void checkModule(String[] m, String cmdline, String content) {
        long start = hex(m[0]), end = hex(m[1]);
        assertThat(start % 4096).as("module start 0x%x page-aligned", start).isZero();
        assertThat(end - start).isEqualTo(content.length());
        assertThat(m[2]).isEqualTo(cmdline + " " + content.strip());
    }

    private static long hex(String digits) {
        return HexFormat.fromHexDigitsToLong(digits);
    }

    private static List<String[]> matches(String text, String regex) {
        List<String[]> out = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            String[] groups = new String[m.groupCount()];
            for (int i = 0; i < groups.length; i++) groups[i] = m.group(i + 1);
            out.add(groups);
        }
        return out;
    }

    /** The loader's /sys/firmware/memmap, read in its shell, sorted by address. */
    private static List<MapEntry> firmwareMap(Qemu qemu) throws Exception {
        shell(qemu);
        qemu.send("for d in /sys/firmware/memmap/*; do echo \"MEMMAP $(cat $d/start) $(cat $d/end) $(cat $d/type)\";"
                + " done; echo MEMMAP-$((40+2))-DONE");
        String text = qemu.expect("(?s)(.*?)MEMMAP-42-DONE", TestImages.BOOT).group(1);
        List<MapEntry> out = new ArrayList<>();
        for (String[] m : matches(text, "MEMMAP 0x(\\p{XDigit}+) 0x(\\p{XDigit}+) ([^\n]+)\n")) {
            long start = hex(m[0]);
            out.add(new MapEntry(start, hex(m[1]) - start + 1, TYPES.getOrDefault(m[2].strip(), 2L)));
        }
        out.sort(java.util.Comparator.comparingLong(MapEntry::base));
        assertThat(out).isNotEmpty();
        return out;
    }

    private static void shell(Qemu qemu) throws Exception {
        TestImages.busybox(qemu);
    }

    private static Qemu start(TestInfo test) throws Exception {
        Path mb1 = nasm(List.of(), "mb1.bin");
        Path mb2 = nasm(List.of("-DMB2"), "mb2.bin");
        Path dir = TestImages.DIR;
        Files.createDirectories(dir);
        Path mod1 = Files.writeString(dir.resolve("mod1.txt"), MODULE1);
        Path mod2 = Files.writeString(dir.resolve("mod2.txt"), MODULE2);
        Path initrd = KexecLoadIT.withFiles(test, "delay=0\n", Map.of("boot/mb1.bin", mb1, "boot/mb2.bin", mb2,
                "boot/mod1.txt", mod1, "boot/mod2.txt", mod2));
        String name = test.getTestMethod().orElseThrow().getName();
        return Qemu.start(new Qemu.Options(TestImages.loader().kernel(), initrd, "console=ttyS0 panic=-1 quiet", 1024,
                DEBUG_EXIT), TestImages.DIR.resolve(name + ".log"));
    }

    /** Assembles the test kernel with Debian's nasm. */
    static Path nasm(List<String> defines, String output) throws IOException, InterruptedException {
        Path source = Path.of("src/test/resources/lobos/it/multiboot.asm");
        Path out = TestImages.DIR.resolve(output);
        Files.createDirectories(TestImages.DIR);
        List<String> cmd = new ArrayList<>(List.of("nasm", "-f", "bin"));
        cmd.addAll(defines);
        cmd.addAll(List.of("-o", out.toString(), source.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(log).isZero();
        return out;
    }
}
