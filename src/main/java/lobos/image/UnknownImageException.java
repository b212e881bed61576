package lobos.image;

/** The data match none of the kernel formats lobos knows; the message shows the first bytes. */
public final class UnknownImageException extends ImageFormatException {
    public UnknownImageException(String message) {
        super(message, "give lobos a kernel: an x86 bzImage, an ELF vmlinux, an arm64 Image, an EFI"
                + " executable (stub, zboot, UKI), a Multiboot kernel, or one of these compressed");
    }

    static UnknownImageException of(String what, byte[] data) {
        return new UnknownImageException(
                "no known kernel format in %s (%d bytes, first bytes: %s)".formatted(what, data.length, hex(data, 16)));
    }

    static String hex(byte[] data, int max) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(max, data.length); i++) {
            if (i > 0) out.append(' ');
            out.append("%02x".formatted(data[i] & 0xff));
        }
        return data.length == 0 ? "none, the file is empty" : out.toString();
    }
}
