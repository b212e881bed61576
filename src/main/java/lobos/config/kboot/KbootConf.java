package lobos.config.kboot;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import lobos.config.Menu;
import lobos.config.PathContext;
import lobos.config.Source;
import lobos.config.Warning;

/**
 * A kboot.conf as kboot's slides describe it: nine settings (plus lobos's {@code password} and
 * {@code network}) and, under every other name, a
 * label whose value is a command. Values are as written, after quote removal and {@code $var}
 * expansion; nothing is resolved or fetched.
 *
 * @param defaultCommand {@code default=}: a label, or a command line, booted on Enter or timeout; null if unset
 * @param delay          {@code delay=}: the first, short wait for input (seconds in the file); null if unset
 * @param timeout        {@code timeout=}: the general, long wait for input (seconds in the file); null if unset
 * @param initrd         {@code initrd=}: the initrd of every command that names none itself; null if unset
 * @param message        {@code message=}: path of the greeting message file; null if unset
 * @param mountRw        {@code mount_rw=true}: automount read-write instead of read-only
 * @param restricted     {@code restricted=true}: only the predefined commands (labels) may be booted
 * @param root           {@code root=}: the root file system of the booted environment, passed as
 *                       {@code root=} to every command that names none itself; null if unset
 * @param authorizedKeys {@code authorized_keys=}: path of the SSH keys allowed without a password; null if unset
 * @param password       {@code password=}: a SHA-crypt hash ({@code $6$salt$...}, as in /etc/shadow) that
 *                       unlocks the shell and editing in {@code restricted} mode; null if unset
 * @param labels         every other variable, in the order of first definition (a redefinition
 *                       replaces the value, as the shell does)
 * @param settingSources where each setting was (last) set, by name
 * @param warnings       what the parser skipped, with file and line
 * @param network        {@code network=}: when the loader brings the network up by itself: {@code off},
 *                       an interface name, or {@code always}; null (unset) means "when nothing local
 *                       boots" (docs/netboot.md)
 */
public record KbootConf(
        String defaultCommand,
        Duration delay,
        Duration timeout,
        String initrd,
        String message,
        boolean mountRw,
        boolean restricted,
        String root,
        String authorizedKeys,
        String password,
        List<Label> labels,
        java.util.Map<String, Source> settingSources,
        Source source,
        List<Warning> warnings,
        String network) {

    /** The names kboot reads as settings; everything else is a label. */
    public static final List<String> SETTINGS = List.of("authorized_keys", "default", "delay", "initrd",
            "message", "mount_rw", "network", "password", "restricted", "root", "timeout");

    /** A label (LILO's label, GRUB's title): a variable holding a command. */
    public record Label(String name, String command, Source source) {}

    public KbootConf {
        labels = List.copyOf(labels);
        settingSources = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(settingSources));
        warnings = List.copyOf(warnings);
    }

    /** Parses kboot.conf text; {@code file} names it in warnings. Never throws on bad content. */
    public static KbootConf parse(String text, String file) {
        return new KbootParser(file).parse(text);
    }

    public Optional<Label> label(String name) {
        return labels.stream().filter(l -> l.name().equals(name)).findFirst();
    }

    /**
     * The menu: one entry per label, plus an entry with id {@code default} first when
     * {@code default=} is a command rather than a label name. The timeout is {@link #delay()} (the
     * first wait, after which the default boots), else {@link #timeout()}, else none.
     *
     * @param context where the config was found; its {@code root} is replaced per entry by the
     *                effective {@code root=}
     * @param messageText the text of the message file if the caller could read it, else null
     */
    public Menu toMenu(PathContext context, String messageText) {
        return new KbootMenu(this, context).menu(messageText);
    }

    /**
     * Turns a command typed at the boot shell or stored in a label into an entry, with this
     * config's labels and global {@code initrd=}/{@code root=}. Problems are the entry's warnings;
     * a command that cannot boot anything (empty, a label loop) gives an empty result.
     */
    public Optional<lobos.config.BootEntry> command(String command, PathContext context) {
        return new KbootMenu(this, context).entry(command, command, "command", source);
    }
}
