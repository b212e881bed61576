package lobos.image;

/** A PE/COFF EFI executable that is not one of the Linux formats lobos knows more about. */
public record EfiImage(PeHeader pe, long fileSize) implements KernelImage {
    @Override
    public String kind() {
        return "PE/COFF " + pe.subsystem();
    }
}
