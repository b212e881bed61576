package lobos.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * nfs-ganesha serving one directory over NFSv4 on 127.0.0.1 and a free port, for a QEMU
 * guest that reaches it through a guestfwd. NFSv4 needs no rpcbind or mountd; ganesha's
 * complaints about dbus and Kerberos are harmless. Stopped by its process, never by name.
 */
final class NfsServer implements AutoCloseable {
    private final Process process;
    final int port;
    private final Path work;

    private NfsServer(Process process, int port, Path work) {
        this.process = process;
        this.port = port;
        this.work = work;
    }

    /** Exports {@code root} read-only as {@code /export}. */
    static NfsServer start(Path root, Path work) throws IOException, InterruptedException {
        return start(root, work, false);
    }

    /**
     * Same; {@code graceful}: after a restart, a 10-second grace period in which clients reclaim
     * the files they had open (what a server that crashed and came back gives its clients).
     */
    static NfsServer start(Path root, Path work, boolean graceful) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Files.createDirectories(work);
        Path conf = work.resolve("ganesha.conf");
        Files.writeString(conf, """
                NFS_CORE_PARAM { Protocols = 4; NFS_Port = %d; Bind_addr = 127.0.0.1;
                                 Enable_NLM = false; Enable_RQUOTA = false; Enable_UDP = false; }
                NFSV4 { %s }
                EXPORT { Export_Id = 1; Path = %s; Pseudo = /export; Access_Type = RO; Squash = No_Root_Squash;
                         SecType = sys; Protocols = 4; Transports = TCP; FSAL { Name = VFS; } }
                LOG { Default_Log_Level = WARN; }
                """.formatted(port, graceful ? "Graceless = false; Grace_Period = 10; Lease_Lifetime = 10;" : "Graceless = true;",
                root.toAbsolutePath()));
        return launch(work, port);
    }

    private static NfsServer launch(Path work, int port) throws IOException, InterruptedException {
        Path conf = work.resolve("ganesha.conf");
        Process p = new ProcessBuilder("ganesha.nfsd", "-F", "-L", work.resolve("ganesha.log").toString(), "-f",
                conf.toString(), "-p", work.resolve("ganesha.pid").toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("ganesha.out").toFile()).start();
        NfsServer server = new NfsServer(p, port, work);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return server;
            } catch (IOException e) {
                if (!p.isAlive()) break;
                Thread.sleep(200);
            }
        }
        server.close();
        throw new IOException("nfs-ganesha did not start; see " + work.resolve("ganesha.log"));
    }

    /** Kills ganesha with SIGKILL: a server that crashes with clients reading. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** The same ganesha again (config, port, recovery state), after {@link #kill()}. */
    NfsServer restart() throws IOException, InterruptedException {
        return launch(work, port);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    }
}
