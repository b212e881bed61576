package lobos.path;

import java.util.Locale;

/**
 * A block device as a path names it: by its name under {@code /dev} ({@code sda2},
 * {@code mapper/vg-root}) or by a tag of its file system or partition ({@code UUID=...},
 * {@code LABEL=...}, {@code PARTUUID=...}, {@code PARTLABEL=...}), as fstab and blkid spell them.
 */
public sealed interface DeviceRef {
    /** How the device is written in a path, e.g. {@code /dev/sda2} or {@code LABEL=boot}. */
    String text();

    /**
     * The device an fstab-style spec names: {@code /dev/NAME}, or a tag ({@code UUID=...},
     * {@code LABEL="my disk"}, any case of the tag name, quotes around the value dropped).
     * Empty for anything else (NFS, pseudo file systems, "none").
     */
    static java.util.Optional<DeviceRef> fromSpec(String spec) {
        int eq = spec.indexOf('=');
        if (eq > 0) {
            String tag = spec.substring(0, eq).toUpperCase(java.util.Locale.ROOT);
            String value = spec.substring(eq + 1);
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            for (Tag t : Tag.values()) {
                if (t.name().equals(tag) && Tagged.validValue(value)) return java.util.Optional.of(new Tagged(t, value));
            }
            return java.util.Optional.empty();
        }
        if (spec.startsWith("/dev/") && Named.valid(spec.substring(5))) {
            return java.util.Optional.of(new Named(spec.substring(5)));
        }
        return java.util.Optional.empty();
    }

    /** A device file under {@code /dev}: {@code name} is relative to it ({@code sda2}, {@code disk/by-label/x}). */
    record Named(String name) implements DeviceRef {
        public Named {
            if (!valid(name)) throw new IllegalArgumentException("bad device name: " + name);
        }

        /**
         * Whether {@code name} can be a device under {@code /dev}: no empty, "." or ".." segment
         * (so it never leaves {@code /dev}), no ':' (it ends the device part of a path), no white space.
         */
        public static boolean valid(String name) {
            if (name == null || name.isEmpty() || name.length() > 255) return false;
            for (String segment : name.split("/", -1)) {
                if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) return false;
            }
            return name.chars().noneMatch(c -> c == ':' || c <= ' ' || c == 0x7f);
        }

        @Override
        public String text() {
            return "/dev/" + name;
        }
    }

    /** A tag blkid reports for a device, as fstab writes it: {@code UUID=3f0c...}. */
    record Tagged(Tag tag, String value) implements DeviceRef {
        public Tagged {
            if (tag == null || !validValue(value)) throw new IllegalArgumentException("bad " + tag + " value: " + value);
        }

        /** Not empty, no ':' (it ends the device part of a path), no control characters. */
        public static boolean validValue(String value) {
            return value != null && !value.isEmpty() && value.length() <= 255
                    && value.chars().noneMatch(c -> c == ':' || c < ' ' || c == 0x7f);
        }

        @Override
        public String text() {
            return tag.name() + "=" + value;
        }

        /**
         * Whether a device's value for this tag matches: UUIDs compare without case (blkid prints
         * ext's in lower case, FAT's in upper case; people type either), labels exactly.
         */
        public boolean matches(String actual) {
            if (actual == null) return false;
            return switch (tag) {
                case UUID, PARTUUID -> actual.toLowerCase(Locale.ROOT).equals(value.toLowerCase(Locale.ROOT));
                case LABEL, PARTLABEL -> actual.equals(value);
            };
        }
    }

    /** The tags fstab and blkid know. */
    enum Tag {
        /** File-system UUID. */
        UUID,
        /** File-system label. */
        LABEL,
        /** GPT partition GUID, or the MBR disk id with the partition number ({@code 1234abcd-01}). */
        PARTUUID,
        /** GPT partition name. */
        PARTLABEL
    }
}
