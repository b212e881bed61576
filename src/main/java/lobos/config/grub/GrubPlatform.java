package lobos.config.grub;

/**
 * What GRUB's {@code $grub_platform} and {@code $grub_cpu} say while lobos reads a config;
 * configs branch on them ({@code if [ "$grub_platform" = "efi" ]}). lobos replaces the boot
 * loader of the machine it runs on, so the caller passes that machine's firmware ("efi" or
 * "pc"); without one lobos assumes EFI.
 */
public record GrubPlatform(String platform, String cpu) {
    public static final GrubPlatform EFI_X86_64 = new GrubPlatform("efi", "x86_64");

    /** EFI on the CPU this JVM runs on. */
    public static GrubPlatform efiOnThisCpu() {
        return new GrubPlatform("efi", lobos.config.Cpu.here());
    }
}
