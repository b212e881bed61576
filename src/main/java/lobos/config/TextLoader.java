package lobos.config;

import java.util.Optional;

/**
 * Reads another config file a config refers to (syslinux INCLUDE and CONFIG, an iPXE chain,
 * GRUB source): from a volume, a TFTP server or an HTTP server, whatever the caller has.
 */
@FunctionalInterface
public interface TextLoader {
    /** Reads nothing: every file is missing. */
    TextLoader NONE = path -> Optional.empty();

    /**
     * The text at {@code path} (a path from the volume's root, or a URL), or empty if it does not
     * exist or this loader cannot reach it.
     *
     * @throws ConfigException if it exists but cannot be read as text
     */
    Optional<String> load(String path);
}
