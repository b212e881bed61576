package lobos.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import lobos.path.Location;
import lobos.path.Scheme;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An FTP server whose data connection sends 100000 bytes and then nothing: the data connection is
 * read from its channel, which has no timeout of its own, so the idle timer must end it.
 */
class FtpDataStallTest {
    @TempDir
    Path dir;

    /** One control connection: enough of RFC 959 for FtpFetcher; "/file" stalls, anything else is missing. */
    private static void serve(Socket control) throws IOException {
        try (control; var in = new BufferedReader(new InputStreamReader(control.getInputStream(), StandardCharsets.US_ASCII));
             var out = new PrintWriter(control.getOutputStream(), true, StandardCharsets.US_ASCII);
             var passive = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            out.print("220 stalling\r\n");
            out.flush();
            for (String line; (line = in.readLine()) != null; ) {
                String command = line.split(" ")[0].toUpperCase(java.util.Locale.ROOT);
                boolean file = line.endsWith(" file");
                int port = passive.getLocalPort();
                out.print(switch (command) {
                    case "USER" -> "331 password\r\n";
                    case "PASS" -> "230 in\r\n";
                    case "TYPE" -> "200 binary\r\n";
                    case "SIZE" -> file ? "213 1000000\r\n" : "550 no such file\r\n";
                    case "MDTM" -> file ? "213 20261208000000\r\n" : "550 no such file\r\n";
                    case "PASV" -> "227 Entering Passive Mode (127,0,0,1," + (port >> 8) + "," + (port & 0xff) + ")\r\n";
                    case "RETR" -> "150 here it comes\r\n";
                    default -> "502 not here\r\n";
                });
                out.flush();
                if (command.equals("RETR")) {
                    Socket data = passive.accept();
                    OutputStream d = data.getOutputStream();
                    d.write(new byte[100_000]);
                    d.flush(); // and then nothing, with the connection open, until the client gives up
                }
            }
        }
    }

    @Test
    void aDataConnectionThatStopsSendingTimesOut() throws Exception {
        try (var server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                while (true) {
                    try {
                        Socket control = server.accept();
                        Thread.ofVirtual().start(() -> {
                            try {
                                serve(control);
                            } catch (IOException e) {
                                // the client went away
                            }
                        });
                    } catch (IOException e) {
                        return; // closed
                    }
                }
            });
            var url = new Location.Url(Scheme.FTP, null, null, "127.0.0.1", server.getLocalPort(), "/file", null);
            var quick = new FetchOptions(Duration.ofSeconds(1), 0, false, null, null);
            // without the timer the read would wait for the fetch's deadline, half an hour
            var e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> catchThrowableOfType(FetchException.class, () -> new Fetcher(List.of(new FtpFetcher()), quick)
                            .download(url, null, dir.resolve("file"), Long.MAX_VALUE, Progress.NONE)));
            assertThat(e).hasMessage("no answer from 127.0.0.1:" + server.getLocalPort() + " in 1 s");
            assertThat(java.nio.file.Files.size(dir.resolve("file"))).as("what came is kept for a resume").isEqualTo(100_000);
        }
    }
}
