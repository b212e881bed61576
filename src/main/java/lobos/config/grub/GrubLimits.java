package lobos.config.grub;

import java.time.Duration;

/**
 * The bounds every GRUB script runs under (documented in docs/configs.md, "Limits"). A bound that
 * is hit ends only what hit it (the script, an entry, a submenu) with a warning naming file and
 * line; the time limit ends everything and keeps what was read.
 *
 * @param steps       commands the script may run, and again the building of its menu (each KiB
 *                    of expanded text counts as a command)
 * @param entrySteps  commands one entry's or submenu's body may run
 * @param depth       nesting of functions, {@code source}, {@code configfile}, {@code eval} and
 *                    statements (GRUB itself stops at 64)
 * @param valueLength longest argument or variable value
 * @param args        arguments of one command
 * @param items       menu entries and submenus in all
 * @param warnings    warnings kept (then one "more warnings not shown")
 * @param time        wall-clock time for the whole config, checked before every command and
 *                    while a regular expression runs
 */
record GrubLimits(int steps, int entrySteps, int depth, int valueLength, int args, int items, int warnings,
        Duration time) {
    static final GrubLimits DEFAULT = new GrubLimits(50_000, 10_000, 100, 64 * 1024, 10_000, 10_000, 500,
            Duration.ofSeconds(5));
}
