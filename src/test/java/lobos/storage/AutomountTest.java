package lobos.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import lobos.path.Location.Booted;
import org.junit.jupiter.api.Test;

class AutomountTest {
    static List<String> mountPoints(Automount.Plan plan) {
        return plan.mounts().stream().map(FstabEntry::mountPoint).toList();
    }

    @Test
    void slidesExampleMountsRootThenHome() throws IOException {
        var fstab = FstabTest.read("debian.fstab").entries();
        // "cd /home/user/kernel/v2.6 may first mount /, then /home"
        Automount.Plan plan = Automount.plan(fstab, new Booted("/home/user/kernel/v2.6"));
        assertThat(mountPoints(plan)).containsExactly("/", "/home");
        assertThat(plan.inside()).isEqualTo("/user/kernel/v2.6");
        // "kboot: cd /boot" -> "/etc/fstab: /boot is on /dev/hda1": noauto does not stop it
        assertThat(mountPoints(Automount.plan(fstab, new Booted("/boot")))).containsExactly("/", "/boot");
        assertThat(Automount.plan(fstab, new Booted("/boot")).inside()).isEqualTo("/");
    }

    @Test
    void nestedMountsInDepthOrder() throws IOException {
        var fstab = FstabTest.read("debian.fstab").entries();
        assertThat(mountPoints(Automount.plan(fstab, new Booted("/home/user/scratch/k")))).containsExactly("/", "/home", "/home/user/scratch");
        assertThat(mountPoints(Automount.plan(fstab, new Booted("/boot/efi/EFI/debian/grubx64.efi")))).containsExactly("/", "/boot", "/boot/efi");
        assertThat(mountPoints(Automount.plan(fstab, new Booted("/boot/efi2")))).containsExactly("/", "/boot");
        assertThat(mountPoints(Automount.plan(fstab, new Booted("/usr/src/linux")))).containsExactly("/", "/usr/src");
        assertThat(mountPoints(Automount.plan(fstab, new Booted("/mnt/data dir/x")))).containsExactly("/", "/mnt/data dir");
    }

    @Test
    void swapPseudoAndBindMountsAreNeverUsed() throws IOException {
        var fstab = FstabTest.read("debian.fstab").entries();
        assertThat(mountPoints(Automount.plan(fstab, new Booted("/proc/cmdline")))).containsExactly("/");
        assertThat(mountPoints(Automount.plan(fstab, new Booted("/tmp/x")))).containsExactly("/");
        assertThat(mountPoints(Automount.plan(fstab, new Booted("/srv/src/k")))).containsExactly("/");
        assertThat(mountPoints(Automount.plan(fstab, new Booted("/swap")))).containsExactly("/");
    }

    @Test
    void theLaterOfTwoLinesForOneMountPointWins() {
        var fstab = Fstab.parse("""
                /dev/sda1 / ext4 defaults 0 1
                /dev/sda2 /home ext4 defaults 0 2
                /dev/sdb1 /home xfs defaults 0 2
                """, "fstab").entries();
        var plan = Automount.plan(fstab, new Booted("/home/k"));
        assertThat(plan.mounts()).extracting(FstabEntry::spec).containsExactly("/dev/sda1", "/dev/sdb1");
    }

    @Test
    void withoutARootEntryOnlyTheDeeperMounts() {
        var fstab = Fstab.parse("/dev/sda2 /home ext4 defaults 0 2\n", "fstab").entries();
        assertThat(mountPoints(Automount.plan(fstab, new Booted("/home/k")))).containsExactly("/home");
        var none = Automount.plan(fstab, new Booted("/boot/k"));
        assertThat(none.mounts()).isEmpty();
        assertThat(none.inside()).isEqualTo("/boot/k");
        assertThat(mountPoints(Automount.plan(fstab, new Booted("/homework")))).isEmpty();
    }
}
