package lobos.kexec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The entry code, disassembled by binutils' objdump (AT&T syntax) and compared with the
 * instructions it is meant to be, written out here by hand with their addresses.
 */
class EntryCodeTest {
    static final long BASE = 0x100000, STACK = 0x101000, TABLES = 0x101000, ZERO_PAGE = 0x107000, KERNEL = 0x1000200;

    @TempDir
    Path dir;

    @Test
    void linuxEntrySwitchesToItsOwnFourLevelTablesAndJumpsWithRsiAtTheZeroPage() throws Exception {
        byte[] code = EntryCode.linux64(BASE, STACK, ZERO_PAGE, KERNEL, TABLES);
        assertThat(disassemble(code, "i386:x86-64", 0, 0x14)).containsExactly(
                "cli",
                "lgdt 0x98(%rip) # 0x1000a0",
                "lea 0x5(%rip),%rax # 0x100014",
                "push $0x8",
                "push %rax",
                "lretq");
        assertThat(disassemble(code, "i386", 0x14, 0x4a)).containsExactly(
                "mov %cr0,%eax",
                "and $0x7fffffff,%eax",
                "mov %eax,%cr0",
                "jmp 0x100021",
                "mov %cr4,%eax",
                "and $0xfffdef7f,%eax",
                "or $0x20,%eax",
                "mov %eax,%cr4",
                "mov $0x101000,%eax",
                "mov %eax,%cr3",
                "mov %cr0,%eax",
                "or $0x80000000,%eax",
                "mov %eax,%cr0",
                "push $0x10",
                "push $0x10004a",
                "lret");
        assertThat(disassemble(code, "i386:x86-64", 0x4a, 0x7f)).containsExactly(
                "mov $0x18,%eax",
                "mov %eax,%ds",
                "mov %eax,%es",
                "mov %eax,%ss",
                "mov %eax,%fs",
                "mov %eax,%gs",
                "movabs $0x101000,%rsp",
                "movabs $0x107000,%rsi",
                "xor %ebp,%ebp",
                "xor %edi,%edi",
                "xor %ebx,%ebx",
                "movabs $0x1000200,%rax",
                "jmp *%rax");
        assertGdt(code, 0x80, 0xa0);
    }

