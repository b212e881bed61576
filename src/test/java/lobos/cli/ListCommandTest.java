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

    private static Path grubSearchingUuid(Path dir) throws java.io.IOException {
        java.nio.file.Files.createDirectories(dir.resolve("boot/grub"));
        java.nio.file.Files.writeString(dir.resolve("boot/grub/grub.cfg"), """
                search --no-floppy --fs-uuid --set=root 0a3407de-014b-458b-b5c1-848e92a327a3
                menuentry Linux { linux /vmlinuz root=UUID=x }
                """);
        return dir;
    }

    @Test
    void aDirectoryCanBeGivenItsFileSystemsIdentity(@TempDir Path dir) throws Exception {
        grubSearchingUuid(dir);
        Run r = run("list", "--json", dir + ",uuid=0a3407de-014b-458b-b5c1-848e92a327a3,label=ROOT");
        assertThat(r.code()).isEqualTo(Main.OK);
        assertThat(r.out()).contains("\"root\": \"UUID=0a3407de-014b-458b-b5c1-848e92a327a3\"")
                .doesNotContain("taken to be");
        Run option = run("list", "--uuid", "0a3407de-014b-458b-b5c1-848e92a327a3", dir.toString());
        assertThat(option.code()).isEqualTo(Main.OK);
        assertThat(option.out()).doesNotContain("taken to be");
    }

    @Test
    void aSingleDirectoryWithoutIdentityStandsForTheSearchedOneWithAWarning(@TempDir Path dir) throws Exception {
        grubSearchingUuid(dir);
        Run r = run("list", dir.toString());
        assertThat(r.code()).isEqualTo(Main.OK);
        assertThat(r.out()).contains("search --fs-uuid 0a3407de-014b-458b-b5c1-848e92a327a3: no volume has it; taken"
                + " to be " + dir);
    }

    @Test
    void identityOptionsNeedASingleDirectory(@TempDir Path a, @TempDir Path b) {
        Run r = run("list", "--uuid", "1234-ABCD", a.toString(), b.toString());
        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("write DIR,uuid=");
        assertThat(run("list", a + ",uuid=").code()).isEqualTo(Main.USAGE);
    }

    @Test
    void anImageIsNotReadButDescribed(@TempDir Path dir) throws Exception {
        Path image = dir.resolve("disk.img");
        java.nio.file.Files.write(image, new byte[64 * 1024]);
        Run r = run("list", image.toString());
        assertThat(r.code()).isEqualTo(Main.FAILED);
        assertThat(r.err()).contains(image + ": a file, not a directory", "the image: no file system lobos knows");
    }
}
