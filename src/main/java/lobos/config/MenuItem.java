package lobos.config;

/** What a menu holds: a boot entry or a nested menu (GRUB submenu, syslinux MENU BEGIN). */
public sealed interface MenuItem permits BootEntry, Menu {
    String title();
}
