package lobos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListCommandTest {
    static final String ARCH = "src/test/resources/lobos/config/fixtures/syslinux-arch/root";

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        var cl = Main.commandLine();
        var out = new StringWriter();
        var err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void listsDefaultTimeoutEntriesAndWarnings() {
        Run r = run("list", ARCH);
        assertThat(r.code()).isEqualTo(Main.OK);
        String root = Path.of(ARCH).toAbsolutePath().normalize().toString();
        assertThat(r.out()).contains(
                "Default: dir1:syslinux:arch",
                "Timeout: 5 s",
                "Arch Linux (" + root + "/boot/syslinux/syslinux.cfg)",
                "* dir1:syslinux:arch  Arch Linux  [linux]",
                "kernel:  ../vmlinuz-linux",
                "initrd:  ../intel-ucode.img",
                "initrd:  ../initramfs-linux.img",
                "cmdline: root=UUID=0a3407de-014b-458b-b5c1-848e92a327a3 rw",
                "source:  " + root + "/boot/syslinux/syslinux.cfg:48",
                "Warnings:",
                root + "/boot/syslinux/syslinux.cfg:65: LABEL hdt: hdt.c32 is a syslinux module");
    }

    @Test
    void jsonHasTheMenu() {
        Run r = run("list", "--json", ARCH);
        assertThat(r.code()).isEqualTo(Main.OK);
        assertThat(r.out()).startsWith("{\n  \"default\": \"").contains("\"timeoutSeconds\": 5.0",
                "\"kernel\": \"../vmlinuz-linux\"", "\"kind\": \"linux\"", "\"warnings\": [");
    }

    @Test
    void aDirectoryWithoutConfigsFails(@TempDir Path empty) {
        Run r = run("list", empty.toString());
        assertThat(r.code()).isEqualTo(Main.FAILED);
        assertThat(r.err()).contains("no boot entries found under " + empty, "/boot/extlinux/extlinux.conf");
    }

    @Test
    void aMissingDirectoryFails() {
        Run r = run("list", "/no/such/dir");
        assertThat(r.code()).isEqualTo(Main.FAILED);
        assertThat(r.err()).contains("/no/such/dir: not a directory");
    }
}
