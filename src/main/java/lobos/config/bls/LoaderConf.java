package lobos.config.bls;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import lobos.config.Source;
import lobos.config.Warning;

/**
 * systemd-boot's {@code loader.conf} (loader.conf(5)), the two settings a menu needs:
 * {@code default}, a glob over entry ids, and {@code timeout} in seconds. {@code timeout 0} and
 * {@code menu-hidden} boot at once ({@link Duration#ZERO}), {@code menu-force} waits for a choice
 * (null). Without a {@code timeout} line systemd-boot boots the default at once too: its
 * {@code config_load_defaults()} (src/boot/efi/boot.c) starts from a zeroed {@code Config} whose
 * {@code timeout_sec} only loader.conf or the {@code LoaderConfigTimeout} EFI variable (which
 * lobos does not read) change. {@link #NONE}, for a directory without loader.conf (usually
 * entries that GRUB's blscfg reads, with grub.cfg's timeout), waits. Other settings (editor,
 * console-mode, beep...) are display or firmware matters and are ignored.
 *
 * @param timeoutSet whether the file says anything about the timeout
 */
public record LoaderConf(String defaultPattern, Duration timeout, boolean timeoutSet, List<Warning> warnings) {
    public static final LoaderConf NONE = new LoaderConf(null, null, false, List.of());

    public LoaderConf {
        warnings = List.copyOf(warnings);
    }

    public static LoaderConf parse(String text, String displayName) {
        String pattern = null;
        Duration timeout = null;
        boolean timeoutSet = false;
        var warnings = new ArrayList<Warning>();
        for (var kv : KeyValueLines.parse(text)) {
            String key = kv.key();
            String value = kv.value();
            switch (key) {
                case "default" -> pattern = value;
                case "timeout" -> {
                    timeoutSet = true;
                    timeout = switch (value.toLowerCase(Locale.ROOT)) {
                        case "menu-hidden", "menu-disabled", "0" -> Duration.ZERO;
                        case "menu-force" -> null;
                        default -> {
                            if (value.matches("\\d{1,9}")) yield Duration.ofSeconds(Long.parseLong(value));
                            warnings.add(new Warning(new Source(displayName, kv.number()),
                                    "timeout '" + value + "' is not a number of seconds: lobos waits for a choice"));
                            yield null;
                        }
                    };
                }
                default -> { } // other loader.conf settings do not change the menu
            }
        }
        if (!timeoutSet) timeout = Duration.ZERO;
        return new LoaderConf(pattern, timeout, timeoutSet, warnings);
    }

    /**
     * Whether the {@code default} glob matches an entry id. systemd-boot compares ids
     * case-insensitively (they come from FAT file names); the pattern may or may not include the
     * {@code .conf} suffix.
     */
    public boolean matches(String id) {
        if (defaultPattern == null || defaultPattern.isEmpty()) return false;
        String p = defaultPattern.toLowerCase(Locale.ROOT);
        String s = id.toLowerCase(Locale.ROOT);
        return Glob.matches(p, s) || Glob.matches(p, s + ".conf");
    }
}
