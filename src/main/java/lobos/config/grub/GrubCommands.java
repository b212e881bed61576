package lobos.config.grub;

import java.util.Map;
import java.util.Set;

/** Which GRUB commands lobos accepts without doing anything, and which it knows it cannot do. */
final class GrubCommands {
    private GrubCommands() {}

    /**
     * Display, terminal, sound, module and hardware commands: they change nothing about what boots,
     * so lobos accepts them silently and they succeed.
     */
    private static final Set<String> SILENT = Set.of(
            "insmod", "rmmod", "lsmod", "loadfont", "lsfonts", "terminal_output", "terminal_input",
            "terminal", "terminfo", "play", "background_image", "background_color", "echo", "serial", "clear",
            "sleep", "videoinfo", "videotest", "vbeinfo", "cutmem", "badram",
            "acpi", "lsacpi", "lspci", "usb", "nativedisk", "cryptomount", "verify_detached", "trust",
            "distrust", "list_trusted", "password", "password_pbkdf2", "authenticate", "save_env",
            "list_env", "lsefi", "lsefimmap", "lsefisystab", "lssal", "outb", "outw", "outl", "inb", "inw",
            "inl", "write_byte", "write_word", "write_dword", "read_byte", "read_word", "read_dword",
            "date", "help", "ls", "cat", "gettext", "keymap", "vga_text", "fakebios", "fix_video", "setpci", "pcidump",
            "tpm2_key_protector_init", "tpm2_key_protector_clear", "key_protector_init", "net_bootp",
            "net_dhcp", "net_ls_addr", "net_ls_cards", "net_ls_routes", "lsmmap", "hashsum", "md5sum",
            "sha1sum", "sha256sum", "sha512sum", "crc", "blocklist", "functional_test", "testspeed", "cmp", "boottime",
            "grub_platform");

    /** Commands lobos recognises but cannot carry out: an entry that needs one is dropped. */
    private static final Map<String, String> UNSUPPORTED = Map.ofEntries(
            Map.entry("loopback", "files inside disk images are not reachable"),
            Map.entry("btrfs-mount-subvol", "btrfs subvolume mounts are not modelled"),
            Map.entry("xen_hypervisor", "Xen's arm64 loader is not supported"),
            Map.entry("xen_module", "Xen's arm64 loader is not supported"),
            Map.entry("ntldr", "Windows NT loaders need the firmware"),
            Map.entry("kfreebsd", "BSD kernels are not supported"),
            Map.entry("knetbsd", "BSD kernels are not supported"),
            Map.entry("kopenbsd", "BSD kernels are not supported"),
            Map.entry("appleloader", "Apple's loader needs the firmware"),
            Map.entry("xnu_kernel", "macOS kernels are not supported"),
            Map.entry("xnu_kernel64", "macOS kernels are not supported"),
            Map.entry("freedos", "FreeDOS needs the BIOS"),
            Map.entry("plan9", "Plan 9 kernels are not supported"),
            Map.entry("truecrypt", "TrueCrypt loaders need the BIOS"),
            Map.entry("drivemap", "BIOS drive remapping needs the BIOS"),
            Map.entry("legacy_configfile", "GRUB Legacy menus are not supported"),
            Map.entry("legacy_kernel", "GRUB Legacy menus are not supported"),
            Map.entry("extract_entries_source", "entry extraction is not supported"),
            Map.entry("extract_entries_configfile", "entry extraction is not supported"),
            Map.entry("tr", "lobos does not implement tr"),
            Map.entry("read", "lobos reads no keyboard input while it reads a config"),
            Map.entry("net_add_addr", "network configuration is not modelled"),
            Map.entry("net_add_route", "network configuration is not modelled"));

    static boolean isSilent(String name) {
        return SILENT.contains(name);
    }

    static boolean isUnsupported(String name) {
        return UNSUPPORTED.containsKey(name);
    }

    static String why(String name) {
        return UNSUPPORTED.get(name);
    }
}
