package lobos.kexec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReturnPathTest {
    @TempDir
    Path dir;

    @Test
    void installsTheLoaderTheUnitAndTheShutdownHookAndRemovesThemAgain() throws Exception {
        Path kernel = Files.write(dir.resolve("vmlinuz"), new byte[] {1, 2});
        Path initramfs = Files.write(dir.resolve("lobos-initramfs.cpio"), new byte[] {3});
        Path root = Files.createDirectories(dir.resolve("root"));
        ReturnPath.Installed i = new ReturnPath(root).install(kernel, initramfs, "console=ttyS0 lobos.x=\"a b\"",
                List.of("/usr/lib/jvm/java/bin/java", "-cp", "/opt/lobos/lobos.jar", "lobos.cli.Main"));
        assertThat(Files.readAllBytes(root.resolve("boot/lobos/vmlinuz"))).containsExactly(1, 2);
        assertThat(Files.readAllBytes(root.resolve("boot/lobos/initramfs"))).containsExactly(3);
        assertThat(Files.readString(i.unit())).contains(
                "ExecStart=/usr/lib/jvm/java/bin/java -cp /opt/lobos/lobos.jar lobos.cli.Main boot --load-only"
                        + " /boot/lobos/vmlinuz --initrd /boot/lobos/initramfs --command-line"
                        + " \"console=ttyS0 lobos.x=\\\"a b\\\"\"\n",
                "WantedBy=multi-user.target\n");
        Path link = root.resolve("etc/systemd/system/multi-user.target.wants/lobos-return.service");
        assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("../lobos-return.service"));
        assertThat(i.hook()).isEqualTo(root.resolve("usr/lib/systemd/system-shutdown/lobos-return"));
        assertThat(Files.isExecutable(i.hook())).isTrue();
        assertThat(Files.readString(i.hook())).contains("[ \"$1\" = reboot ] || exit 0\n",
                "exec /usr/lib/jvm/java/bin/java -cp /opt/lobos/lobos.jar lobos.cli.Main boot --force\n");
        new ReturnPath(root).uninstall();
        assertThat(Files.exists(i.unit())).isFalse();
        assertThat(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.exists(i.hook())).isFalse();
        assertThat(Files.exists(i.kernel())).isFalse();
    }

    @Test
    void wordsAreQuotedForSystemdAndShAlike() {
        assertThat(ReturnPath.quote("/boot/lobos/vmlinuz")).isEqualTo("/boot/lobos/vmlinuz");
        assertThat(ReturnPath.quote("a b")).isEqualTo("\"a b\"");
        assertThat(ReturnPath.quote("memmap=1M$0x5")).isEqualTo("\"memmap=1M\\$0x5\"");
        assertThat(ReturnPath.quote("")).isEqualTo("\"\"");
        // systemd expands $VAR and %specifiers even inside quotes; $$ and %% are the literal characters.
        assertThat(ReturnPath.execWord("/boot/lobos/vmlinuz")).isEqualTo("/boot/lobos/vmlinuz");
        assertThat(ReturnPath.execWord("memmap=1M$0x5 x")).isEqualTo("\"memmap=1M$$0x5 x\"");
        assertThat(ReturnPath.execWord("a%b")).isEqualTo("a%%b");
        assertThat(ReturnPath.execWord("say \"hi\\\"")).isEqualTo("\"say \\\"hi\\\\\\\"\"");
    }
}
