package lobos.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.regex.Matcher;
import lobos.build.Qemu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Under UEFI (Debian's OVMF): the loader boots through the kernel's EFI stub, lists the
 * firmware's boot entries from efivarfs, sets BootNext to one of them and resets; the next boot
 * starts that entry. OVMF registers its shell's entry only on a boot without {@code -kernel}
 * (it runs QEMU's kernel first, and would run it again before looking at BootNext), so the
 * firmware boots alone before and after the loader: the first time it starts its shell (the
 * last entry of BootOrder, with no disks), after lobos set BootNext to its setup application
 * (UiApp) it shows the setup front page instead.
 */
class FirmwareIT {
    static final Path CODE = Path.of("/usr/share/OVMF/OVMF_CODE_4M.fd");
    static final Path VARS = Path.of("/usr/share/OVMF/OVMF_VARS_4M.fd");

    @Test
    void underOvmfTheLoaderListsTheFirmwaresEntriesAndBootNextStartsTheChosenOne(TestInfo test) throws Exception {
        assertThat(CODE).as("Debian's ovmf package (scripts/packages.sh)").isRegularFile();
        String name = test.getTestMethod().orElseThrow().getName();
        Path vars = TestImages.DIR.resolve(name + "-vars.fd");
        Files.createDirectories(TestImages.DIR);
        Files.copy(VARS, vars, StandardCopyOption.REPLACE_EXISTING);
        List<String> firmware = List.of("-drive", "if=pflash,format=raw,unit=0,readonly=on,file=" + CODE,
                "-drive", "if=pflash,format=raw,unit=1,file=" + vars);
        try (Qemu qemu = Qemu.start(new Qemu.Options(null, null, "", 1024, firmware),
                TestImages.DIR.resolve(name + "-1.log"))) {
            qemu.expect("UEFI Interactive Shell", TestImages.BOOT);
        }
        Path initrd = KexecLoadIT.withFiles(test, "delay=0\n", java.util.Map.of());
        try (Qemu qemu = Qemu.start(new Qemu.Options(TestImages.loader().kernel(), initrd,
                "console=ttyS0 panic=-1 quiet", 1024, firmware), TestImages.DIR.resolve(name + "-2.log"))) {
            TestImages.busybox(qemu);
            qemu.send(KexecLoadIT.lobos("firmware") + "; echo FIRMWARE-$((40+2))-LISTED");
            String list = qemu.expect("(?s)(.*?)FIRMWARE-42-LISTED", TestImages.BOOT).group(1);
            // OVMF's own entries: its setup application and its built-in shell, with their device paths.
            assertThat(list).containsPattern("Boot\\p{XDigit}{4}  EFI Internal Shell +Fv\\(.*\\)/FvFile\\(");
            Matcher uiApp = java.util.regex.Pattern.compile("(Boot\\p{XDigit}{4})  UiApp +Fv\\(.*\\)/FvFile\\(")
                    .matcher(list);
            assertThat(uiApp.find()).as("UiApp's entry in:\n" + list).isTrue();
            String entry = uiApp.group(1);
            qemu.send(KexecLoadIT.lobos("firmware --next " + entry.substring(4) + " --reboot"));
            qemu.expect("BootNext = " + entry, TestImages.BOOT);
            // -no-reboot: the reset ends this QEMU; the NVRAM in the vars file keeps BootNext.
            assertThat(qemu.awaitExit(TestImages.BOOT)).isZero();
        }
        try (Qemu qemu = Qemu.start(new Qemu.Options(null, null, "", 1024, firmware),
                TestImages.DIR.resolve(name + "-3.log"))) {
            qemu.expect("Boot Maintenance Manager", TestImages.BOOT);
            assertThat(qemu.output()).doesNotContain("UEFI Interactive Shell");
        }
    }
}
