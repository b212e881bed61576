package lobos.fetch;

/** Told how a transfer goes: a progress bar on a terminal, log lines otherwise. */
public interface Progress {
    long UNKNOWN = -1;

    /** A transfer of {@code what} starts; {@code total} bytes, or {@link #UNKNOWN}. */
    void start(String what, long total);

    /**
     * {@code bytes} received so far (since the start of this fetch, resumed parts included). A
     * fetcher calls it right after {@link #start} with the bytes it already has (0, or what an
     * earlier attempt left), so the rate shown is that of this attempt.
     */
    void update(long bytes);

    /** The transfer ended, well or not. */
    void end(boolean ok);

    Progress NONE = new Progress() {
        @Override
        public void start(String what, long total) {}

        @Override
        public void update(long bytes) {}

        @Override
        public void end(boolean ok) {}
    };
}
