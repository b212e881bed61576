package lobos.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.regex.Pattern;
import lobos.build.Qemu;
import lobos.config.grub.GrubMkconfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The loader finds what the machine's disks carry and boots it, as a person at the serial
 * console sees it, in a guest with 512 MiB: the three disks of {@link TestDisks} (grub-mkconfig's
 * grub.cfg found through {@code search --fs-uuid}, BLS, extlinux). The FAT disk also plays a USB
 * stick plugged in while the menu is up.
 */
class DiscoveryIT {
    /** The smallest guest the loader promises to work in (issue 7). */
    static final int MEMORY_MIB = 512;

    @Test
    void aDiskWithOnlyGrubBootsGrubsDefaultWithNoKeyPressed(TestInfo test) throws Exception {
        assumeTrue(GrubMkconfig.available(), "grub-common (Debian package) is not installed");
        try (Qemu qemu = TestImages.boot(test, "# no default: the disk's GRUB decides\n", "",
                TestDisks.drives(TestDisks.debian()), MEMORY_MIB)) {
            qemu.expect("mounted /dev/vda1 on /run/lobos/dev/vda1 \\(read-only\\)", TestImages.BOOT);
            qemu.expect(Pattern.quote("vda1 LABEL=debian UUID=" + TestDisks.DEBIAN_UUID + " /boot/grub/grub.cfg:"),
                    TestImages.BOOT);
            // GRUB_TIMEOUT=3, counted down on the menu's status line
            qemu.expect(Pattern.quote("Booting \"Debian GNU/Linux\" in 3 s"), TestImages.BOOT);
            String report = TestImages.probeReport(qemu);
            assertThat(report).contains("probe: cmdline " + TestDisks.grubCmdline() + "\n", "probe: file /bin/busybox\n");
            assertThat(qemu.awaitExit(TestImages.BOOT)).isZero();
        }
    }

    @Test
    void everyDiskIsListedWithItsOriginsAndATypedIdBootsIt(TestInfo test) throws Exception {
        assumeTrue(GrubMkconfig.available(), "grub-common (Debian package) is not installed");
        String own = "own=\"//boot/vmlinuz initrd=//boot/probe.gz console=ttyS0 panic=-1 lobos.test=own\"\n";
        try (Qemu qemu = TestImages.boot(test, own, "", TestDisks.drives(TestDisks.extlinux(), TestDisks.bls(),
                TestDisks.debian()), MEMORY_MIB)) {
            // no kboot default: the first discovered config's default, after its own TIMEOUT (10 s)
            qemu.expect(Pattern.quote("Booting \"arch\" in 10 s"), TestImages.BOOT);
            qemu.type("x"); // one key, no Enter: the countdown stops
            Screen screen = new Screen(qemu);
            screen.await("the countdown stopped", s -> s.contains(TestImages.MENU_KEYS) && !s.contains("Booting \""));
            String listing = qemu.output().substring(qemu.output().indexOf("lobos ready"));
            assertThat(listing).contains(
                    "  own  [/etc/kboot.conf:1]",
                    "    vda1:syslinux:arch (default)  \"arch\"  [vda1 LABEL=arch UUID=" + TestDisks.ARCH_UUID
                            + " /boot/extlinux/extlinux.conf:3]",
                    "    vdb1:bls:lobos-bls  \"BLS entry\"  [vdb1 LABEL=ESP UUID=" + TestDisks.ESP_UUID
                            + " /loader/entries/lobos-bls.conf",
                    "    vdc1:grub:gnulinux-simple-" + TestDisks.DEBIAN_UUID + "  \"Debian GNU/Linux\"  [vdc1 LABEL=debian UUID="
                            + TestDisks.DEBIAN_UUID + " /boot/grub/grub.cfg:");
            qemu.type("c");
            qemu.expect(Pattern.quote(TestImages.SHELL), TestImages.BOOT);
            qemu.send("vdb1:bls:lobos-bls");
            String report = TestImages.probeReport(qemu);
            assertThat(report).contains("probe: cmdline console=ttyS0 panic=-1 quiet lobos.test=bls\n",
                    "probe: file /bin/busybox\n");
            assertThat(qemu.awaitExit(TestImages.BOOT)).isZero();
        }
    }

    @Test
    void aUsbStickPluggedInWhileTheMenuIsUpAppearsInItAndBoots(TestInfo test) throws Exception {
        try (Qemu qemu = TestImages.boot(test, "# no default, nothing on the disks: the menu waits\n", "", List.of(
                "-device", "qemu-xhci,id=xhci",
                "-drive", "if=none,id=stick,format=raw,readonly=on,file=" + TestDisks.bls().toAbsolutePath()),
                MEMORY_MIB)) {
            Screen screen = new Screen(qemu);
            screen.await("the empty menu", s -> s.contains(TestImages.MENU_KEYS) && s.contains("(no entries)"));
            qemu.monitor("device_add usb-storage,bus=xhci.0,drive=stick,id=stick0");
            // the stick's config comes as a submenu named after where it was found
            screen.await("the stick's config in the menu", s -> Screen.selected(s) != null && Screen.selected(s).contains("sda1"));
            qemu.type("\r");
            screen.await("the stick's submenu open", s -> Screen.selected(s) != null
                    && Screen.selected(s).contains("BLS entry") && s.contains("from:    sda1"));
            qemu.type("\r");
            assertThat(TestImages.probeReport(qemu)).contains("probe: cmdline console=ttyS0 panic=-1 quiet lobos.test=bls\n");
            assertThat(qemu.awaitExit(TestImages.BOOT)).isZero();
            // what init said while the menu was up comes when the menu gives the console back
            assertThat(qemu.output()).contains("lobos: mounted /dev/sda1 on /run/lobos/dev/sda1 (read-only)",
                    "lobos: 1 new entry in the menu");
        }
    }
}
