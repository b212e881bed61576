package lobos.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Runs a tool on the build host and returns what it printed; a failure names the command. */
final class HostCommand {
    private HostCommand() {}

    static String run(Path dir, List<String> command, String hint) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (dir != null) pb.directory(dir.toFile());
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int rc = p.waitFor();
            if (rc != 0) {
                throw new BuildException(String.join(" ", command) + " failed (exit " + rc + "): " + tail(out), hint);
            }
            return out;
        } catch (IOException e) {
            throw new BuildException("cannot run " + command.getFirst() + ": " + e.getMessage(), hint, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildException(String.join(" ", command) + " was interrupted", null, e);
        }
    }

    private static String tail(String out) {
        String s = out.strip();
        return s.length() > 600 ? "..." + s.substring(s.length() - 600) : s;
    }
}
