package lobos.shell;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lobos.config.BootEntry;
import lobos.config.Menu;
import lobos.config.kboot.KbootConf;
import lobos.fetch.Locator;
import lobos.fetch.Progress;
import lobos.storage.ProbedDevice;

/**
 * What the menu and the boot shell need from the running loader: the one port between
 * {@code lobos.shell} (and {@code lobos.ssh}, whose sessions share one {@code Loader}) and PID 1.
 * The loader implements it over {@code lobos.boot} and init; tests use {@code FakeLoader}.
 * Every method may be called from several sessions (console and SSH) at once.
 */
public interface Loader {
    /**
     * The menu as it is now: the image's kboot.conf entries and a submenu per discovered config.
     * A new object whenever it changed (a disk came or went), the same object otherwise: the
     * menu compares identities to know when to redraw.
     */
    Menu menu();

    /**
     * The image's kboot.conf: its labels (what a typed label expands to), {@code initrd=} and
     * {@code root=} for typed kernel paths, {@code restricted} and {@code password}.
     */
    KbootConf conf();

    /**
     * Fetches, checks and loads an entry's kernel and initrds, ready to {@link #execute}. Runs on a
     * thread of its own: {@code cancel} is cancelled (and that thread interrupted) when the user
     * presses Ctrl-C; the loader then stops the download or load, unloads what it loaded and
     * throws.
     *
     * @param progress where download progress goes (the session's terminal)
     * @throws IOException or a {@link lobos.LobosException} saying what failed; the shell prints it in one line
     */
    Loaded load(BootEntry entry, Cancel cancel, Progress progress) throws IOException, InterruptedException;

    /**
     * Starts the loaded kernel (unmounts, kexec). Returns only if that failed, by throwing; the
     * session then goes on.
     */
    void execute(Loaded loaded) throws IOException;

    /**
     * Whether restricted mode lets this entry boot without the password (docs/shell.md): the
     * entries the configs gave when the loader started (the image's kboot.conf, the network's
     * answer, the disks present then). An entry of a disk that came later, or came back, needs the
     * password: a stick plugged into a running machine is not the machine's configuration.
     */
    default boolean trusted(BootEntry entry) {
        return true;
    }

    /** The disks and partitions now, probed read-only (the shell's {@code devices}). */
    List<ProbedDevice> devices();

    /** Block device names known now, without /dev/ (to read {@code sda2:/x} as a device, and for completion). */
    Set<String> deviceNames();

    /** Files by generalized path, for {@code ls}, {@code cat}, {@code cd}, {@code fetch}, completion and programs. */
    Locator locator();

    /** What the loader logged since it started (the banner, warnings, boot attempts), oldest first. */
    List<String> log();

    /** The kernel's log. */
    List<String> dmesg() throws IOException;

    /** Restarts the machine through the firmware; returns only if that failed (by throwing). */
    void reboot();

    /** Turns the machine off; returns only if that failed (by throwing). */
    void poweroff();

    /**
     * Commands the loader adds to the shell (the network's {@code net} and {@code dhcp}), by name.
     * The shell lists them in {@code help} and refuses them in restricted mode like its own.
     */
    default Map<String, Command> commands() {
        return Map.of();
    }

    /** A kernel loaded and ready to start; the loader's own type behind it. */
    interface Loaded {
        /** One line for the user: what was loaded, with the command line. */
        String summary();
    }

    /** A command the loader adds to the shell. */
    interface Command {
        /** One line for {@code help}. */
        String help();

        /**
         * Runs with the words after the command name; prints to {@code out}.
         *
         * @return the exit status: 0 ok, 1 failed, 2 bad arguments
         */
        int run(List<String> args, PrintWriter out) throws IOException, InterruptedException;
    }
}
