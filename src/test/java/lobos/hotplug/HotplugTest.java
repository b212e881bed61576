package lobos.hotplug;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import lobos.linux.Drivers;
import lobos.linux.FakeNetlinkSocket;
import lobos.linux.ModuleAliases;
import lobos.linux.Modules;
import lobos.linux.NetlinkSocket;
import lobos.linux.RecordingKernel;
import lobos.linux.Uevent;
import lobos.storage.Tools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hotplug service on injected uevents, the events a USB stick causes in QEMU: its interface
 * (usb-storage by modalias), its SCSI device (sd_mod by modalias), which the recording kernel
 * answers as sd_mod would, by making sdb and sdb1 in a sysfs tree; then the block events. The
 * stick's partition is a real FAT image (mkfs.vfat), probed through a /dev directory.
 */
class HotplugTest {
    @TempDir
    Path dir;

    private Path sys;
    private Path dev;
    private RecordingKernel kernel;
    private FakeNetlinkSocket uevents;
    private Hotplug hotplug;
    private final LinkedBlockingQueue<DeviceEvent> events = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<String> log = new LinkedBlockingQueue<>();

    private static final String USB_IF = "/devices/pci0000:00/0000:00:05.0/usb1/1-1/1-1:1.0";
    private static final String SCSI = USB_IF + "/host2/target2:0:0/2:0:0:0";
    private static final ModuleAliases ALIASES = ModuleAliases.parse(List.of(
            "alias usb:v*p*d*dc*dsc*dp*ic08isc06ip50in* usb_storage",
            "alias usb:v*p*d*dc*dsc*dp*ic08isc06ip50in* uas",
            "alias scsi:t-0x00* sd_mod"));
    private static final Map<String, Modules.Module> INDEX = Map.of(
            "usb_storage", new Modules.Module("usb_storage", Path.of("/m/usb-storage.ko"), List.of()),
            "uas", new Modules.Module("uas", Path.of("/m/uas.ko"), List.of("usb_storage")),
            "sd_mod", new Modules.Module("sd_mod", Path.of("/m/sd_mod.ko"), List.of()));

    @BeforeEach
    void setUp() throws IOException {
        sys = Files.createDirectories(dir.resolve("sys"));
        dev = Files.createDirectories(dir.resolve("dev"));
        Files.createDirectories(sys.resolve("bus/usb/devices"));
        Files.createDirectories(sys.resolve("class/net/lo"));
        // the machine's own disk, present before lobos starts
        disk("sda", "8:0", 2048);
        kernel = new RecordingKernel(dir).onCall(call -> {
            if (call.endsWith("/sd_mod.ko []")) makeStick();
        });
        uevents = kernel.netlink(NetlinkSocket.UEVENT);
    }

    @AfterEach
    void tearDown() {
        if (hotplug != null) hotplug.close();
    }

    private void start() {
        Drivers drivers = new Drivers(new Modules(kernel, INDEX, line -> {}), ALIASES, sys, log::add);
        hotplug = Hotplug.start(kernel, drivers, sys, dev, log::add, Duration.ofSeconds(1));
        hotplug.subscribe(events::add);
    }

