package lobos.kexec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommandLinesTest {
    @Test
    void wordsKeepQuotedSpaces() {
        assertThat(CommandLines.words("  root=/dev/sda1  foo=\"a b\" quiet "))
                .containsExactly("root=/dev/sda1", "foo=\"a b\"", "quiet");
    }

    @Test
    void reuseDropsWordsOfTheRunningBoot() {
        assertThat(CommandLines.reuse("BOOT_IMAGE=/vmlinuz-6.1 root=UUID=1234 ro initrd=/initrd.img quiet"))
                .isEqualTo("root=UUID=1234 ro quiet");
    }

    @Test
    void appendJoinsWithOneSpace() {
        assertThat(CommandLines.append("root=/dev/sda1 ", " quiet")).isEqualTo("root=/dev/sda1 quiet");
        assertThat(CommandLines.append("", "quiet")).isEqualTo("quiet");
        assertThat(CommandLines.append("ro", null)).isEqualTo("ro");
    }
}
