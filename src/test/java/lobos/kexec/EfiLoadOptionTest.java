package lobos.kexec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** EFI_LOAD_OPTION (UEFI 2.10 section 3.1.3) and device path nodes (section 10.3), built here byte by byte. */
class EfiLoadOptionTest {
    @TempDir
    Path dir;

    static byte[] node(int type, int subtype, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) type).put((byte) subtype).putShort((short) (4 + data.length)).put(data);
        return b.array();
    }

    static byte[] ucs2z(String s) {
        return (s + "\0").getBytes(StandardCharsets.UTF_16LE);
    }

    /** A GUID in its on-disk layout for 11111111-2222-3333-4455-66778899aabb. */

    static byte[] guid() {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x11111111).putShort((short) 0x2222).putShort((short) 0x3333);
        b.put(HexFormat.of().parseHex("445566778899aabb"));
        return b.array();
    }

    static byte[] option(long attributes, String description, byte[]... nodes) {
        ByteArrayOutputStream path = new ByteArrayOutputStream();
        for (byte[] n : nodes) path.writeBytes(n);
        path.writeBytes(node(0x7f, 0xff, new byte[0]));
        byte[] d = ucs2z(description);
        ByteBuffer b = ByteBuffer.allocate(6 + d.length + path.size() + 3).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt((int) attributes).putShort((short) path.size()).put(d).put(path.toByteArray()).put(new byte[] {1, 2, 3});
        return b.array();
    }

    static byte[] harddrive() {
        ByteBuffer hd = ByteBuffer.allocate(38).order(ByteOrder.LITTLE_ENDIAN);
        hd.putInt(1).putLong(2048).putLong(1048576).put(guid()).put((byte) 2).put((byte) 2); // partition 1, GPT
        return node(4, 1, hd.array());
    }

    @Test
    void aDebianEntryOnAGptPartition() {
        EfiLoadOption o = EfiLoadOption.parse(option(1, "debian", harddrive(), node(4, 4, ucs2z("\\EFI\\debian\\shimx64.efi"))));
        assertThat(o.description()).isEqualTo("debian");
        assertThat(o.active()).isTrue();
        assertThat(o.hidden()).isFalse();
        assertThat(o.devicePath()).isEqualTo("HD(1,GPT,11111111-2222-3333-4455-66778899aabb)/\\EFI\\debian\\shimx64.efi");
        assertThat(o.optionalDataBytes()).isEqualTo(3);
    }

    @Test
    void ovmfsShellAndADiskBehindPci() {
        // PIWG firmware volume (media subtype 7), then the file in it (subtype 6), as OVMF's entries are.
        EfiLoadOption shell = EfiLoadOption.parse(option(0x109, "EFI Internal Shell", node(4, 7, guid()), node(4, 6, guid())));
        assertThat(shell.devicePath()).isEqualTo("Fv(11111111-2222-3333-4455-66778899aabb)/FvFile(11111111-2222-3333-4455-66778899aabb)");
        assertThat(shell.hidden()).isTrue();
        ByteBuffer acpi = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(0x0a0341d0).putInt(0);
        EfiLoadOption disk = EfiLoadOption.parse(option(1, "UEFI QEMU HARDDISK", node(2, 1, acpi.array()),
                node(1, 1, new byte[] {1, 3}), node(3, 0x12, new byte[] {0, 0, (byte) 0xff, (byte) 0xff, 0, 0})));
        assertThat(disk.devicePath()).isEqualTo("PciRoot(0x0)/Pci(0x3,0x1)/Sata(0x0,0xffff,0x0)");
        EfiLoadOption unknown = EfiLoadOption.parse(option(0, "odd", node(9, 9, new byte[] {(byte) 0xab})));
        assertThat(unknown.devicePath()).isEqualTo("Path(9,9,ab)");
        assertThat(unknown.active()).isFalse();
    }

    @Test
    void damagedOptionsSayWhat() {
        assertThatThrownBy(() -> EfiLoadOption.parse(new byte[] {1, 0, 0})).hasMessageContaining("shorter than the 6-byte header");
        assertThatThrownBy(() -> EfiLoadOption.parse(new byte[] {1, 0, 0, 0, 4, 0, 'a', 0})).hasMessageContaining("without its terminating NUL");
        assertThatThrownBy(() -> EfiLoadOption.parse(new byte[] {1, 0, 0, 0, 40, 0, 0, 0, 1, 2})).hasMessageContaining("device path is 40 bytes");
        assertThatThrownBy(() -> EfiLoadOption.parse(new byte[] {1, 0, 0, 0, 4, 0, 0, 0, 4, 4, 2, 0}))
                .hasMessageContaining("node of 2 bytes");
    }

    private void variable(String name, byte[] data) throws Exception {
        Path vars = Files.createDirectories(dir.resolve("sys/firmware/efi/efivars"));
        ByteBuffer b = ByteBuffer.allocate(4 + data.length).order(ByteOrder.LITTLE_ENDIAN).putInt(7).put(data);
        Files.write(vars.resolve(name + "-" + EfiBootManager.GLOBAL), b.array());
    }

    @Test
    void theBootManagerListsEntriesInBootOrderAndSetsBootNext() throws Exception {
        EfiBootManager firmware = new EfiBootManager(dir);
        assertThat(firmware.available()).isFalse();
        assertThatThrownBy(firmware::entries).hasMessageContaining("no EFI variables")
                .satisfies(e -> assertThat(((KexecException) e).hint()).contains("BIOS"));
        Files.createDirectories(dir.resolve("sys/firmware/efi/efivars"));
        assertThat(firmware.available()).isTrue();
        assertThat(firmware.mounted()).as("an empty directory: efivarfs not mounted on it").isFalse();
        variable("Boot0000", option(1, "UiApp", node(4, 6, guid())));
        variable("Boot0001", option(1, "debian", harddrive()));
        variable("Boot0002", option(1, "EFI Internal Shell", node(4, 7, guid())));
        variable("Boot0003", new byte[] {1});
        variable("BootOrder", new byte[] {1, 0, 2, 0, 0, 0});
        variable("BootCurrent", new byte[] {1, 0});
        assertThat(firmware.mounted()).isTrue();
        assertThat(firmware.entries()).extracting(EfiBootManager.Entry::name)
                .containsExactly("Boot0001", "Boot0002", "Boot0000", "Boot0003");
        assertThat(firmware.entries().getFirst().current()).isTrue();
        assertThat(firmware.entries().getLast().option().description()).startsWith("(unreadable: ");
        assertThat(firmware.bootNext()).isEmpty();
        firmware.setBootNext(2);
        assertThat(Files.readAllBytes(dir.resolve("sys/firmware/efi/efivars/BootNext-" + EfiBootManager.GLOBAL)))
                .containsExactly(7, 0, 0, 0, 2, 0);
        assertThat(firmware.bootNext()).contains(2);
        assertThatThrownBy(() -> firmware.setBootNext(9)).hasMessageContaining("no boot entry Boot0009");
    }
}
