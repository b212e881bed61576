package lobos.kexec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import lobos.image.Arm64Image;
import lobos.image.BzImage;
import lobos.image.CompressedImage;
import lobos.image.ElfImage;
import lobos.image.ImageFormatException;
import lobos.image.KernelImage;
import lobos.image.MultibootImage;
import lobos.image.Uki;
import lobos.image.UnknownImageException;
import lobos.linux.Arch;

/**
 * Checks a kernel, its initrds (or modules) and command line before anything touches the
 * kernel, so that a boot that cannot work fails with a reason while the running system is left
 * as it was, and decides how it is loaded ({@link BootPlan}). kexec_file_load's rules decide
 * what it takes: on x86_64 a 64-bit bzImage with boot protocol 2.12 or newer that may be loaded
 * above 4 GiB (also as a UKI's .linux or decompressed), on arm64 an uncompressed Image. What it
 * does not take but lobos can lay out goes to kexec_load: an ELF vmlinux, a Multiboot or
 * Multiboot2 kernel, a 64-bit bzImage kexec_file_load refuses (memtest86+). docs/boot.md has
 * the table.
 */
public final class Planner {
    /** No kernel comes near this; a larger file is refused before it is read. */
    static final long MAX_KERNEL_BYTES = 512L << 20;
    /** The command line limit when the image does not say (arm64's COMMAND_LINE_SIZE). */
    static final int DEFAULT_CMDLINE_LIMIT = 2048;

    private final Arch arch;

    public Planner(Arch arch) {
        this.arch = arch;
    }

    /** A Linux kernel with initrds, loaded the default way. */
    public BootPlan plan(Path kernel, List<Path> initrds, String cmdline) {
        return plan(KernelRequest.linux(kernel, initrds, cmdline));
    }

    /**
     * Checks a request and decides how it is loaded: kexec_file_load for what it can take unless
     * {@link KernelRequest.Syscall#LOAD} is asked for, kexec_load (segments laid out by lobos)
     * for the rest: an ELF vmlinux, a Multiboot kernel.
     */
    public BootPlan plan(KernelRequest request) {
        Path kernel = request.kernel();
        String cmdline = request.cmdline();
        KernelImage image = identify(kernel);
        List<String> warnings = new ArrayList<>();
        for (Path initrd : request.initrds()) checkFile("initrd", initrd, warnings);
        for (KernelRequest.Module m : request.modules()) checkFile("module", m.file(), warnings);
        if (cmdline.isBlank() && request.protocol() == KernelRequest.Protocol.LINUX
                && !(Unpacked.inner(image) instanceof MultibootImage) && !(image instanceof Uki)) {
            warnings.add("the command line is empty: the kernel will not know its root file system"
                    + " (give one with --append or --reuse-cmdline)");
        }
        // a compressed Multiboot kernel (Debian's xen-*.gz) is one too: GRUB's multiboot2 unzips it
        boolean multiboot = request.protocol() != KernelRequest.Protocol.LINUX
                || Unpacked.inner(image) instanceof MultibootImage;
        if (!multiboot && !request.modules().isEmpty()) {
            throw new KexecException(kernel + " is " + article(image.kind()) + ", which takes no modules",
                    "modules belong to Multiboot kernels (GRUB multiboot/module lines); give initrds to Linux");
        }
        if (multiboot) return planMultiboot(request, image, warnings);
        if (image instanceof Uki uki) return planUki(request, uki, warnings);
        Optional<String> wrapper = Unpacked.wrapper(image);
        if (wrapper.isPresent()) return planUnpacked(request, image, wrapper.get(), warnings);
        if (request.syscall() == KernelRequest.Syscall.LOAD || arch == Arch.X86_64 && image instanceof ElfImage) {
            return planSegments(request, image, warnings);
        }
        String description;
        try {
            description = check(kernel, image, cmdline);
        } catch (KexecException refused) {
            // A 64-bit bzImage kexec_file_load refuses (memtest86+: not loadable above 4 GiB) still has
            // the 64-bit entry lobos's own layout uses; an explicit --syscall=file keeps the refusal.
            if (request.syscall() != KernelRequest.Syscall.AUTO || !(image instanceof BzImage b)
                    || !b.has(BzImage.XLoadFlag.KERNEL_64) || !b.loadflags().contains(BzImage.LoadFlag.LOADED_HIGH)
                    || arch != Arch.X86_64) {
                throw refused;
            }
            warnings.add(refused.getMessage() + "; lobos lays it out itself (kexec_load)");
            return planSegments(request, image, warnings);
        }
        return new BootPlan.FileLoad(kernel, description, request.initrds(), cmdline, warnings);
    }

