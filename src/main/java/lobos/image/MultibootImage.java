package lobos.image;

import java.util.Optional;

/**
 * A kernel with a Multiboot or Multiboot2 header (Xen, memtest86+, many hobby kernels). The
 * header sits either in an ELF file (then {@code elf} describes it, and a loader without the
 * ADDRESS_FIELDS flag loads the ELF segments) or in a raw binary loaded by the header's addresses.
 */
public record MultibootImage(Optional<Multiboot.Header1> multiboot1, Optional<Multiboot.Header2> multiboot2,
                             Optional<ElfImage> elf, long fileSize) implements KernelImage {
    @Override
    public String kind() {
        String versions = multiboot1.isPresent() && multiboot2.isPresent() ? "Multiboot and Multiboot2"
                : multiboot1.isPresent() ? "Multiboot" : "Multiboot2";
        return versions + (elf.isPresent() ? " ELF" : " binary") + " kernel";
    }
}
