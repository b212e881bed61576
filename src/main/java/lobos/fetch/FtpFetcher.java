package lobos.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import javax.net.SocketFactory;
import lobos.path.Location;
import lobos.path.Scheme;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPConnectionClosedException;
import org.apache.commons.net.ftp.FTPFile;
import org.apache.commons.net.ftp.FTPReply;

/**
 * FTP with Apache Commons Net: passive mode (EPSV over IPv6), binary type, an anonymous login
 * unless the URL names a user. The size comes from SIZE; an interrupted download resumes with
 * REST when SIZE and MDTM show the file has not changed. As in RFC 1738 and curl, the URL's path
 * is relative to the directory the login starts in; {@code %2F} at its start makes it absolute
 * ({@code ftp://host/%2Fsrv/vmlinuz}).
 */
public final class FtpFetcher implements RemoteFetcher {
    /** What an anonymous login gives as password; servers ask for an e-mail address by custom. */
    static final String ANONYMOUS_PASSWORD = "lobos@";

    @Override
    public List<Scheme> schemes() {
        return List.of(Scheme.FTP);
    }

    @Override
    public void fetch(Location.Url url, Sink sink, FetchOptions options, Progress progress) throws IOException {
        String what = url.redacted();
        Client ftp = connect(url, options);
        try {
            String path = serverPath(url);
            long total = call(url, options, () -> number(ftp, "SIZE", path, what));
            long modified = call(url, options, () -> number(ftp, "MDTM", path, what));
            String version = total < 0 && modified < 0 ? null : total + " " + modified;
            long have = sink.size();
            if (have > 0 && (version == null || !version.equals(sink.version()) || (total >= 0 && have > total))) {
                sink.reset();
                have = 0;
            }
            if (have > 0 && have == total) {
                progress.start(what, total);
                progress.update(have);
                progress.end(true);
                return; // an earlier attempt got it all
            }
            sink.version(version);
            sink.expect(total, what);
            long offset = have;
            InputStream in = call(url, options, () -> retrieve(ftp, path, offset, url));
            if (in == null) {
                // the server refused REST: start over
                sink.reset();
                have = 0;
                in = call(url, options, () -> retrieve(ftp, path, 0, url));
            }
            receive(ftp, in, url, sink, have, total, options, progress);
        } finally {
            close(ftp);
        }
    }

    @Override
    public List<String> list(Location.Url url, FetchOptions options) throws IOException {
        FTPClient ftp = connect(url, options);
        try {
            String dir = serverPath(url);
            FTPFile[] files = call(url, options, () -> {
                if (!dir.isEmpty() && !ftp.changeWorkingDirectory(dir)) throw replyFailure(ftp, url, "CWD " + dir);
                FTPFile[] listed = ftp.hasFeature("MLST") ? ftp.mlistDir() : ftp.listFiles();
                if (!FTPReply.isPositiveCompletion(ftp.getReplyCode())) throw replyFailure(ftp, url, "listing");
                return listed;
            });
            List<String> names = new ArrayList<>();
            for (FTPFile f : files) {
                // entries the library could not parse are null
                if (f == null || f.getName() == null || f.getName().equals(".") || f.getName().equals("..")) continue;
                names.add(f.isDirectory() ? f.getName() + "/" : f.getName());
            }
            return names;
        } finally {
            close(ftp);
        }
    }

    /** One exchange with the server; its I/O failures are the connection's, told as such. */
    private interface Exchange<T> {
        T run() throws IOException;
    }

    private static <T> T call(Location.Url url, FetchOptions options, Exchange<T> exchange) throws FetchException {
        try {
            return exchange.run();
        } catch (IOException e) {
            throw connectionFailed(url, options, e);
        }
    }

    /** Starts RETR of {@code path} at {@code offset}; null if the server refused the offset. */
    private static InputStream retrieve(FTPClient ftp, String path, long offset, Location.Url url) throws IOException {
        ftp.setRestartOffset(offset);
        InputStream in = ftp.retrieveFileStream(path);
        if (in != null) return in;
        int code = ftp.getReplyCode();
        if (offset > 0 && code >= 500 && code != FTPReply.FILE_UNAVAILABLE) return null;
        throw replyFailure(ftp, url, "RETR");
    }

