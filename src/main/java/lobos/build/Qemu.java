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
    private final Thread reader;
    private final Path log;
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

    private Qemu(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.reader = Thread.ofPlatform().daemon().name("qemu-console").start(this::pump);
    }

    /** The qemu-system-x86_64 command line for these options, console on stdio. */
    public static List<String> command(Options o) {
        List<String> cmd = new ArrayList<>(List.of("qemu-system-x86_64", "-accel", accel(), "-m",
                Integer.toString(o.memoryMiB()), "-nodefaults", "-no-user-config", "-display", "none",
                "-serial", "stdio", "-no-reboot", "-kernel", o.kernel().toString(), "-append", o.append()));
        if (o.initrd() != null) cmd.addAll(List.of("-initrd", o.initrd().toString()));
        if (accel().equals("tcg")) cmd.addAll(List.of("-cpu", "max"));
        cmd.addAll(o.extraArgs());
        return cmd;
    }

    private static String accel() {
        String a = System.getenv("LOBOS_QEMU_ACCEL");
        return a == null || a.isBlank() ? "tcg" : a;
    }

    /** Starts the guest; everything it prints is also appended to {@code log}. */
    public static Qemu start(Options options, Path log) throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        Files.writeString(log, String.join(" ", command(options)) + "\n", StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING);
        Process p = new ProcessBuilder(command(options)).redirectErrorStream(true).start();
        return new Qemu(p, log);
    }

    private void pump() {
        byte[] buf = new byte[8192];
        try (InputStream in = process.getInputStream();
                OutputStream out = Files.newOutputStream(log, StandardOpenOption.APPEND)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                out.flush();
                String text = new String(buf, 0, n, StandardCharsets.UTF_8).replace("\r", "");
                synchronized (console) {
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
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

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
    }
}
