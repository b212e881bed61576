package lobos.path;

import lobos.LobosException;

/** A path could not be understood: the message quotes it and says what is wrong. */
public class PathException extends LobosException {
    /** The forms lobos understands, for hints. Keep in step with docs/paths.md. */
    public static final String ACCEPTED_FORMS = """
            accepted forms: NAME (a kboot.conf variable), /path (booted system), //path (the loader itself), \
            relative/path, DEVICE or /dev/DEVICE (a boot sector), DEVICE:/path, DEVICE:path, /dev/DEVICE:/path, \
            UUID=u:/path, LABEL=l:/path, PARTUUID=p:/path, PARTLABEL=n:/path, host:/path or [v6]:/path (NFS), \
            nfs://host[:port]/path[?opts], http://, https://, ftp://, tftp://, sftp://user@host/path, file:///path; \
            any of them may end in #sha256=<64 hex digits>""";

    public PathException(String message, String hint) {
        super(message, hint);
    }

    /** The text is not any accepted form. */
    static PathException unknownForm(String text, String why) {
        return new PathException("cannot understand path '" + text + "': " + why, ACCEPTED_FORMS);
    }
}