    /** A UKI: its .linux must be what kexec_file_load takes here; its .cmdline stands unless the entry gives one. */
    private BootPlan planUki(KernelRequest request, Uki uki, List<String> warnings) {
        Path kernel = request.kernel();
        if (request.syscall() == KernelRequest.Syscall.LOAD) {
            throw new KexecException(kernel + " is a unified kernel image; lobos boots its .linux with kexec_file_load",
                    "boot it with --syscall=auto or --syscall=file");
        }
        String cmdline = request.cmdline().isBlank() ? uki.cmdline() : request.cmdline();
        if (!request.cmdline().isBlank() && !uki.cmdline().isEmpty()) {
            warnings.add("the entry's command line replaces the UKI's own (\"" + uki.cmdline() + "\"), as systemd-stub"
                    + " does without Secure Boot");
        }
        if (cmdline.isBlank()) warnings.add("neither the UKI nor the entry gives a command line");
        String inner = check(Path.of(kernel + " (.linux)"), uki.linux(), cmdline);
        String name = uki.osRelease().isEmpty() ? "" : uki.osRelease() + ", ";
        return new BootPlan.FileLoad(kernel, BootPlan.Source.UKI, "unified kernel image: " + name + inner,
                request.initrds(), cmdline, warnings);
    }

    /**
     * A compressed or zboot-wrapped kernel: lobos decompresses it into memory and loads what is
     * inside by the same rules (kexec_file_load for an Image or bzImage, kexec_load for an ELF vmlinux).
     */
    private BootPlan planUnpacked(KernelRequest request, KernelImage image, String wrapper, List<String> warnings) {
        KernelImage inner = Unpacked.inner(image);
        if (Unpacked.wrapper(inner).isPresent()) {
            throw new KexecException(request.kernel() + " is " + article(image.kind()) + ": a wrapper inside a wrapper",
                    "decompress it once by hand, then boot what comes out");
        }
        boolean segments = request.syscall() == KernelRequest.Syscall.LOAD
                || arch == Arch.X86_64 && inner instanceof ElfImage;
        if (segments) {
            BootPlan.SegmentLoad plan = (BootPlan.SegmentLoad) planSegments(request, inner, warnings);
            return new BootPlan.SegmentLoad(plan.kernel(), plan.format(), plan.description() + ", " + wrapper
                    + "-compressed", plan.initrds(), plan.modules(), plan.cmdline(), plan.warnings());
        }
        String description = check(Path.of(request.kernel() + " (decompressed)"), inner, request.cmdline());
        return new BootPlan.FileLoad(request.kernel(), BootPlan.Source.DECOMPRESSED, description + ", decompressed from "
                + wrapper, request.initrds(), request.cmdline(), warnings);
    }

    private static void checkFile(String what, Path file, List<String> warnings) {
        if (!Files.isRegularFile(file)) {
            throw new KexecException(what + " " + file + " does not exist or is not a file",
                    "check the path; every " + what + " must exist before anything is loaded");
        }
        if (!Files.isReadable(file)) {
            throw new KexecException(what + " " + file + " is not readable", "check its permissions");
        }
        if (size(file) == 0) warnings.add(what + " " + file + " is empty");
    }

