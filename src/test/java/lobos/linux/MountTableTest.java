package lobos.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MountTableTest {
    @Test
    void parsesMountsWithOctalEscapes() {
        List<MountTable.Mount> mounts = MountTable.parse("""
                proc /proc proc rw,nosuid 0 0
                /dev/vda1 /mnt/my\\040disk ext4 ro,relatime 0 0
                server:/export /home nfs rw,addr=192.0.2.1 0 0
                """);
        assertThat(mounts).extracting(MountTable.Mount::target).containsExactly("/proc", "/mnt/my disk", "/home");
        assertThat(mounts.get(0).holdsData()).isFalse();
        assertThat(mounts.get(1).holdsData()).isTrue();
        assertThat(mounts.get(1).readOnly()).isTrue();
        assertThat(mounts.get(2).readOnly()).isFalse();
    }

    @Test
    void unescapeLeavesIncompleteEscapesAlone() {
        assertThat(MountTable.unescape("a\\04")).isEqualTo("a\\04");
        assertThat(MountTable.unescape("a\\134b")).isEqualTo("a\\b");
    }
}
