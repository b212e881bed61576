package lobos.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import lobos.build.BootImageBuilder;
import lobos.build.ProbeImage;
import lobos.build.Qemu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The log survives the kexec: the loader's command line names a ramoops region that memmap=
 * keeps from every kernel; lobos writes its session there as ramoops dmesg records (one more
 * kexec_load segment) and gives the target the same reservation and ramoops parameters; the
 * probe loads ramoops and prints what pstore holds.
 */
class PstoreIT {
    static final String RAMOOPS = "memmap=0x100000$0x50000000 ramoops.mem_address=0x50000000 ramoops.mem_size=0x100000"
            + " ramoops.record_size=0x10000 ramoops.console_size=0x40000 ramoops.pmsg_size=0x40000"
            + " ramoops.ftrace_size=0x10000";

    @Test
    void theTargetReadsTheLoadersSessionFromPstore(TestInfo test) throws Exception {
        Path probe = ProbeImage.writeWithPstore(Path.of("/bin/busybox"), List.of(module("reed_solomon"), module("ramoops")),
                TestImages.DIR.resolve("probe-pstore.cpio.gz"));
        Path initrd = KexecLoadIT.withFiles(test, """
                default=probe
                delay=0
                probe="//boot/vmlinuz initrd=//boot/probe-pstore.gz console=ttyS0 panic=-1 quiet"
                """, Map.of("boot/probe-pstore.gz", probe));
        String name = test.getTestMethod().orElseThrow().getName();
        try (Qemu qemu = Qemu.start(new Qemu.Options(TestImages.loader().kernel(), initrd,
                "console=ttyS0 panic=-1 quiet " + RAMOOPS, KexecLoadIT.MEMORY_MIB, List.of()),
                TestImages.DIR.resolve(name + ".log"))) {
            qemu.expect("lobos: keeping this session's log \\(\\d+ characters\\) in pstore", TestImages.BOOT);
            qemu.expect("lobos: the loader's log survives in pstore: memmap=0x100000\\$0x50000000", TestImages.BOOT);
            // kexec_file_load could boot this bzImage, but only a kexec_load segment carries the log.
            qemu.expect("lobos: kexec_load: loader log \\(pstore\\) 0x50000000-", TestImages.BOOT);
            String report = TestImages.probeReport(qemu);
            assertThat(report).contains("probe: cmdline console=ttyS0 panic=-1 quiet memmap=0x100000$0x50000000"
                    + " ramoops.mem_address=0x50000000 ramoops.mem_size=0x100000");
            assertThat(report).contains("probe: pstore /sys/fs/pstore/dmesg-ramoops-0\n",
                    "probe: pstore: lobos: loader session: kernel messages\n",
                    "probe: pstore: lobos: loader session: lobos\n",
                    "probe: pstore: lobos: booting probe: //boot/vmlinuz\n");
            // The loader kernel's own messages, from its ring buffer: its banner and the reservation.
            assertThat(report).containsPattern("probe: pstore: .*Linux version 6\\.")
                    .containsPattern("probe: pstore: .*user: \\[mem 0x0000000050000000-0x00000000500fffff\\] reserved");
            assertThat(qemu.awaitExit(TestImages.BOOT)).isZero();
        }
    }

    /** A module of the loader's (and target's) Debian kernel, from the build cache. */
    static Path module(String name) throws IOException {
        try (Stream<Path> files = Files.walk(BootImageBuilder.defaultCache().resolve("debian"))) {
            return files.filter(p -> p.getFileName().toString().equals(name + ".ko")).findFirst()
                    .orElseThrow(() -> new AssertionError(name + ".ko is not in the Debian kernel cache"));
        }
    }
}
