package lobos.it;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Predicate;
import lobos.build.Qemu;
import org.jline.builtins.ScreenTerminal;

/**
 * The guest's serial console as a person at an 80x24 terminal sees it: everything the guest
 * wrote, escape sequences and all, drawn by a VT100 emulator (JLine's ScreenTerminal). The
 * full-screen menu redraws only what changed, so its text is read off the screen, not the stream.
 */
final class Screen {
    private final Qemu qemu;
    private final ScreenTerminal terminal = new ScreenTerminal(80, 24);
    private int fed;

    Screen(Qemu qemu) {
        this.qemu = qemu;
    }

    /** The screen now: its lines without trailing blanks. */
    synchronized String now() {
        String raw = qemu.rawOutput();
        if (raw.length() > fed) {
            terminal.write(raw.substring(fed));
            fed = raw.length();
        }
        StringBuilder s = new StringBuilder();
        for (String line : terminal.toString().split("\n", -1)) s.append(line.stripTrailing()).append('\n');
        return s.toString().replaceAll("\n+$", "\n");
    }

    /** Waits until the screen shows what {@code test} wants and returns it; fails with the screen as it is. */
    String await(String what, Predicate<String> test) throws InterruptedException {
        return await(what, test, TestImages.BOOT);
    }

    private String await(String what, Predicate<String> test, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String screen = now();
        while (!test.test(screen)) {
            if (System.nanoTime() > deadline || !qemu.running()) {
                throw new AssertionError("the screen never showed " + what + " ("
                        + (qemu.running() ? "timed out after " + timeout.toSeconds() + " s" : "the guest ended")
                        + "); it shows:\n" + screen);
            }
            Thread.sleep(Duration.ofMillis(200));
            screen = now();
        }
        return screen;
    }

    /** The menu's selected line ({@code "> title"}, as the menu marks it), or null when no menu is drawn. */
    static String selected(String screen) {
        if (!screen.contains(TestImages.MENU_KEYS)) return null;
        for (String line : screen.split("\n")) {
            if (line.startsWith("> ")) return line;
        }
        return null;
    }

    /**
     * Moves the menu's selection down with the arrow key, as a person would, until the selected
     * line contains {@code text}; fails when the selection stops moving first.
     */
    void select(String text) throws IOException, InterruptedException {
        for (int moves = 0; moves < 40; moves++) {
            String line = selected(await("the menu", s -> selected(s) != null));
            if (line.contains(text)) return;
            qemu.type(Qemu.DOWN);
            await("the selection moving down from \"" + line + "\" towards \"" + text + "\"", s -> {
                String now = selected(s);
                return now != null && !now.equals(line);
            }, Duration.ofSeconds(20));
        }
        throw new AssertionError("no menu item \"" + text + "\" within 40 moves; the screen shows:\n" + now());
    }

    /** Waits until the screen contains {@code text}. */
    String await(String text) throws InterruptedException {
        return await("\"" + text + "\"", s -> s.contains(text));
    }
}
