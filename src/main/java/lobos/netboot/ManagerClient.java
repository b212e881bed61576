package lobos.netboot;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import lobos.LobosException;
import lobos.fetch.HttpConnection;
import lobos.net.ManagerRequest;
import lobos.net.ManagerResponse;

/**
 * Asks the lobos manager what to boot: GET of the manager URL with the {@link ManagerRequest} as
 * its query, answered as {@link ManagerResponse} says. A refused connection or a server error is
 * tried again (three attempts, 1 and 2 s apart), since a manager may be restarting.
 */
public class ManagerClient {
    static final int ATTEMPTS = 3;
    private static final int MAX_BODY = 1 << 20;
    /** Connecting, and each wait for the manager's bytes. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** The answer, or throws when the manager could not be asked. */
    public ManagerResponse ask(String managerUrl, ManagerRequest request) throws IOException, InterruptedException {
        URI uri;
        try {
            uri = request.uri(managerUrl);
        } catch (IllegalArgumentException e) {
            throw new LobosException("the manager URL " + managerUrl + " is not a URL: " + e.getMessage(),
                    "fix DHCP option 224 or lobos.server= on the kernel command line");
        }
        IOException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (attempt > 0) Thread.sleep(1000L << (attempt - 1));
            try (HttpConnection c = HttpConnection.open("GET", uri, Map.of("Accept", "text/plain"), null, TIMEOUT)) {
                byte[] body = c.body().readNBytes(MAX_BODY + 1);
                if (body.length > MAX_BODY) {
                    throw new LobosException("the manager at " + managerUrl + " sent more than " + MAX_BODY
                            + " bytes, more than a menu", "check the manager");
                }
                ManagerResponse answer = ManagerResponse.fromHttp(c.status(), new String(body, StandardCharsets.UTF_8));
                if (answer != null) return answer;
                last = new IOException("HTTP status " + c.status());
            } catch (IOException e) {
                last = e;
            }
        }
        throw new IOException("the manager at " + managerUrl + " did not answer: " + last.getMessage(), last);
    }
}
