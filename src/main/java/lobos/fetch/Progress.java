package lobos.fetch;

/** Told how a transfer goes: a progress bar on a terminal, log lines otherwise. */
public interface Progress {
    long UNKNOWN = -1;

    /** A transfer of {@code what} starts; {@code total} bytes, or {@link #UNKNOWN}. */
    void start(String what, long total);

    /** {@code bytes} received so far (since the start of this fetch, resumed parts included). */
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
