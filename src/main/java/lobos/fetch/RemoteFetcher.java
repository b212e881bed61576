package lobos.fetch;

import java.io.IOException;
import java.util.List;
import lobos.path.Location;
import lobos.path.Scheme;

/**
 * One network protocol: fetches a URL into a {@link Sink}. Retries, integrity checks and the
 * size limit around it are {@link Fetcher}'s; a protocol only has to say, by throwing a
 * {@link FetchException}, whether a failure is transient.
 */
public interface RemoteFetcher {
    /** The URL schemes this fetcher serves. */
    List<Scheme> schemes();

    /**
     * Fetches {@code url} into {@code sink}. When {@code sink} already holds bytes (an earlier
     * attempt failed part way) the fetcher resumes after them if its protocol can, or calls
     * {@link Sink#reset()} and starts over. Calls {@link Progress#start} once it knows the size.
     */
    void fetch(Location.Url url, Sink sink, FetchOptions options, Progress progress) throws IOException;

    /** The names in a remote directory, for {@code lobos ls}; directories end with "/". */
    default List<String> list(Location.Url url, FetchOptions options) throws IOException {
        throw new FetchException(url.scheme().name().toLowerCase(java.util.Locale.ROOT)
                + " cannot list directories", "give the full path of a file", false);
    }
}
