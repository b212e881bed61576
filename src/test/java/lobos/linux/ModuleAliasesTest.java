package lobos.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alias index on aliases copied from Debian's 6.1 modules (`modinfo`), matched against
 * modaliases the kernel gives QEMU's devices. Matching against every real alias, with modprobe
 * as the reference, is KernelModulesIT's job.
 */
class ModuleAliasesTest {
    private static final ModuleAliases INDEX = ModuleAliases.parse(List.of(
            "# written by lobos mkimage",
            "alias pci:v00001AF4d*sv*sd*bc*sc*i* virtio_pci",
            "alias virtio:d00000002v* virtio_blk",
            "alias virtio:d00000001v* virtio_net",
            "alias pci:v*d*sv*sd*bc0Csc03i30* xhci_pci",
            "alias usb:v*p*d*dc*dsc*dp*ic08isc06ip50in* usb-storage",
            "alias usb:v*p*d*dc*dsc*dp*ic08isc06ip62in* uas",
            "alias usb:v*p*d*dc*dsc*dp*ic08isc06ip50in* uas",
            "alias usb:v13FDp3940d0[0-2]*dc*dsc*dp*ic*isc*ip*in* usb_storage",
            "alias scsi:t-0x00* sd_mod",
            "alias scsi:t-0x0e* sd_mod",
            "alias scsi:t-0x05* sr_mod",
            "alias pci:v00008086d000010D3sv*sd*bc*sc*i* e1000e",
            "alias fs-ext4 ext4",
            "alias broken[0-9 nothing",
            "alias stray]bracket nothing",
            "not an alias line",
            "alias too many words here"));

    @Test
    void findsTheDriversOfQemusDevices() {
        assertThat(INDEX.modulesFor("pci:v00001AF4d00001042sv00001AF4sd00001100bc01sc00i00")).containsExactly("virtio_pci");
        assertThat(INDEX.modulesFor("virtio:d00000002v00001AF4")).containsExactly("virtio_blk");
        assertThat(INDEX.modulesFor("pci:v00001B36d0000000Dsv00001AF4sd00001100bc0Csc03i30")).containsExactly("xhci_pci");
        assertThat(INDEX.modulesFor("pci:v00008086d000010D3sv00008086sd00000000bc02sc00i00")).containsExactly("e1000e");
        assertThat(INDEX.modulesFor("scsi:t-0x00")).containsExactly("sd_mod");
        assertThat(INDEX.modulesFor("scsi:t-0x05")).containsExactly("sr_mod");
    }

    @Test
    void everyMatchingModuleDrivesTheDeviceAsModprobeLoadsThemAll() {
        // usb-storage's bulk-only interface: both usb_storage and uas claim it (uas then declines)
        assertThat(INDEX.modulesFor("usb:v46F4p0001d0000dc00dsc00dp00ic08isc06ip50in00")).containsExactly("usb_storage", "uas");
        assertThat(INDEX.modulesFor("usb:v13FDp3940d0100dc00dsc00dp00ic08isc06ip62in00")).containsExactly("uas", "usb_storage");
        assertThat(INDEX.modulesFor("usb:v13FDp3940d0300dc00dsc00dp00ic03isc01ip01in00")).isEmpty();
    }

    @Test
    void namesAreNormalizedAsKmodDoesAndBrokenPatternsAreSkipped() {
        assertThat(INDEX.size()).isEqualTo(13);
        assertThat(INDEX.modulesFor("fs-ext4")).containsExactly("ext4");
        assertThat(ModuleAliases.normalize("acpi*:PNP0C0A-x:*")).isEqualTo("acpi*:PNP0C0A_x:*");
        assertThat(ModuleAliases.normalize("usb:v0D96p5200d00[1-9]*dc-x")).isEqualTo("usb:v0D96p5200d00[1-9]*dc_x");
        assertThat(ModuleAliases.normalize("broken[0-9")).isNull();
        assertThat(ModuleAliases.normalize("stray]")).isNull();
        assertThat(INDEX.modulesFor("broken[0-9")).isEmpty();
        assertThat(INDEX.modulesFor("")).isEmpty();
    }

    @Test
    void writesLinesItReadsAndRefusesWhatModprobeWouldSkip(@TempDir Path dir) throws Exception {
        assertThat(ModuleAliases.line("virtio:d00000002v*", "virtio-blk")).isEqualTo("alias virtio:d00000002v* virtio_blk");
        assertThat(ModuleAliases.line("dmi:a b", "x")).isNull();
        assertThat(ModuleAliases.line("a[b", "x")).isNull();
        Path file = Files.write(dir.resolve("modules.alias"), List.of(ModuleAliases.line("scsi:t-0x00*", "sd_mod")));
        assertThat(ModuleAliases.read(file).modulesFor("scsi:t-0x00")).containsExactly("sd_mod");
        assertThat(ModuleAliases.read(dir.resolve("missing")).isEmpty()).isTrue();
    }
}
