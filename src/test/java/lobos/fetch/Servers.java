package lobos.fetch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** What the tests with real servers share: free ports, waiting for a server, test files, stopping processes. */
final class Servers {
    private Servers() {}

    /** A TCP port on the loopback address that was free a moment ago. */
    static int freePort(InetAddress address) throws IOException {
        try (var socket = new ServerSocket(0, 1, address)) {
            return socket.getLocalPort();
        }
    }

    static int freePort() throws IOException {
        return freePort(InetAddress.getLoopbackAddress());
    }

    /** Waits until something accepts connections on host:port; fails with {@code log} if {@code process} dies first. */
    static void awaitListening(Process process, String host, int port, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (var s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 200);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    String output = Files.exists(log) ? Files.readString(log) : "";
                    stop(process);
                    throw new IOException(process.info().command().orElse("server") + " did not listen on " + host + ":" + port
                            + (process.isAlive() ? "" : " (exit " + process.exitValue() + ")") + ": " + output);
                }
                Thread.sleep(20);
            }
        }
    }

    /** Stops exactly this process and the children it forked (workers, per-connection processes). */
    static void stop(Process process) throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        for (ProcessHandle child : children) {
            child.destroy();
            child.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(t -> {
                child.destroyForcibly();
                return child;
            }).join();
        }
    }

    /** {@code size} pseudo-random bytes, the same for the same seed. */
    static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    /** Writes a file of {@code size} pseudo-random bytes without holding it in memory. */
    static Path writeRandom(Path file, long size, long seed) throws IOException {
        Files.createDirectories(file.getParent());
        var random = new Random(seed);
        byte[] chunk = new byte[1 << 20];
        try (var out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        }
        return file;
    }

    /** The SHA-256 of a file, as sha256sum(1) prints it. */
    static String sha256sum(Path file) throws IOException, InterruptedException {
        var p = new ProcessBuilder("sha256sum", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException("sha256sum: " + out);
        return out.substring(0, 64);
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a command to its end; its output, or an exception naming it when it fails. */
    static String run(Path dir, String... command) {
        try {
            var p = new ProcessBuilder(command).directory(dir == null ? null : dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) p.destroyForcibly().waitFor();
            if (p.exitValue() != 0) throw new IOException(String.join(" ", command) + " failed: " + out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }
}
