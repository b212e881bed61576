package lobos.cli;

import lobos.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import lobos.LobosException;
import lobos.image.Arm64Image;
import lobos.image.BzImage;
import lobos.image.CompressedImage;
import lobos.image.EfiImage;
import lobos.image.EfiZboot;
import lobos.image.ElfImage;
import lobos.image.ImageFormatException;
import lobos.image.KernelImage;
import lobos.image.Multiboot;
import lobos.image.MultibootImage;
import lobos.image.PeHeader;
import lobos.image.Uki;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lobos inspect FILE [--json]}: what kind of kernel a file is, and what its headers say. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Identify a kernel image and describe its headers: x86 bzImage, ELF, arm64 Image,",
            "EFI (stub, zboot, UKI), Multiboot, and any of these compressed.",
            "Exit status: 0 a known format, 1 not a kernel or corrupt, 2 bad usage."})
public final class InspectCommand implements Callable<Integer> {
    /** Larger files are refused before they are read: no kernel comes near this. */
    static final long MAX_FILE_SIZE = 1L << 30;

    @Parameters(paramLabel = "FILE", description = "the kernel image to inspect")
    Path file;

    @Option(names = "--json", description = "print the description as JSON")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        KernelImage image;
        try {
            image = KernelImage.identify(read(file));
        } catch (ImageFormatException e) {
            throw new ImageFormatException(file + ": " + e.getMessage(), e.hint(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> tree = new LinkedHashMap<>();
            tree.put("file", file.toString());
            tree.putAll(jsonTree(image));
            out.print(Json.write(tree));
        } else {
            out.println(file + ": " + image.kind());
            out.print(text(image));
        }
        out.flush();
        return Main.OK;
    }

    static byte[] read(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_SIZE) {
                throw new LobosException("%s: %d bytes, more than the %d MiB lobos reads as a kernel".formatted(file, size, MAX_FILE_SIZE >> 20),
                        "no kernel image is that large: is this a disk image?");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new LobosException(file + ": no such file", null);
        } catch (IOException e) {
            throw new LobosException(file + ": cannot read: " + e.getMessage(), null, e);
        }
    }

    /** The human-readable description of an image, without the first "FILE: kind" line. */
    static String text(KernelImage image) {
        return new Text().describe(image, "  ").out.toString();
    }

