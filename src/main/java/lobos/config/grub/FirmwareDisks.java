package lobos.config.grub;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lobos.config.Volume;

/**
 * GRUB's BIOS disk names ({@code hd0}, {@code hd1,gpt2}, {@code hd0,msdos5}, {@code hd0,1}) mapped
 * onto the volumes lobos was given. The firmware numbers disks in its boot order, which lobos
 * cannot see; lobos takes the order of the disks of the volumes it was given (the caller puts the
 * boot disk first), so {@code hd0} is the disk of the first volume with a device, {@code hd1} the
 * next other disk, and so on. A partition number is Linux's ({@code gpt2} and {@code msdos2} are
 * partition 2, {@code msdos5} the first logical one, as in Linux). Where that finds no volume, or
 * the name is another firmware's ({@code cd0}, {@code ahci0}, {@code efidisk...}), the mapping
 * cannot be known: lobos reads from the config's own volume and says so on the entry.
 */
final class FirmwareDisks {
    private static final Pattern BIOS = Pattern.compile("hd(\\d{1,3})(?:,(?:gpt|msdos)?(\\d{1,3}))?");
    /** nvme0n1p2, mmcblk0p1, loop0p3: the partition after a 'p'; sda1, vda2, xvdb3: the trailing digits. */
    private static final Pattern P_PARTITION = Pattern.compile("(.*\\d)p(\\d+)");
    private static final Pattern PARTITION = Pattern.compile("(.*[a-z])(\\d+)");

    /** A firmware name's volume (null if unknown) and what the user should know about it. */
    record Mapping(Volume volume, String note) {}

    /** Disk name -> its partitions' volumes by number (0: the whole disk), in BIOS order. */
    private final Map<String, Map<Integer, Volume>> disks = new LinkedHashMap<>();

    FirmwareDisks(List<Volume> volumes) {
        for (Volume v : volumes) {
            if (v.device() == null || v.device().isBlank()) continue;
            String dev = v.device().startsWith("/dev/") ? v.device().substring(5) : v.device();
            String disk = dev;
            int partition = 0;
            Matcher p = P_PARTITION.matcher(dev);
            Matcher q = PARTITION.matcher(dev);
            if (p.matches()) {
                disk = p.group(1);
                partition = Integer.parseInt(p.group(2));
            } else if (q.matches() && !dev.matches("(nvme\\d+n|mmcblk|loop)\\d+")) {
                disk = q.group(1);
                partition = Integer.parseInt(q.group(2));
            }
            disks.computeIfAbsent(disk, d -> new LinkedHashMap<>()).putIfAbsent(partition, v);
        }
    }

    /** Where {@code device} (a GRUB firmware name without parentheses) is, as far as lobos can tell. */
    Mapping map(String device) {
        Matcher m = BIOS.matcher(device);
        if (!m.matches()) {
            return new Mapping(null, "(" + device + ") is named by the firmware; which device it is cannot be known"
                    + " here");
        }
        int n = Integer.parseInt(m.group(1));
        List<String> order = new ArrayList<>(disks.keySet());
        if (n >= order.size()) {
            return new Mapping(null, "(" + device + "): lobos was given " + order.size() + " disk(s) with a device"
                    + " name; which disk the firmware calls hd" + n + " cannot be known here");
        }
        String disk = order.get(n);
        int partition = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
        Volume v = disks.get(disk).get(partition);
        String what = partition == 0 ? disk : "partition " + partition + " of " + disk;
        if (v == null) {
            return new Mapping(null, "(" + device + ") would be " + what + " (hd" + n + " is the disk of the "
                    + ordinal(n) + " volume given), but lobos was given no volume there");
        }
        return new Mapping(v, "(" + device + ") is taken to be " + v.device() + ": BIOS disk order is taken to be the"
                + " order of the volumes given");
    }

    private static String ordinal(int n) {
        return switch (n) {
            case 0 -> "first";
            case 1 -> "second";
            case 2 -> "third";
            default -> (n + 1) + "th";
        };
    }
}
