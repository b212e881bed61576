package lobos.netboot;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import lobos.fetch.FetchException;
import lobos.fetch.FetchOptions;
import lobos.fetch.NotFoundException;
import lobos.fetch.Progress;
import lobos.fetch.Protocols;
import lobos.fetch.RemoteFetcher;
import lobos.fetch.Sink;
import lobos.path.Location;
import lobos.path.PathParser;

/**
 * Reads configs through lobos's fetchers (TFTP, HTTP(S), FTP), at most {@link #LIMIT} bytes, with
 * no retries and no .sha256 look-up: a missing pxelinux.cfg name is the normal case, and each
 * miss should cost one round trip.
 */
public final class FetchTextSource implements TextSource {
    /** Larger than any boot config; a file past this is a kernel or a binary. */
    public static final int LIMIT = 1 << 20;

    private final FetchOptions options;

    public FetchTextSource(FetchOptions options) {
        this.options = options;
    }

    @Override
    public Text read(String url) throws IOException {
        if (!(PathParser.parse(url).unambiguous().orElse(null) instanceof Location.Url u)) {
            throw new FetchException(url + " is not a URL lobos can fetch", "check the DHCP server's boot file", false);
        }
        RemoteFetcher fetcher = Protocols.all().stream().filter(f -> f.schemes().contains(u.scheme())).findFirst()
                .orElseThrow(() -> new FetchException("lobos cannot fetch " + url, null, false));
        Path tmp = Files.createTempFile("lobos-netboot-", ".txt");
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            Sink sink = new Sink(channel, LIMIT);
            try {
                fetcher.fetch(u, sink, options, Progress.NONE);
            } catch (NotFoundException e) {
                return new Missing();
            } catch (FetchException e) {
                if (channel.size() >= LIMIT - 65536 || String.valueOf(e.getMessage()).contains("this fetch may take")) {
                    return new TooLarge();
                }
                throw e;
            }
            return new Found(Files.readAllBytes(tmp));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
