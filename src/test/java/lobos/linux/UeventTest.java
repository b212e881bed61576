package lobos.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The uevent codec, on messages written as the kernel's lib/kobject_uevent.c writes them. */
class UeventTest {
    private static byte[] message(String... parts) {
        return (String.join("\0", parts) + "\0").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsAPartitionAdd() {
        Uevent e = Uevent.parse(message("add@/devices/pci0000:00/0000:00:04.0/usb1/1-1/1-1:1.0/host0/target0:0:0/0:0:0:0/block/sda/sda1",
                "ACTION=add", "DEVPATH=/devices/pci0000:00/0000:00:04.0/usb1/1-1/1-1:1.0/host0/target0:0:0/0:0:0:0/block/sda/sda1",
                "SUBSYSTEM=block", "MAJOR=8", "MINOR=1", "DEVNAME=sda1", "DEVTYPE=partition", "DISKSEQ=9", "PARTN=1",
                "SEQNUM=2043"))
                .orElseThrow();
        assertThat(e.action()).isEqualTo(Uevent.Action.ADD);
        assertThat(e.subsystem()).isEqualTo("block");
        assertThat(e.devname()).isEqualTo("sda1");
        assertThat(e.devtype()).isEqualTo("partition");
        assertThat(e.kernelName()).isEqualTo("sda1");
        assertThat(e.seqnum()).isEqualTo(2043);
        assertThat(e.get("PARTN")).isEqualTo("1");
        assertThat(e.modalias()).isNull();
    }

    @Test
    void readsAModaliasAndAnInterfaceName() {
        Uevent usb = Uevent.parse(message("add@/devices/pci0000:00/0000:00:04.0/usb1/1-1/1-1:1.0", "ACTION=add",
                "DEVPATH=/devices/pci0000:00/0000:00:04.0/usb1/1-1/1-1:1.0", "SUBSYSTEM=usb", "DEVTYPE=usb_interface",
                "PRODUCT=46f4/1/0", "TYPE=0/0/0", "INTERFACE=8/6/80",
                "MODALIAS=usb:v46F4p0001d0000dc00dsc00dp00ic08isc06ip50in00", "SEQNUM=2001")).orElseThrow();
        assertThat(usb.modalias()).isEqualTo("usb:v46F4p0001d0000dc00dsc00dp00ic08isc06ip50in00");
        Uevent net = Uevent.parse(message("remove@/devices/virtual/net/dummy0", "ACTION=remove",
                "DEVPATH=/devices/virtual/net/dummy0", "SUBSYSTEM=net", "INTERFACE=dummy0", "IFINDEX=5", "SEQNUM=7"))
                .orElseThrow();
        assertThat(net.action()).isEqualTo(Uevent.Action.REMOVE);
        assertThat(net.interfaceName()).isEqualTo("dummy0");
    }

    @Test
    void udevsOwnMessagesAreIgnored() {
        byte[] udev = "libudev\0\u00fe\u00ed\u00ca\u00fe(\0\0\0ACTION=add\0".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(Uevent.parse(udev)).isEmpty();
    }

    @Test
    void writesWhatItReads() {
        Uevent e = Uevent.of(Uevent.Action.CHANGE, "/devices/virtual/block/loop0", "block", "DEVNAME", "loop0",
                "DISK_MEDIA_CHANGE", "1");
        assertThat(new String(e.bytes(), StandardCharsets.UTF_8)).isEqualTo(
                "change@/devices/virtual/block/loop0\0ACTION=change\0DEVPATH=/devices/virtual/block/loop0\0"
                        + "SUBSYSTEM=block\0DEVNAME=loop0\0DISK_MEDIA_CHANGE=1\0");
        assertThat(Uevent.parse(e.bytes())).contains(e);
    }

    @Test
    void malformedMessagesAreTypedErrorsThatSayWhat() {
        assertThatThrownBy(() -> Uevent.parse(message("hello"))).isInstanceOf(UeventException.class)
                .hasMessageContaining("is not ACTION@DEVPATH");
        assertThatThrownBy(() -> Uevent.parse(message("explode@/devices/x", "ACTION=explode")))
                .hasMessageContaining("unknown uevent action \"explode\"");
        assertThatThrownBy(() -> Uevent.parse(message("add@/devices/../../etc", "ACTION=add", "DEVPATH=/devices/../../etc",
                "SUBSYSTEM=block"))).hasMessageContaining("not a plain path");
        assertThatThrownBy(() -> Uevent.parse(message("add@/devices/x", "ACTION=add", "DEVPATH=/devices/y",
                "SUBSYSTEM=block"))).hasMessageContaining("DEVPATH=/devices/y differs from its header");
        assertThatThrownBy(() -> Uevent.parse(message("add@/devices/x", "ACTION=add", "DEVPATH=/devices/x", "junk",
                "SUBSYSTEM=block"))).hasMessageContaining("\"junk\" is not KEY=VALUE").hasMessageContaining("at byte 45");
        assertThatThrownBy(() -> Uevent.parse(message("add@/devices/x", "ACTION=add", "DEVPATH=/devices/x")))
                .hasMessageContaining("no valid SUBSYSTEM");
        assertThatThrownBy(() -> Uevent.parse(message("add@/devices/x", "ACTION=add", "DEVPATH=/devices/x",
                "SUBSYSTEM=block", "DEVNAME=../sda"))).hasMessageContaining("not a name under /dev");
        assertThatThrownBy(() -> Uevent.parse(new byte[0])).isInstanceOf(UeventException.class);
    }
}
