package lobos.shell;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** How the shell runs programs: on the console itself, or through a session's streams (SSH). */
public final class ProgramRunners {
    private ProgramRunners() {}

    /** The program gets the console as its terminal (the loader's stdin, stdout, stderr). */
    public static Interpreter.Runner console() {
        return (argv, root) -> new ProcessBuilder(command(argv, root)).inheritIO().start().waitFor();
    }

    /**
     * The program's output goes to {@code out} and what the user types to its input, until it
     * ends; for a session without a terminal of the loader's own (SSH).
     */
    public static Interpreter.Runner piped(InputStream in, OutputStream out) {
        return (argv, root) -> {
            Process p = new ProcessBuilder(command(argv, root)).redirectErrorStream(true).start();
            Thread input = Thread.ofVirtual().start(() -> {
                try (OutputStream to = p.getOutputStream()) {
                    byte[] buf = new byte[1024];
                    while (p.isAlive()) {
                        if (in.available() > 0) {
                            int n = in.read(buf);
                            if (n < 0) break;
                            to.write(buf, 0, n);
                            to.flush();
                        } else {
                            Thread.sleep(20);
                        }
                    }
                } catch (IOException | InterruptedException e) {
                    // the program ended or the session went away
                }
            });
            try (InputStream from = p.getInputStream()) {
                from.transferTo(out);
                out.flush();
            }
            int status = p.waitFor();
            input.interrupt();
            return status;
        };
    }

    /** The command line, through the loader's {@code chroot} when the program is the booted system's. */
    static List<String> command(List<String> argv, Path root) {
        List<String> cmd = new ArrayList<>();
        if (root != null) cmd.addAll(List.of("chroot", root.toString()));
        cmd.addAll(argv);
        return cmd;
    }
}
