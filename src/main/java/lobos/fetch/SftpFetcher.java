package lobos.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import lobos.path.Location;
import lobos.path.Scheme;
import org.apache.sshd.sftp.client.SftpClient;

/**
 * {@code sftp://[user[:password]@]host[:port]/path} with Apache MINA SSHD's client. It logs in
 * with the keys in {@link FetchOptions#sshDir()} (id_ed25519, id_ecdsa, id_rsa) and then the
 * URL's password, checks the server against {@code <sshDir>/known_hosts}, and reads the file
 * with pipelined requests, resuming at the sink's size. docs/fetch.md has the details.
 */
public final class SftpFetcher implements RemoteFetcher {
    /**
     * Bytes per SFTP read request, as OpenSSH's sftp asks; MINA keeps as many requests in flight
     * as the channel window holds (256 with {@link SftpConnection#WINDOW}).
     */
    static final int CHUNK = 32 * 1024;

    /** A listing stops here rather than fill memory. */
    static final int MAX_ENTRIES = 100_000;

    private final PrintStream warnings;

    public SftpFetcher() {
        this(System.err);
    }

    /** @param warnings where a warning goes when a host key is accepted unchecked ({@code insecure}) */
    public SftpFetcher(PrintStream warnings) {
        this.warnings = warnings;
    }

    @Override
    public List<Scheme> schemes() {
        return List.of(Scheme.SFTP);
    }

    @Override
    public void fetch(Location.Url url, Sink sink, FetchOptions options, Progress progress) throws IOException {
        try (SftpConnection c = SftpConnection.open(url, options, warnings)) {
            SftpClient sftp = c.sftp();
            String path = url.path();
            SftpClient.Attributes attributes;
            try {
                attributes = sftp.stat(path);
            } catch (IOException e) {
                throw c.failure("asking for the file's size", e);
            }
            if (attributes.isDirectory()) {
                throw new FetchException(url.redacted() + " is a directory", "list it with lobos ls and name a file in it",
                        false);
            }
            boolean sized = attributes.getFlags().contains(SftpClient.Attribute.Size);
            long size = sized ? attributes.getSize() : Progress.UNKNOWN;
            if (sized) sink.expect(size, url.redacted());
            long offset = sink.size();
            if (sized && offset > size) {
                sink.reset(); // the file got shorter since the last attempt: start over
                offset = 0;
            }
            progress.start(url.redacted(), size);
            boolean ok = false;
            try {
                copy(c, path, offset, sink, progress);
                ok = true;
            } finally {
                progress.end(ok);
            }
        }
    }

    private static void copy(SftpConnection c, String path, long offset, Sink sink, Progress progress)
            throws IOException {
        long done = offset;
        long lastData = System.nanoTime();
        try (InputStream in = c.sftp().read(path, CHUNK)) {
            // MINA's stream turns a skip before the first read into the first request's offset
            for (long left = offset; left > 0; ) {
                long skipped = in.skip(left);
                if (skipped <= 0) throw new IOException("cannot resume at byte " + offset + " of " + path);
                left -= skipped;
            }
            byte[] buffer = new byte[CHUNK];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                sink.write(buffer, 0, n);
                done += n;
                lastData = System.nanoTime();
                progress.update(done);
            }
        } catch (FetchException e) {
            throw e;
        } catch (IOException e) {
            // MINA gives up on a quiet server with one of several exceptions; the clock tells
            if (System.nanoTime() - lastData >= c.timeout().toNanos()) throw c.timedOut("reading at byte " + done);
            throw c.failure("reading at byte " + done, e);
        }
    }

    @Override
    public List<String> list(Location.Url url, FetchOptions options) throws IOException {
        try (SftpConnection c = SftpConnection.open(url, options, warnings)) {
            SftpClient sftp = c.sftp();
            String path = url.path();
            List<String> names = new ArrayList<>();
            try (SftpClient.CloseableHandle dir = sftp.openDir(path)) {
                for (List<SftpClient.DirEntry> batch; (batch = sftp.readDir(dir)) != null; ) {
                    for (SftpClient.DirEntry e : batch) {
                        String name = e.getFilename();
                        if (name.equals(".") || name.equals("..")) continue;
                        SftpClient.Attributes a = e.getAttributes();
                        boolean isDir = a.isDirectory() || a.isSymbolicLink() && isDirectory(sftp, join(path, name));
                        names.add(isDir ? name + "/" : name);
                    }
                    if (names.size() > MAX_ENTRIES) {
                        throw new FetchException(url.redacted() + " has more than " + MAX_ENTRIES + " entries",
                                "name the file you want", false);
                    }
                }
            } catch (IOException e) {
                throw c.failure("listing the directory", e);
            }
            names.sort(null);
            return names;
        }
    }

    private static boolean isDirectory(SftpClient sftp, String path) {
        try {
            return sftp.stat(path).isDirectory();
        } catch (IOException e) {
            return false; // a dangling link lists as a file
        }
    }

    private static String join(String dir, String name) {
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }
}