    /** The image's record components, with "kind" first and nested images as trees too. */
    static Map<String, Object> jsonTree(KernelImage image) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("kind", image.kind());
        tree.putAll(recordValue((Record) image)); // every KernelImage is a record
        return tree;
    }

    /** Header fields are unsigned: a 64-bit address of 2^63 or more is printed as the number it is, not negative. */
    private static Object jsonValue(Object value) {
        return switch (value) {
            case KernelImage k -> jsonTree(k);
            case Optional<?> o -> o.map(InspectCommand::jsonValue).orElse(null);
            case Long n when n < 0 -> new BigInteger(Long.toUnsignedString(n));
            case List<?> list -> list.stream().map(InspectCommand::jsonValue).toList();
            case Record r -> recordValue(r);
            case null, default -> value;
        };
    }

    /** A record nested in an image (an ELF segment, a PE section) as a JSON object, its numbers unsigned. */
    private static Map<String, Object> recordValue(Record r) {
        Map<String, Object> tree = new LinkedHashMap<>();
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            try {
                tree.put(c.getName(), jsonValue(c.getAccessor().invoke(r)));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + c, e);
            }
        }
        return tree;
    }

    /** The human-readable description: one "label  value" line per fact, nested images indented. */
    private static final class Text {
        final StringBuilder out = new StringBuilder();
        private String indent;

        Text describe(KernelImage image, String indent) {
            String outer = this.indent;
            this.indent = indent;
            switch (image) {
                case BzImage b -> bzImage(b);
                case ElfImage e -> elf(e);
                case Arm64Image a -> arm64(a);
                case EfiImage e -> pe("PE/COFF", e.pe());
                case EfiZboot z -> zboot(z);
                case Uki u -> uki(u);
                case MultibootImage m -> multiboot(m);
                case CompressedImage c -> {
                    line("compression", "%s, %d bytes, %d bytes decompressed", c.compression(), c.compressedSize(), c.decompressedSize());
                    nested("contents", c.inner());
                }
            }
            this.indent = outer;
            return this;
        }

        private void bzImage(BzImage b) {
            var h = b.header();
            line("kernel version", b.kernelVersion().isEmpty() ? "(none)" : b.kernelVersion());
            line("boot protocol", b.protocol());
            line("loadflags", "0x%02x %s", h.loadflags(), names(b.loadflags()));
            if (b.protocolAtLeast(2, 12)) line("xloadflags", "0x%02x %s", h.xloadflags(), names(b.xloadflags()));
            if (b.protocolAtLeast(2, 5)) {
                line("relocatable", "%s, kernel_alignment 0x%x%s", h.relocatableKernel() ? "yes" : "no", h.kernelAlignment(),
                        h.minAlignment() != 0 ? ", min_alignment 2^%d".formatted(h.minAlignment()) : "");
            }
            if (b.protocolAtLeast(2, 10)) {
                line("pref_address", "0x%x", h.prefAddress());
                line("init_size", "0x%x (%s)", h.initSize(), size(h.initSize()));
            }
            line("cmdline_size", "%d", h.cmdlineSize());
            line("initrd_addr_max", "0x%x", h.initrdAddrMax());
            if (b.protocolAtLeast(2, 11)) line("handover_offset", "0x%x", h.handoverOffset());
            line("setup", "%d sectors + boot sector = %d bytes", b.setupSize() / 512 - 1, b.setupSize());
            line("protected-mode code", "%d bytes (syssize 0x%x)", b.kernelSize(), h.syssize());
            if (h.payloadLength() != 0) {
                line("payload", "%s, %d bytes at 0x%x, %d bytes uncompressed", b.payloadCompression().map(Object::toString).orElse("unknown compression"),
                        h.payloadLength(), b.setupSize() + h.payloadOffset(), b.payloadUncompressedSize());
            }
            line("EFI stub", b.efiStub().map(InspectCommand::peSummary).orElse("no"));
            line("file size", "%d bytes", b.fileSize());
        }

        private void elf(ElfImage e) {
            line("class", "ELF%d, %s-endian", e.bits(), e.endianness());
            line("machine", "%s (%d)", e.machine(), e.machineCode());
            line("type", e.type());
            line("entry", "0x%x", e.entry());
            for (var s : e.segments()) {
                line("segment", "%-12s %-3s offset 0x%x vaddr 0x%x paddr 0x%x filesz 0x%x memsz 0x%x",
                        s.type(), s.flags(), s.offset(), s.vaddr(), s.paddr(), s.fileSize(), s.memorySize());
            }
            String sections = e.sections().stream().map(s -> s.name()).filter(n -> !n.isEmpty()).collect(Collectors.joining(" "));
            if (!sections.isEmpty()) line("sections", sections);
        }

        private void arm64(Arm64Image a) {
            line("text_offset", "0x%x", a.textOffset());
            line("image_size", a.imageSize() == 0 ? "0 (a kernel before 3.17: text_offset 0x80000 assumed)" : "0x%x (%s)".formatted(a.imageSize(), size(a.imageSize())));
            line("flags", "0x%x: %s-endian, page size %s, %s", a.flags(), a.bigEndian() ? "big" : "little",
                    a.pageSize() == 0 ? "unspecified" : a.pageSize() / 1024 + " KiB",
                    a.placeAnywhere() ? "anywhere in 48-bit physical memory" : "as close to the start of DRAM as possible");
            line("EFI stub", a.efiStub().map(InspectCommand::peSummary).orElse("no"));
            line("file size", "%d bytes", a.fileSize());
        }

        private void pe(String label, PeHeader pe) {
            line(label, peSummary(pe));
            line("entry point", "0x%x", pe.entryPoint());
            for (var s : pe.sections()) {
                line("section", "%-9s %d bytes at file offset 0x%x, address 0x%x", s.name(), s.size(), s.rawOffset(), s.virtualAddress());
            }
        }

        private void zboot(EfiZboot z) {
            pe("PE/COFF", z.pe());
            line("payload", "%s (header says \"%s\"), %d bytes at 0x%x, %d bytes decompressed",
                    z.payloadCompression().map(Object::toString).orElse("unknown"), z.compressionType(), z.payloadSize(), z.payloadOffset(), z.decompressedSize());
            nested("contents", z.inner());
        }

        private void uki(Uki u) {
            line("PE/COFF", peSummary(u.pe()));
            for (var p : u.sections()) line("section", "%-9s %d bytes", p.name(), p.size());
            if (!u.uname().isEmpty()) line("uname", u.uname());
            if (!u.osRelease().isEmpty()) line("os-release", u.osRelease());
            if (!u.cmdline().isEmpty()) line("cmdline", u.cmdline());
            nested(".linux", u.linux());
        }

        private void multiboot(MultibootImage m) {
            m.multiboot1().ifPresent(this::multiboot1);
            m.multiboot2().ifPresent(this::multiboot2);
            m.elf().ifPresent(e -> nested("ELF", e));
            line("file size", "%d bytes", m.fileSize());
        }

        private void multiboot1(Multiboot.Header1 h) {
            line("multiboot header", "at 0x%x, flags 0x%x %s%s", h.offset(), h.flags(), names(h.flagBits()),
                    h.unknownRequiredFlags() != 0 ? " (unknown required flags 0x%x)".formatted(h.unknownRequiredFlags()) : "");
            if (h.flagBits().contains(Multiboot.Flag.ADDRESS_FIELDS)) {
                line("addresses", "header 0x%x load 0x%x load_end 0x%x bss_end 0x%x entry 0x%x",
                        h.headerAddr(), h.loadAddr(), h.loadEndAddr(), h.bssEndAddr(), h.entryAddr());
            }
            if (h.flagBits().contains(Multiboot.Flag.VIDEO_MODE)) {
                line("video mode", "type %d, %dx%dx%d", h.modeType(), h.width(), h.height(), h.depth());
            }
        }

        private void multiboot2(Multiboot.Header2 h) {
            line("multiboot2 header", "at 0x%x, architecture %s, %d bytes", h.offset(), h.architectureName(), h.headerLength());
            for (var t : h.tags()) {
                if (t.type() == 0) continue;
                line("tag", "%s%s %s", t.name(), t.optional() ? " (optional)" : "",
                        t.values().stream().map("0x%x"::formatted).collect(Collectors.joining(" ")));
            }
        }

        private void nested(String label, KernelImage inner) {
            line(label, inner.kind());
            describe(inner, indent + "  ");
        }

        private void line(String label, String format, Object... args) {
            out.append(indent).append("%-20s ".formatted(label)).append(args.length == 0 ? format : format.formatted(args)).append('\n');
        }
    }

    private static String peSummary(PeHeader pe) {
        return "%s %s %s, image version %s".formatted(pe.format(), pe.machine(), pe.subsystem(), pe.imageVersion());
    }

    private static String names(Set<? extends Enum<?>> flags) {
        return flags.stream().map(f -> f.name().replace("FIVE_LEVEL", "5LEVEL")).collect(Collectors.joining(" "));
    }

    private static String size(long bytes) {
        return bytes >= 1 << 20 ? "%.1f MiB".formatted(bytes / 1048576.0) : "%.1f KiB".formatted(bytes / 1024.0);
    }

}
