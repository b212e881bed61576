package lobos.fetch;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import lobos.path.Location;
import lobos.path.Scheme;
import lobos.tftp.TftpClient;
import lobos.tftp.TftpClientOptions;
import lobos.tftp.TftpException;
import lobos.tftp.TftpProgress;
import lobos.tftp.TftpRemoteException;
import lobos.tftp.TftpTimeoutException;

/** tftp:// URLs through lobos's own TFTP client (blksize, tsize, windowsize negotiated). */
public final class TftpFetcher implements RemoteFetcher {
    private static final int FILE_NOT_FOUND = 1;

    @Override
    public List<Scheme> schemes() {
        return List.of(Scheme.TFTP);
    }

    @Override
    public void fetch(Location.Url url, Sink sink, FetchOptions options, Progress progress) throws IOException {
        sink.reset(); // TFTP cannot resume: start over
        TftpClient client = new TftpClient(TftpClientOptions.defaults().withTimeout(options.timeout())
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