    private static void receive(Client ftp, InputStream in, Location.Url url, Sink sink, long have, long total,
            FetchOptions options, Progress progress) throws IOException {
        String what = url.redacted();
        progress.start(what, total);
        progress.update(have);
        boolean ok = false;
        Socket data = ftp.data;
        // the data connection's channel reads into memory outside the heap, as HTTP's does
        // (HttpConnection); it has no timeout of its own: the timer closes it when idle
        Transfer.Source source = data.getChannel() != null ? data.getChannel()::read : Transfer.source(in);
        try (in; IdleTimer timer = new IdleTimer(options.timeout(), () -> closeQuietly(data))) {
            long[] done = {have};
            Transfer.pump(source, piece -> {
                int n = piece.remaining();
                sink.write(piece);
                done[0] += n;
                progress.update(done[0]);
            }, timer::touch, (e, bytes) -> timer.fired() || e instanceof SocketTimeoutException
                    ? Transfer.noAnswer(hostPort(url), options.timeout(), e)
                    : new FetchException("the FTP data connection to " + url.host() + " broke after " + (have + bytes)
                            + " bytes of " + what + ": " + e.getMessage(), "lobos tries again and resumes", true, e));
            boolean completed = call(url, options, () -> {
                in.close();
                return ftp.completePendingCommand();
            });
            if (!completed) throw replyFailure(ftp, url, "RETR");
            if (total >= 0 && done[0] != total) {
                throw new FetchException("the FTP transfer of " + what + " ended after " + done[0] + " of " + total + " bytes",
                        "lobos tries again and resumes", true);
            }
            ok = true;
        } finally {
            progress.end(ok);
        }
    }

    /** An FTP client whose sockets have channels, keeping the last data connection's. */
    private static final class Client extends FTPClient {
        Socket data;

        Client() {
            setSocketFactory(new SocketFactory() {
                @Override
                public Socket createSocket() throws IOException {
                    return SocketChannel.open().socket();
                }

                // Commons Net makes every socket with createSocket() and connects it itself
                @Override
                public Socket createSocket(String host, int port) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public Socket createSocket(InetAddress host, int port) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public Socket createSocket(InetAddress host, int port, InetAddress localHost, int localPort) {
                    throw new UnsupportedOperationException();
                }
            });
        }

        @Override
        protected Socket _openDataConnection_(String command, String arg) throws IOException {
            data = super._openDataConnection_(command, arg);
            return data;
        }
    }

    private static Client connect(Location.Url url, FetchOptions options) throws FetchException {
        int timeout = (int) Math.min(Integer.MAX_VALUE, options.timeout().toMillis());
        Client ftp = new Client();
        ftp.setConnectTimeout(timeout);
        ftp.setDefaultTimeout(timeout);
        ftp.setDataTimeout(options.timeout());
        ftp.setControlEncoding("UTF-8");
        try {
            ftp.connect(url.host(), url.effectivePort());
            if (!FTPReply.isPositiveCompletion(ftp.getReplyCode())) throw replyFailure(ftp, url, "greeting");
            String user = url.user() != null ? url.user() : "anonymous";
            String password = url.password() != null ? url.password() : url.user() == null ? ANONYMOUS_PASSWORD : "";
            if (!ftp.login(user, password)) {
                if (ftp.getReplyCode() == FTPReply.NOT_LOGGED_IN) {
                    throw new FetchException("the FTP server " + hostPort(url) + " refused the login as " + user + " ("
                            + reply(ftp) + ")", url.user() == null
                            ? "the server allows no anonymous login: put a user and password in the URL, ftp://USER:PASSWORD@host/..."
                            : "check the user name and password in the URL", false);
                }
                throw replyFailure(ftp, url, "login");
            }
            ftp.enterLocalPassiveMode();
            if (!ftp.setFileType(FTP.BINARY_FILE_TYPE)) throw replyFailure(ftp, url, "TYPE I");
            return ftp;
        } catch (IOException e) {
            close(ftp);
            throw connectionFailed(url, options, e);
        } catch (FetchException e) {
            close(ftp);
            throw e;
        }
    }

