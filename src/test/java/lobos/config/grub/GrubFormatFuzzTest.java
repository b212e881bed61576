package lobos.config.grub;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lobos.config.ConfigException;
import lobos.config.MenuSnapshot;
import lobos.config.Volume;

/**
 * Any bytes as grub.cfg: the lexer and parser, and the whole interpreter against a small volume
 * (a grubenv, a config to source, Boot Loader Spec entries). Nothing but ConfigException may
 * escape, and nothing may hang: the interpreter's own step, depth and time bounds keep each
 * input short. Seeds: the fixture configs and some tricky scripts.
 */
class GrubFormatFuzzTest {
    private static final Volume VOLUME = volume();

    private static Volume volume() {
        try {
            Path root = Files.createTempDirectory("lobos-grub-fuzz");
            root.toFile().deleteOnExit();
            Files.createDirectories(root.resolve("boot/grub"));
            Files.createDirectories(root.resolve("loader/entries"));
            Files.writeString(root.resolve("boot/grub/grubenv"), GrubEnvBlock.SIGNATURE
                    + "saved_entry=a\nnext_entry=b\nkernelopts=root=/dev/sda1 ro\n" + "#".repeat(900));
            Files.writeString(root.resolve("boot/grub/other.cfg"), "menuentry other { linux /o $1; }\nx=$x$x\n");
            Files.writeString(root.resolve("loader/entries/a.conf"), "title A\nlinux /a\noptions $kernelopts\n");
            for (Path p : List.of(root.resolve("boot/grub/grubenv"), root.resolve("boot/grub/other.cfg"),
                    root.resolve("loader/entries/a.conf"), root.resolve("loader/entries"), root.resolve("loader"),
                    root.resolve("boot/grub"), root.resolve("boot"))) {
                p.toFile().deleteOnExit();
            }
            return new Volume(root, "sda1", "1234-ABCD", "BOOT");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void parse(byte[] data) {
        GrubParser.parse(new String(data, StandardCharsets.UTF_8), 1);
    }

    @FuzzTest(maxDuration = "120s")
    void interpret(byte[] data) {
        try {
            var menu = new GrubFormat(GrubPlatform.EFI_X86_64).parse(VOLUME, "boot/grub/grub.cfg",
                    new String(data, StandardCharsets.UTF_8), List.of(VOLUME));
            MenuSnapshot.render(menu);
        } catch (ConfigException e) {
            // the only failure allowed
        }
    }
}
