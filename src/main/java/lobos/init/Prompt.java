package lobos.init;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import lobos.config.BootEntry;
import lobos.config.PathContext;
import lobos.linux.RebootCommand;

/**
 * The loader's prompt, reached when nothing boots by default, when the user interrupts the
 * countdown, or after a failed boot. It can boot a label or a kboot-style command
 * ({@code /boot/vmlinuz root=/dev/sda1}), retry the default, start a shell, power off or
 * reboot. (The full boot shell is another piece of work; this one keeps the machine usable.)
 */
final class Prompt {
    private static final String HELP = """
            Type a label to boot it, or a kernel path and its arguments
            (//boot/vmlinuz initrd=//boot/initrd.img root=/dev/sda1).
              Enter, retry   boot the default entry again
              list           show the entries
              sh             start a shell (exit it to come back)
              reboot         restart the machine through the firmware
              poweroff       turn the machine off
              help           this text""";

    private final Init init;
    private final PrintStream out;
    private final BufferedReader in;

    Prompt(Init init, PrintStream out, BufferedReader in) {
        this.init = init;
        this.out = out;
        this.in = in;
    }

    /** Reads commands until the machine goes away; in a dry run, until input ends. */
    void run(boolean dryRun) {
        out.println("lobos: type help for the commands");
        while (true) {
            out.print("lobos> ");
            out.flush();
            String line;
            try {
                line = in.readLine();
            } catch (IOException e) {
                line = null;
            }
            if (line == null) {
                if (dryRun) return;
                pause(); // no console input (yet): do not spin
                continue;
            }
            try {
                execute(line.strip());
            } catch (RuntimeException e) {
                init.internalError(e);
            }
        }
    }

    void execute(String line) {
        String word = line.isEmpty() ? "" : line.split("\\s+")[0];
        switch (word) {
            case "", "retry" -> {
                Optional<BootEntry> def = init.defaultEntry();
                if (def.isPresent()) init.boot(def.get());
                else out.println("lobos: no default entry; type a label or a kernel path");
            }
            case "help", "?" -> out.println(HELP);
            case "list", "ls" -> init.menu().entries().forEach(e -> out.println("  " + e.id() + ": " + e.kernel()
                    + (e.initrds().isEmpty() ? "" : " initrd=" + String.join(",", e.initrds()))
                    + (e.cmdline() == null || e.cmdline().isEmpty() ? "" : " " + e.cmdline())));
            case "sh", "shell" -> shell();
            case "reboot" -> init.power(RebootCommand.RESTART);
            case "poweroff", "halt" -> init.power(RebootCommand.POWER_OFF);
            default -> {
                if (init.conf().restricted() && init.conf().label(word).isEmpty()) {
                    out.println("lobos: restricted: only these labels may be booted: "
                            + String.join(" ", init.menu().entries().stream().map(BootEntry::id).toList()));
                    return;
                }
                Optional<BootEntry> entry = init.conf().command(line, PathContext.NONE);
                if (entry.isEmpty()) {
                    out.println("lobos: \"" + line + "\" is not a label or a kernel; type help");
                } else {
                    entry.get().warnings().forEach(w -> out.println("lobos: warning: " + w));
                    init.boot(entry.get());
                }
            }
        }
    }

    private void shell() {
        try {
            new ProcessBuilder(List.of("/bin/sh")).inheritIO().start().waitFor();
        } catch (IOException e) {
            out.println("lobos: cannot start /bin/sh: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