    /** A Linux kernel lobos lays out itself: a bzImage's 64-bit entry, or an ELF vmlinux. */
    private BootPlan planSegments(KernelRequest request, KernelImage image, List<String> warnings) {
        Path kernel = request.kernel();
        String what = kernel + " is " + article(image.kind());
        if (request.syscall() == KernelRequest.Syscall.FILE) {
            throw new KexecException(what + ", which kexec_file_load does not take",
                    "boot it with --syscall=load (lobos lays out its segments for kexec_load)");
        }
        if (arch != Arch.X86_64) {
            throw new KexecException(what + "; lobos lays out kexec_load images only for x86_64 so far",
                    "boot it with --syscall=file");
        }
        return switch (image) {
            case BzImage b -> {
                if (!b.has(BzImage.XLoadFlag.KERNEL_64)) {
                    throw new KexecException(what + " without a 64-bit entry point (XLF_KERNEL_64)",
                            "lobos enters kernels through the 64-bit boot protocol; boot a 64-bit kernel");
                }
                long limit = b.header().cmdlineSize() > 0 ? b.header().cmdlineSize() : DEFAULT_CMDLINE_LIMIT;
                checkLength(what, request.cmdline(), limit);
                yield new BootPlan.SegmentLoad(kernel, BootPlan.Format.BZIMAGE, bzDescription(b) + ", by kexec_load",
                        request.initrds(), List.of(), request.cmdline(), warnings);
            }
            case ElfImage e -> {
                if (e.bits() != 64 || e.machineCode() != 62 || !e.type().equals("EXEC") || !e.endianness().equals("little")) {
                    throw new KexecException(what + " for " + e.machine() + " (" + e.type() + ")",
                            "an x86_64 machine boots x86-64 executables (a vmlinux)");
                }
                checkLength(what, request.cmdline(), ZeroPage.COMMAND_LINE_SIZE);
                long loads = e.segments().stream().filter(s -> s.typeCode() == lobos.image.Elf.PT_LOAD).count();
                // No version: finding the banner means searching megabytes, slow in an interpreted loader.
                yield new BootPlan.SegmentLoad(kernel, BootPlan.Format.VMLINUX, "Linux ELF vmlinux with "
                        + loads + " PT_LOAD segment" + (loads == 1 ? "" : "s") + ", entry 0x" + Long.toHexString(e.entry()), request.initrds(),
                        List.of(), request.cmdline(), warnings);
            }
            default -> throw new KexecException(what + ", which lobos cannot lay out for kexec_load",
                    "boot a bzImage or an ELF vmlinux");
        };
    }

    /** A Multiboot kernel: the header the entry's kind asks for must be there. */
    private BootPlan planMultiboot(KernelRequest request, KernelImage file, List<String> warnings) {
        Path kernel = request.kernel();
        String what = kernel + " is " + article(file.kind());
        // Debian ships Xen as xen-*.gz, which GRUB's multiboot2 unzips: the layout reads the
        // decompressed bytes (Kexec.layout), so the check looks inside one level of wrapping too.
        Optional<String> wrapper = Unpacked.wrapper(file);
        KernelImage image = Unpacked.inner(file);
        if (!(image instanceof MultibootImage mb)) {
            throw new KexecException(what + ", not a Multiboot kernel (no Multiboot header in its first 32 KiB)",
                    "boot it as a Linux entry, or check that the file is the kernel the entry meant");
        }
        if (request.syscall() == KernelRequest.Syscall.FILE) {
            throw new KexecException(what + ", which kexec_file_load does not take",
                    "boot it with --syscall=load or --syscall=auto");
        }
        if (arch != Arch.X86_64) throw new KexecException(what + ": Multiboot kernels boot on x86 only", null);
        boolean two = switch (request.protocol()) {
            case MULTIBOOT -> false;
            case MULTIBOOT2 -> true;
            case LINUX -> mb.multiboot2().isPresent();
        };
        if (two && mb.multiboot2().isEmpty()) {
            throw new KexecException(what + " without a Multiboot2 header", "boot it with multiboot, not multiboot2");
        }
        if (!two && mb.multiboot1().isEmpty()) {
            throw new KexecException(what + " without a Multiboot (v1) header", "boot it with multiboot2, not multiboot");
        }
        if (!two) MultibootSegments.check(mb.multiboot1().orElseThrow(), mb.elf().isPresent(), what);
        else MultibootSegments.check(mb.multiboot2().orElseThrow(), what);
        if (!request.initrds().isEmpty()) {
            throw new KexecException(what + "; Multiboot kernels take modules, not initrds",
                    "give the files as modules (GRUB module lines, lobos boot --module)");
        }
        String name = two ? "Multiboot2" : "Multiboot";
        return new BootPlan.SegmentLoad(kernel, two ? BootPlan.Format.MULTIBOOT2 : BootPlan.Format.MULTIBOOT,
                name + " kernel" + (mb.elf().isPresent() ? " (ELF)" : " (loaded by its header's addresses)") + " with "
                        + request.modules().size() + " module" + (request.modules().size() == 1 ? "" : "s")
                        + wrapper.map(w -> ", " + w + "-compressed").orElse(""),
                List.of(), request.modules(), request.cmdline(), warnings);
    }

