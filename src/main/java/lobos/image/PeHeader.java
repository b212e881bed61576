package lobos.image;

import java.util.List;

/**
 * What the PE/COFF headers of an EFI executable say.
 *
 * @param machineCode the COFF Machine field (0x8664 x86-64, 0xaa64 arm64...)
 * @param format "PE32" or "PE32+"
 * @param subsystemCode the optional header's Subsystem (10 = EFI application)
 * @param entryPoint AddressOfEntryPoint, relative to the image base
 * @param imageVersion MajorImageVersion.MinorImageVersion; Linux's EFI stub puts its own
 *     version here (1.1 and later load the initrd through the LoadFile2 protocol)
 */
public record PeHeader(int machineCode, String machine, String format, int subsystemCode, String subsystem,
                       long entryPoint, long imageBase, long sizeOfImage, String imageVersion,
                       List<Pe.Section> sections) {}
