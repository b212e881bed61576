package lobos.path;

import java.util.Locale;

/** The URL schemes a {@link Location.Url} can have (nfs:// and file:// become other locations). */
public enum Scheme {
    HTTP(80),
    HTTPS(443),
    FTP(21),
    TFTP(69),
    SFTP(22);

    private final int defaultPort;

    Scheme(int defaultPort) {
        this.defaultPort = defaultPort;
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** "http://" and so on. */
    public String prefix() {
        return name().toLowerCase(Locale.ROOT) + "://";
    }
}
