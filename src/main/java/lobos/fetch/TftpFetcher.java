package lobos.fetch;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import lobos.path.Location;
import lobos.path.Scheme;
import lobos.tftp.TftpClient;
import lobos.tftp.TftpClientOptions;
import lobos.tftp.TftpException;
import lobos.tftp.TftpProgress;
import lobos.tftp.TftpRemoteException;
import lobos.tftp.TftpTimeoutException;

/**
 * tftp:// URLs through lobos's own TFTP client (blksize, tsize, windowsize negotiated). The
 * client retransmits after 1 s, doubling up to 8 s, as many times as it takes for the silence to
 * reach the fetch's idle timeout (30 s: 1+2+4+8+8+8 s): then the transfer fails and the Fetcher
 * tries again with a new request.
 */
public final class TftpFetcher implements RemoteFetcher {
    private static final int FILE_NOT_FOUND = 1;

    /** Retransmissions whose waits ({@code first}, doubling up to 8 times it) add up to at least {@code idle}. */
    static int retries(Duration first, Duration idle) {
        long waited = first.toNanos();
        int retries = 0;
        while (waited < idle.toNanos() && retries < 100) {
            retries++;
            waited += first.toNanos() << Math.min(retries, 3);
        }
        return retries;
    }

    @Override
    public List<Scheme> schemes() {
        return List.of(Scheme.TFTP);
    }

    @Override
    public void fetch(Location.Url url, Sink sink, FetchOptions options, Progress progress) throws IOException {
        sink.reset(); // TFTP cannot resume: start over
        TftpClientOptions defaults = TftpClientOptions.defaults();
        Duration first = options.timeout().compareTo(defaults.timeout()) < 0 ? options.timeout() : defaults.timeout();
        TftpClient client = new TftpClient(defaults.withTimeout(first).withRetries(retries(first, options.timeout()))
                .withMaxBytes(sink.limit()));
        boolean[] started = {false};
        TftpProgress tftpProgress = (bytes, total) -> {
            if (!started[0]) {
                progress.start(url.redacted(), total == TftpProgress.UNKNOWN ? Progress.UNKNOWN : total);
                started[0] = true;
            }
            progress.update(bytes);
        };
        boolean ok = false;
        try {
            // RFC 3617: the file name is the URL's path without its first "/"
            String file = url.path().substring(1);
            client.fetch(new InetSocketAddress(url.host(), url.effectivePort()), file, sink.stream(), tftpProgress);
            ok = true;
        } catch (TftpRemoteException e) {
            if (e.code() == FILE_NOT_FOUND) throw new NotFoundException(e.getMessage(), e.hint());
            throw new FetchException(e.getMessage(), e.hint(), false, e);
        } catch (TftpTimeoutException e) {
            throw new FetchException(e.getMessage(), e.hint(), true, e);
        } catch (TftpException e) {
            throw new FetchException(e.getMessage(), e.hint(), false, e);
        } finally {
            if (started[0]) progress.end(ok);
        }
    }
}
