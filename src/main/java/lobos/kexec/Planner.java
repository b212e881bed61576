package lobos.kexec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lobos.image.Arm64Image;
import lobos.image.BzImage;
import lobos.image.CompressedImage;
import lobos.image.ImageFormatException;
import lobos.image.KernelImage;
import lobos.image.UnknownImageException;
import lobos.linux.Arch;

/**
 * Checks a kernel, its initrds and command line before anything touches the kernel, so that a
 * boot that cannot work fails with a reason while the running system is left as it was. The
 * rules are those of kexec_file_load: on x86_64 it takes a 64-bit bzImage with boot protocol
 * 2.12 or newer that may be loaded above 4 GiB; on arm64, an uncompressed Image.
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

    public BootPlan plan(Path kernel, List<Path> initrds, String cmdline) {
        KernelImage image = identify(kernel);
        List<String> warnings = new ArrayList<>();
        String description = check(kernel, image, cmdline);
        for (Path initrd : initrds) {
            if (!Files.isRegularFile(initrd)) {
                throw new KexecException("initrd " + initrd + " does not exist or is not a file",
                        "check the path; every initrd must exist before anything is loaded");
            }
            if (!Files.isReadable(initrd)) {
                throw new KexecException("initrd " + initrd + " is not readable", "check its permissions");
            }
            if (size(initrd) == 0) warnings.add("initrd " + initrd + " is empty");
        }
        if (cmdline.isBlank()) {
            warnings.add("the command line is empty: the kernel will not know its root file system"
                    + " (give one with --append or --reuse-cmdline)");
        }
        return new BootPlan(kernel, description, initrds, cmdline, warnings);
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
        String version = b.kernelVersion().isEmpty() ? "unknown version" : b.kernelVersion().split(" ")[0];
        return "Linux " + version + ", bzImage protocol " + b.protocol();
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