    @Test
    void theIdentityTablesMapTheFirstFourGiBWithTwoMiBPages() {
        ByteBuffer t = ByteBuffer.wrap(EntryCode.identityTables(TABLES)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(t.capacity()).isEqualTo(6 * 4096);
        assertThat(t.getLong(0)).isEqualTo(0x102003L);                   // PML4[0] -> PDPT, present + writable
        assertThat(t.getLong(8)).isZero();
        assertThat(t.getLong(0x1000)).isEqualTo(0x103003L);              // PDPT[0] -> PD 0
        assertThat(t.getLong(0x1000 + 3 * 8)).isEqualTo(0x106003L);      // PDPT[3] -> PD 3
        assertThat(t.getLong(0x1000 + 4 * 8)).isZero();
        assertThat(t.getLong(0x2000)).isEqualTo(0x83L);                  // 0-2 MiB, PS
        assertThat(t.getLong(0x2000 + 8)).isEqualTo(0x200083L);          // 2-4 MiB
        assertThat(t.getLong(0x2000 + 0x3000 + 511 * 8)).isEqualTo(0xffe00083L); // the last 2 MiB below 4 GiB
    }

    @Test
    void multibootEntryLeavesLongModeAndEntersWithTheMagicInEaxAndTheInfoInEbx() throws Exception {
        byte[] code = EntryCode.multiboot(BASE, STACK, 0x2badb002L, 0x102000, 0x200000);
        assertThat(disassemble(code, "i386:x86-64", 0, 0x14)).containsExactly(
                "cli",
                "lgdt 0x5c(%rip) # 0x100130".replace("0x5c", "0x" + Long.toHexString(gdtr(code) - 0x8))
                        .replace("0x100130", "0x" + Long.toHexString(BASE + gdtr(code))),
                "lea 0x5(%rip),%rax # 0x100014",
                "push $0x8",
                "push %rax",
                "lretq");
        int message = indexOf(code, EntryCode.RETURNED.getBytes(StandardCharsets.US_ASCII));
        assertThat(message).isEqualTo(0x8a);
        assertThat(disassemble(code, "i386", 0x14, message)).containsExactly(
                "mov %cr0,%eax",
                "and $0x7fffffff,%eax",
                "mov %eax,%cr0",
                "jmp 0x100021",
                "mov $0xc0000080,%ecx",
                "rdmsr",
                "and $0xfffffeff,%eax",
                "wrmsr",
                "mov %cr4,%eax",
                "and $0xfffdef5f,%eax",
                "mov %eax,%cr4",
                "mov $0x18,%eax",
                "mov %eax,%ds",
                "mov %eax,%es",
                "mov %eax,%ss",
                "mov %eax,%fs",
                "mov %eax,%gs",
                "mov $0x101000,%esp",
                "push $0x100064",
                "mov $0x200000,%ecx",
                "mov $0x2badb002,%eax",
                "mov $0x102000,%ebx",
                "jmp *%ecx",
                // 0x100064: where a kernel that returns lands
                "cli",
                "mov $0x10008a,%esi",
                "lods %ds:(%esi),%al",
                "test %al,%al",
                "je 0x100083",
                "mov %al,%cl",
                "mov $0x3fd,%dx",
                "in (%dx),%al",
                "test $0x20,%al",
                "je 0x100075",
                "mov $0x3f8,%dx",
                "mov %cl,%al",
                "out %al,(%dx)",
                "jmp 0x10006a",
                "mov $0xfe,%al",
                "out %al,$0x64",
                "hlt",
                "jmp 0x100087");
        assertThat(code[message + EntryCode.RETURNED.length()]).isZero();
        assertGdt(code, gdtr(code) - 32, gdtr(code));
    }

    @Test
    void multibootAddressesMustLieBelowFourGiB() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> EntryCode.multiboot(BASE, STACK, 0x2badb002L, 0x1_0000_0000L, 0x200000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("above 4 GiB");
    }

    /** The GDT: null, flat 32-bit code, flat 64-bit code, flat data; lgdt's pointer after it. */
    private static void assertGdt(byte[] code, int gdt, int gdtr) {
        ByteBuffer b = ByteBuffer.wrap(code).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(gdt % 16).isZero();
        assertThat(b.getLong(gdt)).isZero();
        assertThat(b.getLong(gdt + 8)).isEqualTo(0x00cf9a000000ffffL);   // 0x08: code, D=1 (32-bit), G=1
        assertThat(b.getLong(gdt + 16)).isEqualTo(0x00af9a000000ffffL);  // 0x10: code, L=1 (64-bit), G=1
        assertThat(b.getLong(gdt + 24)).isEqualTo(0x00cf92000000ffffL);  // 0x18: data, read/write, G=1
        assertThat(b.getShort(gdtr)).isEqualTo((short) 31);
        assertThat(b.getLong(gdtr + 2)).isEqualTo(BASE + gdt);
    }

    /** Where the GDT pointer is: the 10 bytes after the 32-byte, 16-aligned table that ends the code. */
    private static int gdtr(byte[] code) {
        return code.length - 10;
    }

    private static int indexOf(byte[] data, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= data.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) continue outer;
            }
            return i;
        }
        return -1;
    }

    /** objdump's instructions between two offsets: "mnemonic operands", spaces squeezed. */
    private List<String> disassemble(byte[] code, String machine, int from, int to) throws Exception {
        Path bin = Files.write(dir.resolve("code-" + from + ".bin"), code);
        Process p = new ProcessBuilder("objdump", "-D", "-b", "binary", "-m", machine,
                "--adjust-vma=0x" + Long.toHexString(BASE),
                "--start-address=0x" + Long.toHexString(BASE + from),
                "--stop-address=0x" + Long.toHexString(BASE + to), bin.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        List<String> instructions = new ArrayList<>();
        for (String line : out.lines().toList()) {
            String[] cols = line.split("\t");
            if (cols.length < 3 || !cols[0].strip().matches("[0-9a-f]+:")) continue;
            instructions.add(cols[2].replaceAll("\\s+", " ").strip());
        }
        return instructions;
    }
}
