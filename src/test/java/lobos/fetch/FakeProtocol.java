package lobos.fetch;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lobos.path.Location;
import lobos.path.Scheme;

/** An HTTP "server" in memory: files by path, and failures to throw first. */
final class FakeProtocol implements RemoteFetcher {
    final Map<String, byte[]> files = new HashMap<>();
    final List<FetchException> failures = new ArrayList<>();
    final List<String> requests = new ArrayList<>();

    @Override
    public List<Scheme> schemes() {
        return List.of(Scheme.HTTP);
    }

    @Override
    public void fetch(Location.Url url, Sink sink, FetchOptions options, Progress progress) throws IOException {
        requests.add(url.rawPath() + " from " + sink.size());
        if (!failures.isEmpty()) {
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
