package lobos.linux;

import lobos.LobosException;

/** A datagram on the uevent socket is not a kernel uevent; the message says what and at which byte. */
public final class UeventException extends LobosException {
    public UeventException(String message, int offset) {
        super(message + " (at byte " + offset + ")", "the event is skipped; a kernel sends only well-formed events");
    }
}
