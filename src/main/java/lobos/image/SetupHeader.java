package lobos.image;

/**
 * The raw fields of an x86 kernel's real-mode setup header (Documentation/arch/x86/boot.rst),
 * as the file holds them. A field newer than the image's boot protocol {@code version} is not
 * read (the bytes may be code in old kernels): it is 0, except {@code cmdlineSize} (255 before
 * 2.06) and {@code initrdAddrMax} (0x37ffffff before 2.03), which take the values the protocol
 * document prescribes.
 *
 * @param setupSects 0x1f1, sectors of setup code after the boot sector (0 is read as 4)
 * @param syssize 0x1f4, protected-mode code size in 16-byte paragraphs (2.04+)
 * @param version 0x206, boot protocol version, (major << 8) | minor
 * @param kernelVersionPointer 0x20e, offset of the version string less 0x200 (0: none)
 * @param loadflags 0x211, bit 0 LOADED_HIGH (bzImage), 1 KASLR, 5 QUIET, 6 KEEP_SEGMENTS, 7 CAN_USE_HEAP
 * @param code32Start 0x214, protected-mode entry (the default load address)
 * @param initrdAddrMax 0x22c, highest address an initrd may occupy (2.03+)
 * @param kernelAlignment 0x230, alignment a relocatable kernel wants (2.05+)
 * @param relocatableKernel 0x234, the kernel can be loaded at any aligned address (2.05+)
 * @param minAlignment 0x235, the least alignment it accepts, as a power of two (2.10+)
 * @param xloadflags 0x236, bit 0 KERNEL_64, 1 CAN_BE_LOADED_ABOVE_4G, 2 EFI_HANDOVER_32,
 *     3 EFI_HANDOVER_64, 4 EFI_KEXEC, 5 5LEVEL, 6 5LEVEL_ENABLED, 7 MEM_ENCRYPTION (2.12+)
 * @param cmdlineSize 0x238, longest command line without its NUL (2.06+)
 * @param hardwareSubarch 0x23c (2.07+)
 * @param payloadOffset 0x248, payload offset from the start of the protected-mode code (2.08+)
 * @param payloadLength 0x24c, payload length (2.08+)
 * @param prefAddress 0x258, preferred load address (2.10+)
 * @param initSize 0x260, memory the kernel needs from its start before it can look at the memory map (2.10+)
 * @param handoverOffset 0x264, EFI handover entry point offset (2.11+)
 * @param kernelInfoOffset 0x268, offset of the kernel_info structure (2.15+)
 */
public record SetupHeader(int setupSects, int rootFlags, long syssize, int vidMode, int rootDev, int version,
                          int kernelVersionPointer, int loadflags, long code32Start, long initrdAddrMax,
                          long kernelAlignment, boolean relocatableKernel, int minAlignment, int xloadflags,
                          long cmdlineSize, long hardwareSubarch, long payloadOffset, long payloadLength,
                          long prefAddress, long initSize, long handoverOffset, long kernelInfoOffset) {

    static SetupHeader read(ByteReader r) {
        int version = r.u16("version", 0x206);
        return new SetupHeader(
                r.u8("setup_sects", 0x1f1),
                r.u16("root_flags", 0x1f2),
                version >= 0x204 ? r.u32("syssize", 0x1f4) : r.u16("syssize", 0x1f4),
                r.u16("vid_mode", 0x1fa),
                r.u16("root_dev", 0x1fc),
                version,
                r.u16("kernel_version", 0x20e),
                r.u8("loadflags", 0x211),
                r.u32("code32_start", 0x214),
                version >= 0x203 ? r.u32("initrd_addr_max", 0x22c) : 0x37ffffff,
                version >= 0x205 ? r.u32("kernel_alignment", 0x230) : 0,
                version >= 0x205 && r.u8("relocatable_kernel", 0x234) != 0,
                version >= 0x20a ? r.u8("min_alignment", 0x235) : 0,
                version >= 0x20c ? r.u16("xloadflags", 0x236) : 0,
                version >= 0x206 ? r.u32("cmdline_size", 0x238) : 255,
                version >= 0x207 ? r.u32("hardware_subarch", 0x23c) : 0,
                version >= 0x208 ? r.u32("payload_offset", 0x248) : 0,
                version >= 0x208 ? r.u32("payload_length", 0x24c) : 0,
                version >= 0x20a ? r.u64("pref_address", 0x258) : 0,
                version >= 0x20a ? r.u32("init_size", 0x260) : 0,
                version >= 0x20b ? r.u32("handover_offset", 0x264) : 0,
                version >= 0x20f ? r.u32("kernel_info_offset", 0x268) : 0);
    }
}
