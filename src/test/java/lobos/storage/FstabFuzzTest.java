package lobos.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

class FstabFuzzTest {
    /** Any text parses: entries or warnings, never an exception. */
    @FuzzTest(maxDuration = "30s")
    void parse(String text) {
        if (text == null) return;
        Fstab fstab = Fstab.parse(text, "fstab");
        for (FstabEntry e : fstab.entries()) {
            assertThat(e.line()).isPositive();
            assertThat(e.mountPoint()).isNotEmpty();
            e.device();
            if (e.mountPoint().startsWith("/")) {
                try {
                    Automount.plan(fstab.entries(), new lobos.path.Location.Booted(e.mountPoint()));
                } catch (IllegalArgumentException notNormalized) {
                    // "/a/../b" is no booted path; the planner is only given normalized ones
                }
            }
        }
    }
}
