package lobos.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Coldplug and hotplug driver loading on a sysfs tree laid out as the kernel lays it out, where
 * the recording kernel plays the drivers' part: loading virtio_pci makes the virtio devices,
 * loading virtio_net makes eth0, as the real ones do while they load.
 */
class DriversTest {
    @TempDir
    Path dir;

    private Path sys;
    private RecordingKernel kernel;
    private final List<String> log = new ArrayList<>();
    private static final ModuleAliases ALIASES = ModuleAliases.parse(List.of(
            "alias pci:v00001AF4d*sv*sd*bc*sc*i* virtio_pci",
            "alias virtio:d00000002v* virtio_blk",
            "alias virtio:d00000001v* virtio_net",
            "alias pci:v*d*sv*sd*bc0Csc03i30* xhci_pci",
            "alias pci:v00008086d000010D3sv*sd*bc*sc*i* e1000e"));
    private static final Map<String, Modules.Module> INDEX = Map.of(
            "virtio", module("virtio"), "virtio_ring", module("virtio_ring"),
            "virtio_pci", module("virtio_pci", "virtio", "virtio_ring"),
            "virtio_blk", module("virtio_blk", "virtio", "virtio_ring"),
            "virtio_net", module("virtio_net", "virtio", "virtio_ring"),
            "xhci_pci", module("xhci_pci"));

    private static Modules.Module module(String name, String... depends) {
        return new Modules.Module(name, Path.of("/lib/modules/t/" + name + ".ko"), List.of(depends));
    }

    @BeforeEach
    void setUp() throws IOException {
        sys = Files.createDirectories(dir.resolve("sys"));
        Files.createDirectories(sys.resolve("class/net/lo"));
        device("/devices/pci0000:00/0000:00:01.1", "pci", "pci:v00008086d00007010sv00001AF4sd00001100bc01sc01i80");
        device("/devices/pci0000:00/0000:00:04.0", "pci", "pci:v00001AF4d00001042sv00001AF4sd00001100bc01sc00i00");
        device("/devices/pci0000:00/0000:00:05.0", "pci", "pci:v00001AF4d00001041sv00001AF4sd00001100bc02sc00i00");
        device("/devices/platform/serial8250", "platform", "platform:serial8250");
        kernel = new RecordingKernel(dir).onCall(call -> {
            try {
                if (call.contains("/virtio_pci.ko")) {
                    device("/devices/pci0000:00/0000:00:04.0/virtio0", "virtio", "virtio:d00000002v00001AF4");
                    device("/devices/pci0000:00/0000:00:05.0/virtio1", "virtio", "virtio:d00000001v00001AF4");
                } else if (call.contains("/virtio_net.ko")) {
                    Path eth0 = Files.createDirectories(sys.resolve("class/net/eth0"));
                    Files.createSymbolicLink(eth0.resolve("device"), sys.resolve("devices/pci0000:00/0000:00:05.0/virtio1"));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** A device directory under /sys/devices with its modalias, linked from /sys/bus/BUS/devices. */
    private void device(String devpath, String bus, String modalias) throws IOException {
        Path d = Files.createDirectories(sys.resolve(devpath.substring(1)));
        Files.writeString(d.resolve("modalias"), modalias + "\n");
        Path link = Files.createDirectories(sys.resolve("bus/" + bus + "/devices")).resolve(d.getFileName());
        Files.createSymbolicLink(link, d);
    }

    private Drivers drivers(RecordingKernel k) {
        return new Drivers(new Modules(k, INDEX, line -> {}), ALIASES, sys, log::add);
    }

    @Test
    void coldplugLoadsWhatThePresentDevicesNeedRoundAfterRound() throws Exception {
        Drivers drivers = drivers(kernel);
        Drivers.Coldplug result = drivers.coldplug();
        assertThat(result.loaded()).containsExactly("virtio_pci", "virtio_net", "virtio_blk");
        assertThat(result.devices()).isEqualTo(6);
        assertThat(kernel.calls).containsExactly(
                "finit_module /lib/modules/t/virtio.ko []", "finit_module /lib/modules/t/virtio_ring.ko []",
                "finit_module /lib/modules/t/virtio_pci.ko []", "finit_module /lib/modules/t/virtio_net.ko []",
                "finit_module /lib/modules/t/virtio_blk.ko []");
        assertThat(drivers.netDevices()).containsExactly("eth0");
        assertThat(drivers.awaitNetDevices(Duration.ZERO)).containsExactly("eth0");
        // a second coldplug (the network code asking again) loads nothing more
        assertThat(drivers.coldplug().loaded()).isEmpty();
        assertThat(log).isEmpty();
    }

    @Test
    void aDeviceThatArrivesGetsItsDriverOnce() {
        Drivers drivers = drivers(kernel);
        assertThat(drivers.loadFor("pci:v00001B36d0000000Dsv00001AF4sd00001100bc0Csc03i30")).containsExactly("xhci_pci");
        assertThat(drivers.loadFor("pci:v00001B36d0000000Dsv00001AF4sd00001100bc0Csc03i30")).isEmpty();
        // e1000e has an alias but the image does not carry the module: nothing to load, no complaint
        assertThat(drivers.loadFor("pci:v00008086d000010D3sv00008086sd00000000bc02sc00i00")).isEmpty();
        assertThat(drivers.loadFor("usb:v46F4p0001d0000dc00dsc00dp00ic08isc06ip50in00")).isEmpty();
        assertThat(kernel.calls).containsExactly("finit_module /lib/modules/t/xhci_pci.ko []");
    }

    @Test
    void aDriverTheKernelRefusesIsReportedOnceAndTheOthersStillLoad() {
        Drivers drivers = drivers(kernel.failing("finit_module", Errno.ENOEXEC));
        Drivers.Coldplug result = drivers.coldplug();
        assertThat(result.loaded()).isEmpty();
        assertThat(log).singleElement().asString().startsWith("driver virtio_pci for pci:v00001AF4d00001041")
                .contains("ENOEXEC", "not a module for this kernel");
        drivers.loadFor("pci:v00001AF4d00001041sv00001AF4sd00001100bc02sc00i00");
        assertThat(log).hasSize(1);
    }

    @Test
    void withoutAnAliasIndexNothingIsReadOrLoaded() throws Exception {
        Drivers drivers = new Drivers(new Modules(kernel, INDEX, line -> {}), ModuleAliases.EMPTY, sys, log::add);
        assertThat(drivers.available()).isFalse();
        assertThat(drivers.coldplug()).isEqualTo(new Drivers.Coldplug(0, List.of()));
        assertThat(drivers.awaitNetDevices(Duration.ZERO)).as("lo is no device").isEmpty();
        assertThat(kernel.calls).isEmpty();
    }
}
