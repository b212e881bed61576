package lobos.config.grub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** grubenv files as GRUB's own grub-editenv writes them (Debian package grub-common). */
class GrubEnvBlockTest {
    @TempDir
    Path dir;

    private static boolean hasEditenv() {
        return Files.isExecutable(Path.of("/usr/bin/grub-editenv"));
    }

    private void editenv(Path file, String... args) throws IOException, InterruptedException {
        var cmd = new java.util.ArrayList<String>(java.util.List.of("/usr/bin/grub-editenv", file.toString()));
        cmd.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
    }

    @Test
    void readsWhatGrubEditenvWrites() throws Exception {
        assumeTrue(hasEditenv(), "grub-editenv (Debian package grub-common) is not installed");
        Path env = dir.resolve("grubenv");
        editenv(env, "create");
        editenv(env, "set", "saved_entry=gnulinux-advanced-x>gnulinux-6.1-advanced-x", "kernelopts=root=/dev/sda1 ro",
                "odd=back\\slash", "multi=one\ntwo", "empty=");
        byte[] data = Files.readAllBytes(env);
        assertThat(data).hasSize(1024);
        assertThat(GrubEnvBlock.parse(data)).isEqualTo(Map.of(
                "saved_entry", "gnulinux-advanced-x>gnulinux-6.1-advanced-x", "kernelopts", "root=/dev/sda1 ro",
                "odd", "back\\slash", "multi", "one\ntwo", "empty", ""));
        editenv(env, "unset", "odd");
        assertThat(GrubEnvBlock.parse(Files.readAllBytes(env))).doesNotContainKey("odd").containsKey("multi");
    }

    @Test
    void anEmptyBlockHasNoVariables() throws Exception {
        assumeTrue(hasEditenv(), "grub-editenv (Debian package grub-common) is not installed");
        Path env = dir.resolve("grubenv");
        editenv(env, "create");
        assertThat(GrubEnvBlock.parse(Files.readAllBytes(env))).isEmpty();
    }

    @Test
    void aTruncatedLineIsDroppedAsGrubDropsIt() {
        byte[] data = (GrubEnvBlock.SIGNATURE + "a=1\nb=2").getBytes(StandardCharsets.UTF_8);
        assertThat(GrubEnvBlock.parse(data)).containsExactly(Map.entry("a", "1"));
    }

    @Test
    void refusesAFileWithoutTheSignature() {
        assertThatThrownBy(() -> GrubEnvBlock.parse("a=1\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ScriptError.class).hasMessageContaining("not a GRUB environment block");
    }
}
