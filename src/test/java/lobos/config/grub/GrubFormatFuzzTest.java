package lobos.config.grub;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lobos.config.ConfigException;
import lobos.config.MenuText;
import lobos.config.Volume;

/**
 * Any bytes as grub.cfg: the lexer and parser, and the whole interpreter against a small volume
 * (a grubenv, a config to source, Boot Loader Spec entries). Nothing but ConfigException may
 * escape, and nothing may hang: the interpreter's own step, depth and time bounds keep each
 * input short. Seeds: the fixture configs and some tricky scripts.
 */
class GrubFormatFuzzTest {
    private static final Volume VOLUME = volume();
    /**
     * Smaller bounds than the documented ones (GrubLimits.DEFAULT): the same code paths end the
     * same way, but an endless loop costs 300 commands (an entry's 100), not 50,000, and a
     * doubling value stops at 4 KiB, so the fuzzer spends its time on new inputs (most of an
     * input's cost was the loops that ran into the old bounds of 1,000 and 200 commands). The
     * nesting depth stays GRUB's own: a stack that overflows only deeper is what it should find.
     */
    private static final GrubLimits LIMITS = new GrubLimits(300, 100, GrubLimits.DEFAULT.depth(), 4 * 1024, 100, 20, 20,
            java.time.Duration.ofSeconds(1));
    private static final GrubFormat FORMAT = new GrubFormat(GrubPlatform.EFI_X86_64, LIMITS);

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

    /**
     * At most 4 KiB of script per run: the interpreter's cost grows with the script, and the bugs
     * the fuzzer finds are in how commands combine, which short scripts reach as well.
     */
    static final int MAX_INPUT = 4096;

    @FuzzTest(maxDuration = "120s")
    void interpret(byte[] data) {
        if (data.length > MAX_INPUT) data = java.util.Arrays.copyOf(data, MAX_INPUT);
        try {
            var menu = FORMAT.parse(VOLUME, "boot/grub/grub.cfg",
                    new String(data, StandardCharsets.UTF_8), List.of(VOLUME));
            MenuText.render(menu);
        } catch (ConfigException e) {
            // the only failure allowed
        }
    }
}
