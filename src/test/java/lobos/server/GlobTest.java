package lobos.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GlobTest {
    @Test
    void starsQuestionMarksAndCase() {
        assertThat(Glob.matches("node-1", "node-1")).isTrue();
        assertThat(Glob.matches("node-*", "NODE-17")).isTrue();
        assertThat(Glob.matches("node-?", "node-17")).isFalse();
        assertThat(Glob.matches("node-??", "node-17")).isTrue();
        assertThat(Glob.matches("*", "")).isTrue();
        assertThat(Glob.matches("?", "")).isFalse();
        assertThat(Glob.matches("*-*-*", "rack-3-node-7")).isTrue();
        assertThat(Glob.matches("*a", "bab")).isFalse();
        assertThat(Glob.matches("a*b*c", "abxbxc")).isTrue();
        assertThat(Glob.matches("a*b*c", "abxbx")).isFalse();
        assertThat(Glob.matches("gpu*", "cpu1")).isFalse();
        assertThat(Glob.matches(null, "x")).isFalse();
    }

    /** Fuzzing finding: as a regular expression this pattern backtracked for minutes. */
    @Test
    void manyStarsThatCannotMatchEndQuickly() {
        String pattern = "n" + "*".repeat(118) + "o*";
        assertThat(Glob.matches(pattern, "node-1")).isTrue();
        assertThat(Glob.matches(pattern, "n" + "x".repeat(5000))).isFalse();
    }
}
