package lobos.image;

import java.util.List;

/**
 * An ELF file: a vmlinux, or any other ELF (lobos describes them all; whether kexec can load
 * it is the planner's question).
 *
 * @param bits 32 or 64 (EI_CLASS)
 * @param endianness "little" or "big" (EI_DATA)
 * @param machineCode e_machine (62 = x86-64, 183 = AArch64...)
 * @param type e_type: EXEC, DYN, REL (.o, .ko), CORE...
 * @param entry e_entry, the entry point address
 */
public record ElfImage(int bits, String endianness, int machineCode, String machine, String type, long entry,
                       List<Elf.Segment> segments, List<Elf.Section> sections) implements KernelImage {
    @Override
    public String kind() {
        return "ELF " + bits + "-bit " + type;
    }
}
