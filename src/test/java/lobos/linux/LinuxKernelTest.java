package lobos.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real FFM bindings, exercised only through calls that are harmless on a host. */
class LinuxKernelTest {
    private final LinuxKernel kernel = new LinuxKernel();

    @Test
    void unameMatchesProc() throws Exception {
        Uname u = kernel.uname();
        assertThat(u.sysname()).isEqualTo("Linux");
        assertThat(u.release()).isEqualTo(Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip());
        assertThat(u.nodename()).isEqualTo(Files.readString(Path.of("/proc/sys/kernel/hostname")).strip());
    }

    @Test
    void memoryFileHoldsWhatIsWrittenAndIsNotOnDisk() throws Exception {
        Path file = kernel.memoryFile("lobos-test");
        Files.write(file, new byte[] {1, 2, 3});
        assertThat(Files.readAllBytes(file)).containsExactly(1, 2, 3);
        assertThat(Files.readSymbolicLink(file).toString()).startsWith("/memfd:lobos-test");
    }

    @Test
    void openFailureIsTypedWithErrnoNameBeforeAnyKernelCall(@TempDir Path dir) {
        // finit_module is never reached: open(2) of a missing file fails first.
        Path missing = dir.resolve("missing.ko");
        assertThatThrownBy(() -> kernel.loadModule(missing, ""))
                .isInstanceOfSatisfying(KernelException.class, e -> {
                    assertThat(e.call()).isEqualTo("open");
                    assertThat(e.errnoName()).isEqualTo(Errno.ENOENT);
                    assertThat(e.getMessage()).isEqualTo("open " + missing + " failed: ENOENT (no such file or directory)");
                });
    }

    @Test
    void kexecHintsNameTheCause() {
        assertThat(Hints.kexec(Errno.EKEYREJECTED.number)).contains("signature");
        assertThat(Hints.kexec(Errno.EPERM.number)).contains("lockdown");
        assertThat(Hints.kexec(Errno.ENOEXEC.number)).contains("lobos inspect");
        assertThat(Hints.kexec(Errno.ENOSYS.number)).contains("CONFIG_KEXEC_FILE");
        assertThat(Hints.kexec(Errno.ENOMEM.number)).contains("memory");
        assertThat(Hints.kexec(Errno.EBUSY.number)).isNotNull();
        assertThat(Errno.describe(200)).isEqualTo("errno 200");
    }

    @Test
    void syscallNumbersPerArchitecture() {
        assertThat(Arch.fromName("amd64")).isEqualTo(Arch.X86_64);
        assertThat(Arch.fromName("aarch64")).isEqualTo(Arch.ARM64);
        assertThat(Arch.X86_64.kexecFileLoad).isEqualTo(320);
        assertThat(Arch.ARM64.kexecFileLoad).isEqualTo(294);
        assertThat(Arch.ARM64.reboot).isEqualTo(142);
        assertThatThrownBy(() -> Arch.fromName("mips")).hasMessageContaining("mips");
    }
}
