package lobos.storage;

import java.util.ArrayList;
import java.util.List;

/** The table {@code lobos devices} and the boot shell's {@code devices} print, as lsblk lays it out. */
public final class DeviceTable {
    private DeviceTable() {}

    public static String format(List<ProbedDevice> devices) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAME", "MAJ:MIN", "SIZE", "RO", "RM", "TYPE", "UUID", "LABEL", "MODEL/NOTE"});
        for (int i = 0; i < devices.size(); i++) {
            ProbedDevice p = devices.get(i);
            var d = p.device();
            boolean lastChild = d.isPartition() && (i + 1 == devices.size() || !devices.get(i + 1).device().isPartition());
            String name = d.isPartition() ? (lastChild ? "└─" : "├─") + d.name() : d.name();
            String type = p.fs() != null ? p.fs().type() : p.table() != null ? p.table().type().name().toLowerCase() : "";
            String uuid = p.fs() != null && p.fs().uuid() != null ? p.fs().uuid() : p.table() != null ? p.table().id() : "";
            String label = p.fs() != null && p.fs().label() != null ? p.fs().label() : "";
            String note = p.problem() != null ? p.problem() : d.model() != null && !d.isPartition() ? d.model() : "";
            rows.add(new String[] {name, d.majorMinor(), size(d.size()), d.readOnly() ? "1" : "0", d.removable() ? "1" : "0",
                type, uuid, label, note});
        }
        int[] widths = new int[rows.getFirst().length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) widths[c] = Math.max(widths[c], row[c].length());
        }
        StringBuilder s = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                boolean right = c == 1 || c == 2;
                String cell = right ? " ".repeat(widths[c] - row[c].length()) + row[c] : row[c] + " ".repeat(widths[c] - row[c].length());
                line.append(cell).append(c + 1 < row.length ? "  " : "");
            }
            s.append(line.toString().stripTrailing()).append('\n');
        }
        return s.toString();
    }

    /** Sizes as lsblk prints them: binary units, one decimal when it matters ("512M", "465.8G"). */
    public static String size(long bytes) {
        String units = "BKMGTPE";
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length() - 1) {
            value /= 1024;
            unit++;
        }
        String number = value == Math.rint(value) ? String.valueOf((long) value) : String.format(java.util.Locale.ROOT, "%.1f", value);
        return number + (unit == 0 ? "B" : String.valueOf(units.charAt(unit)));
    }
}
