package lobos.config;

/**
 * What is needed to resolve an entry's paths later, when it is booted: the device or file
 * system the config came from (e.g. {@code vda1}, {@code UUID=...}), GRUB's {@code $root}
 * after {@code search}, the config's directory (syslinux PATH, relative names) and the base
 * URL of a config fetched over the network. Any of them may be null.
 */
public record PathContext(String device, String root, String directory, String baseUrl) {
    public static final PathContext NONE = new PathContext(null, null, null, null);
}
