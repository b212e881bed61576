package lobos.boot;

import java.time.Duration;
import java.util.List;
import lobos.config.BootEntry;
import lobos.kexec.BootPlan;

/**
 * A kernel in the kernel's kexec slot, ready to start: what the caller shows before it calls
 * {@link Booter#execute} (or {@link Booter#unload} to change its mind).
 *
 * @param entry    the entry it was loaded for
 * @param plan     the files, the kernel's description and the command line it gets
 * @param warnings what the user should know (the plan's, the entry's, fields that were not used)
 * @param took     how long finding, fetching and loading took
 */
public record LoadedKernel(BootEntry entry, BootPlan plan, List<String> warnings, Duration took) {
    public LoadedKernel {
        warnings = List.copyOf(warnings);
    }
}
