package lobos.net.dhcp;

import lobos.LobosException;

/** No DHCP or BOOTP server gave a usable lease in the time allowed. */
public final class DhcpTimeoutException extends LobosException {
    public DhcpTimeoutException(String message, String hint) {
        super(message, hint);
    }
}
