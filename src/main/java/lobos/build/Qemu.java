package lobos.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A QEMU x86_64 guest booted from a kernel and initrd, its serial console readable with
 * expect-style waits. The guest has no network unless the caller adds one (then
 * {@code restrict=on} user networking with explicit forwards, per the project's rules).
 * TCG by default; KVM only when asked ({@code LOBOS_QEMU_ACCEL=kvm}), as it fails on some hosts.
 */
public final class Qemu implements AutoCloseable {
    private final Process process;
    private final StringBuilder console = new StringBuilder();
    /** The same, with carriage returns: what a terminal emulator needs to draw a full-screen program. */
    private final StringBuilder raw = new StringBuilder();
    private final Thread reader;
    private final Path log;
    private final Path monitorDir;
    private final long startNanos = System.nanoTime();
    private int cursor;

    public record Options(Path kernel, Path initrd, String append, int memoryMiB, List<String> extraArgs) {
        public Options {
            extraArgs = List.copyOf(extraArgs);
        }

        public Options(Path kernel, Path initrd, String append) {
            this(kernel, initrd, append, 1024, List.of());
        }
    }

    private Qemu(Process process, Path log, Path monitorDir) {
        this.process = process;
        this.log = log;
        this.monitorDir = monitorDir;
        this.reader = Thread.ofPlatform().daemon().name("qemu-console").start(this::pump);
    }

    /** The qemu-system-x86_64 command line for these options, console on stdio. */
    public static List<String> command(Options o) {
        List<String> cmd = new ArrayList<>(List.of("qemu-system-x86_64", "-accel", accel(), "-m",
                Integer.toString(o.memoryMiB()), "-nodefaults", "-no-user-config", "-display", "none",
                "-serial", "stdio", "-no-reboot"));
        // No kernel: the firmware boots what it finds (its own boot entries under OVMF; with -boot n, its network ROM)
        if (o.kernel() != null) cmd.addAll(List.of("-kernel", o.kernel().toString(), "-append", o.append()));
        if (o.initrd() != null) cmd.addAll(List.of("-initrd", o.initrd().toString()));
        if (accel().equals("tcg")) cmd.addAll(List.of("-cpu", "max"));
        cmd.addAll(o.extraArgs());
        return cmd;
    }

    private static String accel() {
        String a = System.getenv("LOBOS_QEMU_ACCEL");
        return a == null || a.isBlank() ? "tcg" : a;
    }

    /**
     * Starts the guest; everything it prints is also appended to {@code log}. QEMU's human
     * monitor listens on a Unix socket in a private temporary directory, for {@link #monitor}.
     */
    public static Qemu start(Options options, Path log) throws IOException {
        return start(List.of(), options, log);
    }

    /** As {@link #start(Options, Path)}, QEMU's command run by {@code prefix} (ip netns exec NS, for a tap in a test namespace). */
    public static Qemu start(List<String> prefix, Options options, Path log) throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        Path monitorDir = Files.createTempDirectory("lobos-qemu");
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(command(options));
        cmd.addAll(List.of("-monitor", "unix:" + monitorDir.resolve("monitor") + ",server=on,wait=off"));
        Files.writeString(log, String.join(" ", cmd) + "\n", StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        return new Qemu(p, log, monitorDir);
    }

    /**
     * Runs one command in QEMU's human monitor ({@code device_add usb-storage,drive=stick},
     * {@code info usb}...) and returns what it printed, terminal escapes removed.
     */
    public String monitor(String command) throws IOException, InterruptedException {
        Path socket = monitorDir.resolve("monitor");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.exists(socket) && System.nanoTime() < deadline) Thread.sleep(100);
        try (java.nio.channels.SocketChannel channel = java.nio.channels.SocketChannel.open(
                java.net.UnixDomainSocketAddress.of(socket));
                java.nio.channels.Selector selector = java.nio.channels.Selector.open()) {
            channel.configureBlocking(false);
            channel.register(selector, java.nio.channels.SelectionKey.OP_READ);
            StringBuilder text = new StringBuilder();
            readUntilPrompt(channel, selector, text, deadline); // the greeting
            text.setLength(0);
            channel.write(java.nio.ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8)));
            readUntilPrompt(channel, selector, text, deadline);
            String out = text.toString().replaceAll("\u001b\\[[0-9;]*[A-Za-z]", "").replace("\r", "");
            Files.writeString(log, "\n[monitor] " + command + "\n" + out + "\n", StandardOpenOption.APPEND);
            return out.substring(0, out.lastIndexOf("(qemu) "));
        }
    }

    private static void readUntilPrompt(java.nio.channels.SocketChannel channel, java.nio.channels.Selector selector,
            StringBuilder text, long deadline) throws IOException {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(4096);
        while (text.indexOf("(qemu) ") < 0) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) throw new IOException("QEMU's monitor did not answer; it said: " + text);
            selector.select(left);
            selector.selectedKeys().clear();
            buf.clear();
            int n = channel.read(buf);
            if (n < 0) throw new IOException("QEMU's monitor closed the connection; it said: " + text);
            text.append(new String(buf.array(), 0, n, StandardCharsets.UTF_8));
        }
    }

    private void pump() {
        byte[] buf = new byte[8192];
        try (InputStream in = process.getInputStream();
                OutputStream out = Files.newOutputStream(log, StandardOpenOption.APPEND)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                out.flush();
                String all = new String(buf, 0, n, StandardCharsets.UTF_8);
                String text = all.replace("\r", "");
                synchronized (console) {
                    raw.append(all);
                    console.append(text);
                    console.notifyAll();
                }
            }
        } catch (IOException e) {
            // the guest is gone; waiters time out or see the exit
        } finally {
            synchronized (console) {
                console.notifyAll();
            }
        }
    }

    /**
     * Waits until {@code pattern} appears in console output after the previous match and returns
     * the match; fails with the console's tail when the timeout passes or the guest exits first.
     */
    public Matcher expect(Pattern pattern, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (console) {
            while (true) {
                Matcher m = pattern.matcher(console);
                if (m.find(cursor)) {
                    cursor = m.end();
                    return m;
                }
                long left = deadline - System.nanoTime();
                boolean ended = !process.isAlive() && !reader.isAlive();
                if (left <= 0 || ended) {
                    throw new AssertionError((ended ? "guest ended" : "timed out after " + timeout.toSeconds() + " s")
                            + " waiting for /" + pattern + "/; console ends with:\n" + tail(3000) + "\n(log: " + log
                            + ")");
                }
                console.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 500)));
            }
        }
    }

    public Matcher expect(String regex, Duration timeout) throws InterruptedException {
        return expect(Pattern.compile(regex), timeout);
    }

    /** Types a line on the guest's serial console. */
    public void send(String line) throws IOException {
        type(line + "\n");
    }

    /**
     * Types keys on the guest's serial console as they are, without a newline: a menu key
     * ({@code "e"}), an arrow ({@link #UP}, {@link #DOWN}), Enter ({@code "\r"}), Tab.
     */
    public void type(String keys) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write(keys.getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** What a VT100 (and QEMU's serial console in a terminal) sends for the arrow keys. */
    public static final String UP = "\033[A", DOWN = "\033[B", RIGHT = "\033[C", LEFT = "\033[D";

    /** Waits for the guest to power off (QEMU exits) and returns QEMU's exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("guest still running after " + timeout.toSeconds() + " s; console ends with:\n"
                    + tail(2000));
        }
        reader.join(2000);
        return process.exitValue();
    }

    /** Whether QEMU still runs or its output is still being read. */
    public boolean running() {
        return process.isAlive() || reader.isAlive();
    }

    /** Seconds since QEMU was started. */
    public double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Everything the guest printed so far. */
    public String output() {
        synchronized (console) {
            return console.toString();
        }
    }

    /** Everything the guest printed so far, as it came (carriage returns and escape sequences included). */
    public String rawOutput() {
        synchronized (console) {
            return raw.toString();
        }
    }

    private String tail(int chars) {
        String all = output();
        return all.length() > chars ? all.substring(all.length() - chars) : all;
    }

    /** Stops the guest if it still runs. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        }
        reader.join(2000);
        try {
            Files.deleteIfExists(monitorDir.resolve("monitor"));
            Files.deleteIfExists(monitorDir);
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }
}
