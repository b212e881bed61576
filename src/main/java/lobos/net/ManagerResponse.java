package lobos.net;

/**
 * The manager's answer (docs/netboot.md), carried by the HTTP status: 200 with a kboot.conf
 * body (a menu, or one label to boot at once), 204 to boot from the node's own disks, 404
 * when the manager does not know the node (the loader goes on to the pxelinux and boot file
 * look-ups). {@link #fromHttp} is the loader's side, {@link #status()}/{@link #body()} the
 * server's.
 */
public sealed interface ManagerResponse {
    /** Boot from this kboot.conf text: its {@code default=} and {@code delay=} decide, as at the console. */
    record Menu(String kbootConf) implements ManagerResponse {}

    /** Boot what the node has locally (its discovered default); no network boot this time. */
    record Local() implements ManagerResponse {}

    /** The manager has no decision for this node. */
    record Unknown() implements ManagerResponse {}

    /** The media type of a menu: kboot.conf text. */
    String MEDIA_TYPE = "text/plain; charset=utf-8";

    default int status() {
        return switch (this) {
            case Menu m -> 200;
            case Local l -> 204;
            case Unknown u -> 404;
        };
    }

    default String body() {
        return this instanceof Menu m ? m.kbootConf() : "";
    }

    /**
     * The response for an HTTP status and body; null for a status that is none of these (a
     * server error: the loader retries, then goes on).
     */
    static ManagerResponse fromHttp(int status, String body) {
        return switch (status) {
            case 200 -> body == null || body.isBlank() ? new Local() : new Menu(body);
            case 204 -> new Local();
            case 404 -> new Unknown();
            default -> null;
        };
    }
}
