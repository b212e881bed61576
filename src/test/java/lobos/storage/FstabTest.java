package lobos.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import lobos.path.DeviceRef;
import lobos.path.DeviceRef.Tag;
import org.junit.jupiter.api.Test;

class FstabTest {
    static final Path FIXTURES = Path.of("src/test/resources/lobos/storage/fstab");

    static Fstab read(String name) throws IOException {
        return Fstab.parse(Files.readString(FIXTURES.resolve(name)), "/etc/fstab");
    }

    @Test
    void debianStyleFstabByHand() throws IOException {
        Fstab fstab = read("debian.fstab");
        assertThat(fstab.entries().get(0)).isEqualTo(new FstabEntry("UUID=0a3b5c7d-1e2f-4a5b-8c9d-0e1f2a3b4c5d", "/", "ext4",
                List.of("errors=remount-ro"), 0, 1, 5));
        assertThat(fstab.entries().get(2)).isEqualTo(new FstabEntry("LABEL=My Boot", "/boot", "ext2", List.of("defaults", "noauto"), 0, 2, 8));
        assertThat(fstab.entries().get(10)).isEqualTo(new FstabEntry("/dev/sdb1", "/mnt/data dir", "xfs", List.of("defaults"), 0, 0, 17));
        assertThat(fstab.entries().get(13)).isEqualTo(
                new FstabEntry("/dev/disk/by-label/Müll", "/mnt/müll", "ext4", List.of("defaults"), 0, 0, 23));
        assertThat(fstab.warnings()).containsExactly(
                "/etc/fstab:14: the dump and pass fields must be numbers; line ignored",
                "/etc/fstab:20: needs at least a device, a mount point and a type; line ignored",
                "/etc/fstab:21: the dump and pass fields must be numbers; line ignored");
    }

    @Test
    void devicesNamedBySpecs() throws IOException {
        var specs = read("debian.fstab").entries().stream().map(FstabEntry::device).toList();
        assertThat(specs.subList(0, 8)).containsExactly(
                Optional.of(new DeviceRef.Tagged(Tag.UUID, "0a3b5c7d-1e2f-4a5b-8c9d-0e1f2a3b4c5d")),
                Optional.of(new DeviceRef.Tagged(Tag.UUID, "CD59-834E")),
                Optional.of(new DeviceRef.Tagged(Tag.LABEL, "My Boot")),
                Optional.of(new DeviceRef.Tagged(Tag.PARTUUID, "1234abcd-05")),
                Optional.of(new DeviceRef.Tagged(Tag.PARTLABEL, "scratch")),
                Optional.of(new DeviceRef.Named("sda3")),
                Optional.empty(), // /swapfile
                Optional.empty()); // server:/export/src
        assertThat(new FstabEntry("LABEL=\"x y\"", "/", "ext4", List.of(), 0, 0, 1).device())
                .contains(new DeviceRef.Tagged(Tag.LABEL, "x y"));
        assertThat(new FstabEntry("/dev/mapper/vg-var", "/var", "ext4", List.of(), 0, 0, 1).device())
                .contains(new DeviceRef.Named("mapper/vg-var"));
    }

    /** libmount's reading of the same file (findmnt --tab-file) is the reference for every field. */
    @Test
    void agreesWithFindmnt() throws IOException {
        for (String name : List.of("debian.fstab", "crlf.fstab")) {
            Fstab fstab = read(name);
            String out = Tools.run(FIXTURES, "findmnt", "--tab-file", name, "-P", "-o", "SOURCE,TARGET,FSTYPE,OPTIONS,FREQ,PASSNO");
            List<String> expected = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (!line.isBlank()) expected.add(Tools.unescapeHex(line));
            }
            List<String> actual = fstab.entries().stream()
                    .map(e -> "SOURCE=\"%s\" TARGET=\"%s\" FSTYPE=\"%s\" OPTIONS=\"%s\" FREQ=\"%d\" PASSNO=\"%d\"".formatted(
                            e.spec(), e.mountPoint(), e.type(), String.join(",", e.options()), e.freq(), e.passno()))
                    .toList();
            // lobos drops a mount point's trailing slash and fills in "defaults" for a missing options field
            expected.replaceAll(s -> s.replace("TARGET=\"/mnt/data dir/\"", "TARGET=\"/mnt/data dir\"").replace("OPTIONS=\"\"", "OPTIONS=\"defaults\""));
            assertThat(actual).as(name).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void emptyAndHostileInput() {
        assertThat(Fstab.parse("", "f").entries()).isEmpty();
        assertThat(Fstab.parse("\n\n# only comments\n", "f").entries()).isEmpty();
        assertThat(Fstab.parse("a b c d 99999999999 0", "f").warnings()).singleElement().asString().contains("f:1:");
        assertThat(Fstab.unescape("a\\040b\\011c\\134d\\x\\9\\")).isEqualTo("a b\tc\\d\\x\\9\\");
        assertThat(Fstab.parse("/dev/a /x ext4 defaults 0 0 junk", "f").warnings()).containsExactly("f:1: text after the 6th field ignored");
    }
}
