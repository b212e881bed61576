package lobos.fetch;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import lobos.path.Location;
import lobos.path.Scheme;

/**
 * An HTTP "server" in memory: files by path, and failures to throw first (on requests for other
 * than .sha256 files, which {@link Fetcher} looks for at the same time, from another thread).
 */
final class FakeProtocol implements RemoteFetcher {
    final Map<String, byte[]> files = new ConcurrentHashMap<>();
    final List<FetchException> failures = Collections.synchronizedList(new ArrayList<>());
    final List<String> requests = Collections.synchronizedList(new ArrayList<>());

    @Override
    public List<Scheme> schemes() {
        return List.of(Scheme.HTTP);
    }

    @Override
    public void fetch(Location.Url url, Sink sink, FetchOptions options, Progress progress) throws IOException {
        requests.add(url.rawPath() + " from " + sink.size());
        if (!url.rawPath().endsWith(".sha256") && !failures.isEmpty()) {
            // a transfer that breaks half way through
            byte[] data = files.get(url.rawPath());
            if (data != null) sink.write(data, 0, data.length / 2);
            throw failures.removeFirst();
        }
        byte[] data = files.get(url.rawPath());
        if (data == null) throw new NotFoundException("404 " + url.rawPath(), null);
        sink.expect(data.length, url.rawPath());
        int from = (int) sink.size(); // resumes like HTTP Range
        sink.write(data, from, data.length - from);
    }

    @Override
    public List<String> list(Location.Url url, FetchOptions options) {
        return List.of("a", "dir/");
    }
}
