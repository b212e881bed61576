package lobos.fetch;

import java.io.IOException;
import java.io.InputStream;

/** Moves a response body from the network to where it goes, telling failures of the network from those of the sink. */
final class Transfer {
    private Transfer() {}

    /** 256 KiB: with 64 KiB the cold JVM spent a tenth of a 256 MiB download on its per-read work (docs/performance.md). */
    static final int BUFFER = 1 << 18;

    /** Takes one chunk of the body. */
    interface Chunk {
        void take(byte[] buffer, int length) throws IOException;
    }

    /** Turns a failed read, after {@code bytes} of this body, into what the user is told. */
    interface ReadFailure {
        FetchException map(IOException e, long bytes);
    }

    /**
     * Reads {@code in} to its end, handing each chunk to {@code out} and calling {@code touch}
     * after each; returns the number of bytes read. A failed read comes out as {@code failure}
     * says; what {@code out} throws passes unchanged.
     */
    static long pump(InputStream in, Chunk out, Runnable touch, ReadFailure failure) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long bytes = 0;
        while (true) {
            int n;
            try {
                n = in.read(buffer);
            } catch (IOException e) {
                throw failure.map(e, bytes);
            }
            if (n < 0) return bytes;
            touch.run();
            out.take(buffer, n);
            touch.run();
            bytes += n;
        }
    }

    /** "30 s", or "500 ms" for less than a second. */
    static String duration(java.time.Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** The failure for a server that sent nothing for the whole timeout. */
    static FetchException noAnswer(String hostPort, java.time.Duration timeout, Throwable cause) {
        return new FetchException("no answer from " + hostPort + " in " + duration(timeout),
                "check that the server is up and reachable from here; lobos tries again a few times", true, cause);
    }
}
