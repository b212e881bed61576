package lobos.config.bls;

import java.util.List;
import java.util.Map;
import lobos.config.Source;
import lobos.config.Warning;

/**
 * One Boot Loader Specification type #1 entry, as written in its {@code .conf} file.
 *
 * @param id          the file name without {@code .conf} and without a boot-counting suffix
 *                    ({@code +3-1}): how {@code loader.conf default} and grubenv's
 *                    {@code saved_entry} name it
 * @param fileName    the file name, with suffix and counter
 * @param options     all {@code options} lines joined by a space, or null if there is none
 * @param triesLeft   the boot counter's "tries left", or -1 if the entry is not counted; 0 is a
 *                    "bad" entry
 * @param values      every key with its values in file order, including keys this record has no
 *                    field for ({@code grub_users}, {@code grub_arg}...)
 * @param warnings    problems in the file, each with its line
 */
public record BlsEntry(
        String id,
        String fileName,
        Source source,
        String title,
        String version,
        String machineId,
        String sortKey,
        String linux,
        List<String> initrds,
        String options,
        String devicetree,
        List<String> devicetreeOverlays,
        String architecture,
        String efi,
        String uki,
        int triesLeft,
        Map<String, List<String>> values,
        List<Warning> warnings) {

    public BlsEntry {
        initrds = List.copyOf(initrds);
        devicetreeOverlays = List.copyOf(devicetreeOverlays);
        values = Map.copyOf(values);
        warnings = List.copyOf(warnings);
    }

    /** Every value of {@code key} in file order. */
    public List<String> values(String key) {
        return values.getOrDefault(key, List.of());
    }

    /** A "bad" entry: boot counting ran out of tries. */
    public boolean isBad() {
        return triesLeft == 0;
    }
}
