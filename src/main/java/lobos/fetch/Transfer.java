package lobos.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/** Moves a response body from the network to where it goes, telling failures of the network from those of the sink. */
final class Transfer {
    private Transfer() {}

    /**
     * 1 MiB, read into memory outside the Java heap: a socket channel reads into it and the file
     * takes it with no copy on the way (through a heap array, the JDK copied each piece twice
     * more). 256 MiB over HTTP in a cold JVM: 0.24-0.30 s with 256 KiB pieces, 0.21-0.22 s with
     * 1 MiB (docs/performance.md).
     */
    static final int BUFFER = 1 << 20;

    /**
     * How long bytes may wait in the buffer for more: a TLS read returns one 16 KiB record and a
     * read of a socket what has come, so pieces are gathered into large writes; on a slow link
     * the progress still moves ten times a second.
     */
    static final long GATHER_NANOS = 100_000_000;

    /** Where a body's bytes come from. */
    interface Source {
        /** Reads some bytes into {@code into} (which has room), waiting for at least one; -1 at the end. */
        int read(ByteBuffer into) throws IOException;
    }

    /** Takes one piece of the body, all of it (from its position to its limit). */
    interface Chunk {
        void take(ByteBuffer piece) throws IOException;
    }

    /** Turns a failed read, after {@code bytes} of this body, into what the user is told. */
    interface ReadFailure {
        FetchException map(IOException e, long bytes);
    }

    /**
     * Reads {@code in} to its end, handing pieces to {@code out} and calling {@code touch} after
     * each read and each piece; returns the number of bytes read. A failed read comes out as
     * {@code failure} says, after the bytes before it went to {@code out} (a resume need not
     * fetch them again); what {@code out} throws passes unchanged.
     */
    static long pump(Source in, Chunk out, Runnable touch, ReadFailure failure) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
        long bytes = 0;
        for (boolean end = false; !end; ) {
            long start = System.nanoTime();
            IOException broken = null;
            do {
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException e) {
                    broken = e;
                    break;
                }
                if (n < 0) {
                    end = true;
                    break;
                }
                touch.run();
            } while (buffer.hasRemaining() && System.nanoTime() - start < GATHER_NANOS);
            buffer.flip();
            int n = buffer.remaining();
            if (n > 0) out.take(buffer);
            touch.run();
            bytes += n;
            if (broken != null) throw failure.map(broken, bytes);
            buffer.clear();
        }
        return bytes;
    }

    /** {@code in} as a source, read through a heap array of its own. */
    static Source source(InputStream in) {
        byte[] array = new byte[64 * 1024];
        return into -> {
            int n = in.read(array, 0, Math.min(array.length, into.remaining()));
            if (n > 0) into.put(array, 0, n);
            return n;
        };
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
