package lobos.kexec;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough of an x86 assembler for {@link EntryCode}: raw instruction bytes written by the
 * caller (each call site names the instruction in a comment), labels, and the few kinds of
 * reference the entry code needs. {@code base} is the physical address the code will run at,
 * so absolute references resolve to real addresses.
 */
final class X86Code {
    private enum Kind { REL8, REL32, ABS32, ABS64 }

    private record Fixup(int at, String label, Kind kind) {}

    private final long base;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Map<String, Integer> labels = new HashMap<>();
    private final List<Fixup> fixups = new ArrayList<>();

    X86Code(long base) {
        this.base = base;
    }

    int offset() {
        return out.size();
    }

    X86Code label(String name) {
        if (labels.putIfAbsent(name, out.size()) != null) throw new IllegalStateException("label twice: " + name);
        return this;
    }

    X86Code bytes(int... values) {
        for (int b : values) out.write(b);
        return this;
    }

    X86Code imm8(long value) {
        return bytes((int) value & 0xff);
    }

    X86Code imm16(long value) {
        return bytes((int) value & 0xff, (int) (value >> 8) & 0xff);
    }

    X86Code imm32(long value) {
        for (int i = 0; i < 4; i++) out.write((int) (value >> (8 * i)));
        return this;
    }

    X86Code imm64(long value) {
        for (int i = 0; i < 8; i++) out.write((int) (value >> (8 * i)));
        return this;
    }

    /** A signed 8-bit displacement to {@code label} from the end of this byte (short jumps). */
    X86Code rel8(String label) {
        fixups.add(new Fixup(out.size(), label, Kind.REL8));
        return bytes(0);
    }

    /**
     * A 32-bit displacement from the end of these four bytes: RIP-relative operands, where the
     * displacement is the instruction's last field.
     */
    X86Code rel32(String label) {
        fixups.add(new Fixup(out.size(), label, Kind.REL32));
        return imm32(0);
    }

    /** The label's physical address as 32 bits (it must lie below 4 GiB). */
    X86Code abs32(String label) {
        fixups.add(new Fixup(out.size(), label, Kind.ABS32));
        return imm32(0);
    }

    X86Code abs64(String label) {
        fixups.add(new Fixup(out.size(), label, Kind.ABS64));
        return imm64(0);
    }

    X86Code align(int alignment) {
        while (out.size() % alignment != 0) out.write(0);
        return this;
    }

    long address(String label) {
        Integer at = labels.get(label);
        if (at == null) throw new IllegalStateException("no label " + label);
        return base + at;
    }

    byte[] assemble() {
        byte[] code = out.toByteArray();
        for (Fixup f : fixups) {
            long target = address(f.label());
            switch (f.kind()) {
                case REL8 -> {
                    long d = target - (base + f.at() + 1);
                    if (d < -128 || d > 127) throw new IllegalStateException("short jump too far: " + f.label());
                    code[f.at()] = (byte) d;
                }
                case REL32 -> put(code, f.at(), target - (base + f.at() + 4), 4);
                case ABS32 -> {
                    if (target >>> 32 != 0) throw new IllegalStateException(f.label() + " is above 4 GiB");
                    put(code, f.at(), target, 4);
                }
                case ABS64 -> put(code, f.at(), target, 8);
            }
        }
        return code;
    }

    private static void put(byte[] code, int at, long value, int width) {
        for (int i = 0; i < width; i++) code[at + i] = (byte) (value >> (8 * i));
    }
}
