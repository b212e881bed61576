package lobos.linux;

/** The reboot(2) commands lobos uses, with their LINUX_REBOOT_CMD_* values. */
public enum RebootCommand {
    /** Start the kernel loaded by kexec_file_load. */
    KEXEC(0x45584543),
    POWER_OFF(0x4321FEDC),
    RESTART(0x01234567),
    HALT(0xCDEF0123);

    final int value;

    RebootCommand(int value) {
        this.value = value;
    }
}
