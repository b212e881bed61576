package lobos.fetch;

import java.util.ArrayList;
import java.util.List;

/** Remembers what a fetcher told its progress. */
class RecordingProgress implements Progress {
    record Start(String what, long total) {}

    final List<Start> starts = new ArrayList<>();
    final List<Boolean> ends = new ArrayList<>();
    long lastBytes = -1;
    long firstUpdateAfterStart = -1;

    @Override
    public void start(String what, long total) {
        starts.add(new Start(what, total));
        firstUpdateAfterStart = -1;
    }

    @Override
    public void update(long bytes) {
        if (firstUpdateAfterStart < 0) firstUpdateAfterStart = bytes;
        lastBytes = bytes;
    }

    @Override
    public void end(boolean ok) {
        ends.add(ok);
    }
}
