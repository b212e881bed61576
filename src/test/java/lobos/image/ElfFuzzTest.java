package lobos.image;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** The ELF reader and its lookups: only ImageFormatException may escape. */
class ElfFuzzTest {
    @FuzzTest(maxDuration = "2m")
    void parse(byte[] data) {
        try {
            Elf elf = Elf.parse(data);
            elf.needed();
            elf.soname();
            elf.sectionStrings(".modinfo");
            for (Elf.Section s : elf.sections()) elf.sectionBytes(s.name());
        } catch (ImageFormatException expected) {
            // bad input, reported as such
        }
    }
}