    /** The path to ask the server for: relative to the login directory, absolute when it began with %2F. */
    static String serverPath(Location.Url url) {
        String path = url.path();
        return path.startsWith("/") ? path.substring(1) : path;
    }

    /** The number SIZE or MDTM answers (a size, or a time as YYYYMMDDHHMMSS), or -1 if the server does not say. */
    private static long number(FTPClient ftp, String command, String path, String what) throws IOException {
        int code = ftp.sendCommand(command, path);
        if (code == FTPReply.FILE_UNAVAILABLE) {
            throw new NotFoundException(what + " does not exist on the FTP server (" + reply(ftp) + ")",
                    "check the path; `lobos ls` on the directory's URL shows what is there");
        }
        if (code != FTPReply.FILE_STATUS) return -1;
        String[] words = reply(ftp).split("\\s+");
        // "213 20261122070512" or "213 20261122070512.123" (RFC 3659 allows fractions)
        String value = words.length > 1 ? words[1].replaceFirst("\\..*", "") : "";
        return value.matches("\\d{1,18}") ? Long.parseLong(value) : -1;
    }

    private static FetchException replyFailure(FTPClient ftp, Location.Url url, String step) {
        int code = ftp.getReplyCode();
        String what = "the FTP server " + hostPort(url) + " answered " + step + " for " + url.redacted() + " with " + reply(ftp);
        if (code == FTPReply.FILE_UNAVAILABLE) {
            return new NotFoundException(url.redacted() + " does not exist on the FTP server, or may not be read (" + reply(ftp) + ")",
                    "check the path; `lobos ls` on the directory's URL shows what is there");
        }
        if (code == FTPReply.NOT_LOGGED_IN) return new FetchException(what, "check the user name and password in the URL", false);
        // 4xx: "transient negative completion" (RFC 959), worth another try
        boolean again = FTPReply.isNegativeTransient(code);
        return new FetchException(what, again ? "lobos tries again a few times" : "the server will not give this file", again);
    }

    private static FetchException connectionFailed(Location.Url url, FetchOptions options, IOException e) {
        String where = hostPort(url);
        // the library wraps some of these ("Timed out waiting for initial connect reply")
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof SocketTimeoutException) return Transfer.noAnswer(where, options.timeout(), e);
            if (c instanceof UnknownHostException) {
                return new FetchException("cannot resolve the host name " + url.host(),
                        "check the name and the DNS servers (lobos tries again a few times)", true, e);
            }
            if (c instanceof ConnectException) {
                return new FetchException(where + " refused the connection", "check the port and that the FTP server runs", true, e);
            }
        }
        if (e instanceof FTPConnectionClosedException) {
            return new FetchException("the FTP server " + where + " closed the connection", "lobos tries again a few times", true, e);
        }
        return new FetchException("the connection to the FTP server " + where + " failed: " + e.getMessage(),
                "lobos tries again a few times", true, e);
    }

    private static String hostPort(Location.Url url) {
        return (url.host().indexOf(':') >= 0 ? "[" + url.host() + "]" : url.host()) + ":" + url.effectivePort();
    }

    /** The server's last reply on one line. */
    private static String reply(FTPClient ftp) {
        String text = ftp.getReplyString();
        return text == null ? "no reply" : text.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // it is being given up anyway
        }
    }

    private static void close(FTPClient ftp) {
        if (!ftp.isConnected()) return;
        try {
            ftp.logout();
        } catch (IOException e) {
            // leaving anyway
        }
        try {
            ftp.disconnect();
        } catch (IOException e) {
            // leaving anyway
        }
    }
}
