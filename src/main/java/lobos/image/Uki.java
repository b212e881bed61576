package lobos.image;

import java.util.List;
import java.util.Optional;

/**
 * A unified kernel image (the UAPI group's UKI specification): an EFI stub application whose
 * PE sections carry the kernel (.linux), the initrd (.initrd), the command line (.cmdline),
 * os-release (.osrel), the kernel release (.uname), device trees (.dtb) and more.
 *
 * @param sections the UKI sections present, with their sizes, in file order
 * @param cmdline the .cmdline text, "" if none
 * @param uname the .uname text (the kernel release), "" if none
 * @param osRelease PRETTY_NAME (else NAME) from .osrel, "" if none
 * @param linux what .linux holds (a bzImage, an arm64 Image...)
 */
public record Uki(PeHeader pe, List<Part> sections, String cmdline, String uname, String osRelease,
                  KernelImage linux) implements KernelImage {
    /** The section names the UKI specification defines. */
    static final List<String> SECTIONS = List.of(".linux", ".osrel", ".cmdline", ".initrd", ".ucode", ".splash",
            ".dtb", ".dtbauto", ".hwids", ".efifw", ".uname", ".sbat", ".pcrsig", ".pcrpkey", ".profile");

    /** One UKI section and the bytes it holds. */
    public record Part(String name, long size) {}

    static Uki parse(Pe pe, int depth) {
        List<Part> parts = pe.header().sections().stream()
                .filter(s -> SECTIONS.contains(s.name()))
                .map(s -> new Part(s.name(), s.size()))
                .toList();
        byte[] linux = pe.sectionBytes(".linux").orElseThrow();
        String osRelease = pe.sectionText(".osrel").map(Uki::prettyName).orElse("");
        return new Uki(pe.header(), parts, pe.sectionText(".cmdline").orElse(""), pe.sectionText(".uname").orElse(""),
                osRelease, Identify.nested(linux, "the UKI's .linux section", depth));
    }

    private static String prettyName(String osRelease) {
        Optional<String> pretty = value(osRelease, "PRETTY_NAME");
        return pretty.or(() -> value(osRelease, "NAME")).orElse("");
    }

    private static Optional<String> value(String osRelease, String key) {
        return osRelease.lines()
                .filter(l -> l.startsWith(key + "="))
                .map(l -> l.substring(key.length() + 1).replaceAll("^[\"']|[\"']$", ""))
                .findFirst();
    }

    @Override
    public String kind() {
        return "unified kernel image (UKI)";
    }
}