    private static KernelImage identify(Path kernel) {
        if (!Files.isRegularFile(kernel)) {
            throw new KexecException("kernel " + kernel + " does not exist or is not a file", "check the path");
        }
        long size = size(kernel);
        if (size > MAX_KERNEL_BYTES) {
            throw new KexecException(kernel + " is " + (size >> 20) + " MiB, too large to be a kernel",
                    "is it a disk image or a vmlinux with debug symbols? boot the bzImage");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(kernel)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new KexecException("cannot read kernel " + kernel + ": " + e.getMessage(), "check its permissions", e);
        }
        try {
            return KernelImage.identify(bytes);
        } catch (UnknownImageException e) {
            throw new KexecException(kernel + " is not a kernel: " + e.getMessage(), e.hint(), e);
        } catch (ImageFormatException e) {
            throw new KexecException(kernel + " is a damaged kernel image: " + e.getMessage(), e.hint(), e);
        }
    }

    /** Returns a description of a kernel this architecture can kexec, or throws saying why not. */
    private String check(Path kernel, KernelImage image, String cmdline) {
        String what = kernel + " is " + article(image.kind());
        return switch (arch) {
            case X86_64 -> switch (image) {
                case BzImage b -> checkBzImage(what, b, cmdline);
                case CompressedImage c -> throw new KexecException(what + ", which lobos does not decompress yet",
                        "decompress it first (" + c.compression().displayName() + " -d)");
                default -> throw new KexecException(what + ", not an x86 bzImage",
                        "on x86_64 kexec_file_load boots bzImage kernels (arch/x86/boot/bzImage, /boot/vmlinuz-*)");
            };
            case ARM64 -> switch (image) {
                case Arm64Image a when !a.bigEndian() -> {
                    checkLength(what, cmdline, DEFAULT_CMDLINE_LIMIT);
                    yield "arm64 Image, " + a.imageSize() + " bytes in memory";
                }
                case CompressedImage c -> throw new KexecException(what + ", which lobos does not decompress yet",
                        "decompress it first (" + c.compression().displayName() + " -d)");
                default -> throw new KexecException(what + ", not a little-endian arm64 Image",
                        "on arm64 kexec_file_load boots Image kernels (arch/arm64/boot/Image)");
            };
        };
    }

    private static String checkBzImage(String what, BzImage b, String cmdline) {
        if (!b.loadflags().contains(BzImage.LoadFlag.LOADED_HIGH)) {
            throw new KexecException(what + " (loaded low), which kexec_file_load cannot boot", "build a bzImage");
        }
        if (!b.protocolAtLeast(2, 12)) {
            throw new KexecException(what + " with boot protocol " + b.protocol()
                    + "; kexec_file_load needs 2.12 or newer (Linux 3.8 and later)", "boot a newer kernel");
        }
        if (!b.has(BzImage.XLoadFlag.KERNEL_64)) {
            throw new KexecException(what + " without a 64-bit entry point (XLF_KERNEL_64): a 32-bit kernel",
                    "a 64-bit kernel can only kexec 64-bit kernels");
        }
        if (!b.has(BzImage.XLoadFlag.CAN_BE_LOADED_ABOVE_4G)) {
            throw new KexecException(what + " that cannot be loaded above 4 GiB (XLF_CAN_BE_LOADED_ABOVE_4G)",
                    "kexec_file_load requires it; boot a kernel built with CONFIG_RELOCATABLE");
        }
        long limit = b.header().cmdlineSize() > 0 ? b.header().cmdlineSize() : DEFAULT_CMDLINE_LIMIT;
        checkLength(what, cmdline, limit);
        return bzDescription(b);
    }

    /** "Linux 6.1.0-56-amd64, bzImage protocol 2.15"; a non-Linux bzImage by its own name ("Memtest86+ v6.10"). */
    private static String bzDescription(BzImage b) {
        String[] words = b.kernelVersion().split(" ");
        String name = b.kernelVersion().isEmpty() ? "Linux of unknown version"
                : Character.isDigit(words[0].charAt(0)) ? "Linux " + words[0]
                : words.length > 1 ? words[0] + " " + words[1] : words[0];
        return name + ", bzImage protocol " + b.protocol();
    }

    private static void checkLength(String what, String cmdline, long limit) {
        int length = cmdline.getBytes(StandardCharsets.UTF_8).length;
        if (length + 1 > limit) {
            throw new KexecException("the command line is " + length + " bytes; " + what + " that takes at most "
                    + (limit - 1), "shorten the command line");
        }
    }

    private static String article(String kind) {
        return ("aeiou".indexOf(Character.toLowerCase(kind.charAt(0))) >= 0 ? "an " : "a ") + kind;
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }
}