    /** What sd_mod does when it finds the stick: sdb with partition sdb1, a FAT file system on it. */
    private void makeStick() {
        try {
            disk("sdb", "8:16", 4096);
            Path part = Files.createDirectories(sys.resolve("block/sdb/sdb1"));
            write(part, "partition", "1");
            write(part, "dev", "8:17");
            write(part, "size", "2048");
            write(part, "start", "2048");
            write(part, "ro", "0");
            Files.createSymbolicLink(sys.resolve("class/block/sdb1"), part);
            Tools.sparse(dev, "sdb", 4096L * 512);
            Path fat = Tools.sparse(dev, "sdb1", 2048L * 512);
            Tools.run(dev, "mkfs.vfat", "-n", "STICK", "-i", "1234abcd", fat.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void disk(String name, String majorMinor, long sectors) throws IOException {
        Path d = Files.createDirectories(sys.resolve("block/" + name));
        write(d, "dev", majorMinor);
        write(d, "size", Long.toString(sectors));
        write(d, "removable", "1");
        write(d, "ro", "0");
        Files.createDirectories(sys.resolve("class/block"));
        Files.createSymbolicLink(sys.resolve("class/block/" + name), d);
    }

    private static void write(Path dir, String attribute, String value) throws IOException {
        Path f = dir.resolve(attribute);
        Files.createDirectories(f.getParent());
        Files.writeString(f, value + "\n");
    }

    private void inject(Uevent e) {
        uevents.inject(e.bytes(), NetlinkSocket.UEVENT_KERNEL_GROUP);
    }

    private DeviceEvent next() throws InterruptedException {
        DeviceEvent e = events.poll(30, TimeUnit.SECONDS);
        assertThat(e).as("an event within 30 s").isNotNull();
        return e;
    }

    @Test
    void aUsbStickGetsItsDriversAndIsReportedOnceItsPartitionsSettled() throws Exception {
        start();
        assertThat(hotplug.listening()).isTrue();
        assertThat(hotplug.coldplug()).isEqualTo(new Drivers.Coldplug(0, List.of()));
        assertThat(uevents.receiveBufferAskedFor()).isPositive();
        inject(Uevent.of(Uevent.Action.ADD, USB_IF, "usb", "DEVTYPE", "usb_interface",
                "MODALIAS", "usb:v46F4p0001d0000dc00dsc00dp00ic08isc06ip50in00"));
        inject(Uevent.of(Uevent.Action.ADD, SCSI, "scsi", "DEVTYPE", "scsi_device", "MODALIAS", "scsi:t-0x00"));
        assertThat(next()).isEqualTo(new DeviceEvent.DriversLoaded("usb:v46F4p0001d0000dc00dsc00dp00ic08isc06ip50in00",
                List.of("usb_storage", "uas")));
        assertThat(next()).isEqualTo(new DeviceEvent.DriversLoaded("scsi:t-0x00", List.of("sd_mod")));
        inject(Uevent.of(Uevent.Action.ADD, SCSI + "/block/sdb", "block", "DEVNAME", "sdb", "DEVTYPE", "disk"));
        inject(Uevent.of(Uevent.Action.ADD, SCSI + "/block/sdb/sdb1", "block", "DEVNAME", "sdb1", "DEVTYPE", "partition",
                "PARTN", "1"));

        DeviceEvent added = next();
        assertThat(added).isInstanceOfSatisfying(DeviceEvent.DiskAdded.class, a -> {
            assertThat(a.disk()).isEqualTo("sdb");
            assertThat(a.devices()).extracting(d -> d.device().name()).containsExactly("sdb", "sdb1");
            assertThat(a.devices().get(1).fs().label()).isEqualTo("STICK");
        });
        assertThat(added.describe()).containsExactly("new device sdb1: vfat LABEL=STICK UUID=1234-ABCD");
        assertThat(kernel.calls).containsExactly("finit_module /m/usb-storage.ko []", "finit_module /m/uas.ko []",
                "finit_module /m/sd_mod.ko []");

        inject(Uevent.of(Uevent.Action.REMOVE, SCSI + "/block/sdb/sdb1", "block", "DEVNAME", "sdb1", "DEVTYPE", "partition"));
        inject(Uevent.of(Uevent.Action.REMOVE, SCSI + "/block/sdb", "block", "DEVNAME", "sdb", "DEVTYPE", "disk"));
        assertThat(next()).isEqualTo(new DeviceEvent.BlockDeviceRemoved("sdb1"));
        assertThat(next().describe()).containsExactly("device sdb removed");
        assertThat(log).isEmpty();
    }

    @Test
    void devicesPresentAtStartAreNotReportedAndOthersMessagesAreIgnored() throws Exception {
        // queued during the coldplug: the add of a disk that is already there
        inject(Uevent.of(Uevent.Action.ADD, "/devices/pci0000:00/0000:00:01.1/ata1/host0/target0:0:0/0:0:0:0/block/sda",
                "block", "DEVNAME", "sda", "DEVTYPE", "disk"));
        uevents.inject("libudev\0\u00fe\u00ed\u00ca\u00fe".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 2);
        uevents.inject(new NetlinkSocket.Datagram(Uevent.of(Uevent.Action.REMOVE, "/devices/virtual/block/sda", "block")
                .bytes(), 1234, 1));
        uevents.inject("garbage".getBytes(), 1);
        // a network interface made after the start, backed by a device, then gone
        Path eth1 = Files.createDirectories(sys.resolve("class/net/eth1"));
        Files.createSymbolicLink(eth1.resolve("device"), dir);
        inject(Uevent.of(Uevent.Action.ADD, "/devices/virtual/net/lo", "net", "INTERFACE", "lo"));
        start();
        Files.createDirectories(sys.resolve("class/net/eth2"));
        Files.createSymbolicLink(sys.resolve("class/net/eth2/device"), dir);
        inject(Uevent.of(Uevent.Action.ADD, "/devices/pci0000:00/0000:00:06.0/virtio3/net/eth2", "net", "INTERFACE", "eth2"));
        inject(Uevent.of(Uevent.Action.REMOVE, "/devices/pci0000:00/0000:00:06.0/virtio3/net/eth2", "net", "INTERFACE", "eth2"));
        assertThat(next()).isEqualTo(new DeviceEvent.NetDeviceAdded("eth2"));
        assertThat(next()).isEqualTo(new DeviceEvent.NetDeviceRemoved("eth2"));
        assertThat(log.poll(30, TimeUnit.SECONDS)).startsWith("ignored a device event: uevent header \"garbage\"");
        assertThat(events).isEmpty();
        assertThat(kernel.calls).isEmpty();
    }

    @Test
    void aListenerThatFailsIsLoggedAndOthersStillHear() throws Exception {
        start();
        hotplug.subscribe(e -> {
            throw new IllegalStateException("boom");
        });
        inject(Uevent.of(Uevent.Action.REMOVE, "/devices/virtual/block/loop0", "block", "DEVNAME", "loop0"));
        assertThat(next()).isEqualTo(new DeviceEvent.BlockDeviceRemoved("loop0"));
        assertThat(log.poll(30, TimeUnit.SECONDS)).contains("a device listener failed", "boom");
    }

    @Test
    void withoutUeventsTheColdplugStillRuns() {
        kernel.failing("socket", lobos.linux.Errno.EPROTONOSUPPORT);
        start();
        assertThat(hotplug.listening()).isFalse();
        assertThat(log).singleElement().asString().startsWith("no device events");
        hotplug.close();
        hotplug.close();
    }

    @Test
    void lostEventsAreMadeUpByLookingAgain() throws Exception {
        start();
        // sdb came and sda went while the queue overflowed
        makeStick();
        Files.delete(sys.resolve("class/block/sda"));
        uevents.failReceive(lobos.linux.Errno.ENOBUFS);
        assertThat(List.of(next(), next())).anySatisfy(e -> assertThat(e).isEqualTo(new DeviceEvent.BlockDeviceRemoved("sda")))
                .anySatisfy(e -> assertThat(e).isInstanceOf(DeviceEvent.DiskAdded.class));
        assertThat(log.poll(30, TimeUnit.SECONDS)).startsWith("device events were lost");
    }
}
