package lobos.hotplug;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.stream.Stream;
import lobos.linux.Drivers;
import lobos.linux.Errno;
import lobos.linux.Kernel;
import lobos.linux.KernelException;
import lobos.linux.NetlinkSocket;
import lobos.linux.Uevent;
import lobos.linux.UeventException;
import lobos.storage.BlockDevice;
import lobos.storage.DeviceProber;
import lobos.storage.SysfsBlockDevices;

/**
 * Devices that come and go while lobos runs. {@link #start} listens to the kernel's uevents
 * first, then loads the drivers for the devices present ({@link Drivers#coldplug}), then keeps
 * listening: a device with a MODALIAS gets its drivers; a disk is probed once its partitions have
 * settled and reported as {@link DeviceEvent.DiskAdded}; removals, and network interfaces, are
 * reported too. Devices present when {@code start} returns are not reported: scan them yourself,
 * after subscribing, and treat an add for a name you know as a replacement.
 *
 * <p>The receiving thread is a platform thread: a virtual thread blocked in poll(2), a native
 * call, would hold its carrier (with one CPU, the only one). Listeners are told on a virtual
 * thread, in order; probing a disk happens there too, so a slow USB stick never delays a driver.
 */
public final class Hotplug implements AutoCloseable {
    /** Partition events follow their disk's at once (the kernel sends them together): a quarter second is ample. */
    static final Duration SETTLE = Duration.ofMillis(250);
    /** Room for the events of a coldplug burst (udev asks for 128 MiB; lobos's bursts are small). */
    private static final int RECEIVE_BUFFER = 4 << 20;
    /** How long a receive waits before the loop looks at settled disks and at close(). */
    private static final Duration TICK = Duration.ofMillis(250);

    private final Drivers drivers;
    private final Path sys;
    private final Path dev;
    private final Consumer<String> log;
    private final Duration settle;
    private final NetlinkSocket socket;
    private final Drivers.Coldplug coldplug;
    private final List<DeviceListener> listeners = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<Runnable> deliveries = new LinkedBlockingQueue<>();
    /** Block devices present at start or reported since, by kernel name. */
    private final Set<String> knownBlock = ConcurrentHashMap.newKeySet();
    /** Network interfaces present at start or reported since. */
    private final Set<String> knownNet = ConcurrentHashMap.newKeySet();
    /** Disks whose partitions are still arriving, with when they count as settled (System.nanoTime). */
    private final Map<String, Long> settling = new HashMap<>();
    private final Thread receiver;
    private final Thread deliverer;
    private volatile boolean closed;

    /** A subscription; closing it stops the events. */
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    private Hotplug(Kernel kernel, Drivers drivers, Path sys, Path dev, Consumer<String> log, Duration settle) {
        this.drivers = drivers;
        this.sys = sys;
        this.dev = dev;
        this.log = log;
        this.settle = settle;
        this.socket = open(kernel);
        this.coldplug = coldplugOnce(drivers);
        knownBlock.addAll(names(sys.resolve("class/block")));
        knownNet.addAll(names(sys.resolve("class/net")));
        this.deliverer = Thread.ofVirtual().name("lobos-hotplug-events").start(this::deliver);
        this.receiver = socket == null ? null
                : Thread.ofPlatform().daemon().name("lobos-hotplug").start(this::receive);
    }

    /**
     * Starts listening, loads the drivers for the devices present and returns: those drivers are
     * loaded, their devices made (see {@link #coldplug()}).
     *
     * @param sys "/sys"
     * @param dev "/dev", where disks are opened to be probed
     * @param log told warnings (a driver the kernel refused, no uevents), one line each
     */
    public static Hotplug start(Kernel kernel, Drivers drivers, Path sys, Path dev, Consumer<String> log) {
        return new Hotplug(kernel, drivers, sys, dev, log, SETTLE);
    }

    static Hotplug start(Kernel kernel, Drivers drivers, Path sys, Path dev, Consumer<String> log, Duration settle) {
        return new Hotplug(kernel, drivers, sys, dev, log, settle);
    }

    private NetlinkSocket open(Kernel kernel) {
        try {
            NetlinkSocket s = kernel.openNetlink(NetlinkSocket.UEVENT, NetlinkSocket.UEVENT_KERNEL_GROUP);
            try {
                s.receiveBuffer(RECEIVE_BUFFER);
            } catch (KernelException e) {
                // the default queue still works; a burst may overflow it, which receive() notices
            }
            return s;
        } catch (KernelException e) {
            log.accept("no device events, devices that come later are not seen: " + e.getMessage());
            return null;
        }
    }

    /** A coldplug that fails on a bug does not keep the loader from starting: it says so and loads nothing. */
    private Drivers.Coldplug coldplugOnce(Drivers drivers) {
        try {
            return drivers.coldplug();
        } catch (RuntimeException e) {
            log.accept("coldplug failed, drivers for the devices present are not loaded: " + e);
            return new Drivers.Coldplug(0, List.of());
        }
    }

    /** What the coldplug at start loaded. */
    public Drivers.Coldplug coldplug() {
        return coldplug;
    }

    /** The driver loader, for code that must wait for devices (the network's {@link Drivers#awaitNetDevices}). */
    public Drivers drivers() {
        return drivers;
    }

    /** Whether uevents are being received (false when the kernel refused the socket). */
    public boolean listening() {
        return receiver != null && !closed;
    }

    /** Tells {@code listener} every later event, until the subscription is closed. */
    public Subscription subscribe(DeviceListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void receive() {
        while (!closed) {
            try {
                Optional<NetlinkSocket.Datagram> d = socket.receive(nextWait());
                if (d.isPresent() && d.get().fromKernel()) Uevent.parse(d.get().bytes()).ifPresent(this::handle);
            } catch (UeventException e) {
                log.accept("ignored a device event: " + e.getMessage());
            } catch (KernelException e) {
                if (closed) break;
                if (e.errnoName() == Errno.ENOBUFS) {
                    log.accept("device events were lost (too many at once): looking at the devices afresh");
                    rescan();
                } else {
                    log.accept("device events: " + e.getMessage() + "; devices that come later are not seen");
                    break;
                }
            } catch (RuntimeException e) {
                // a bug must not end hotplug for good: say so and go on with the next event
                log.accept("hotplug: internal error: " + e);
            }
            settled();
        }
    }

    private Duration nextWait() {
        long now = System.nanoTime();
        long wait = TICK.toNanos();
        for (long deadline : settling.values()) wait = Math.min(wait, Math.max(0, deadline - now));
        return Duration.ofNanos(wait);
    }

    /** One event from the kernel: drivers for what has a modalias, then what it means for disks and interfaces. */
    private void handle(Uevent e) {
        if (e.action() == Uevent.Action.ADD && e.modalias() != null) {
            List<String> loaded = drivers.loadFor(e.modalias());
            if (!loaded.isEmpty()) publish(new DeviceEvent.DriversLoaded(e.modalias(), loaded));
        }
        String name = e.kernelName();
        switch (e.subsystem()) {
            case "block" -> block(e, name);
            case "net" -> {
                if (e.action() == Uevent.Action.ADD) netAdded(name);
                else if (e.action() == Uevent.Action.REMOVE && knownNet.remove(name)) {
                    publish(new DeviceEvent.NetDeviceRemoved(name));
                }
            }
            default -> {}
        }
    }

    private void block(Uevent e, String name) {
        long due = System.nanoTime() + settle.toNanos();
        boolean partition = "partition".equals(e.devtype());
        switch (e.action()) {
            case ADD -> {
                if (knownBlock.contains(name)) return; // present at start, its event still queued from the coldplug
                String disk = partition ? parentName(e.devpath()) : name;
                settling.put(disk, due); // a new partition on a known disk reports the disk anew
            }
            case CHANGE -> {
                if (!partition && "1".equals(e.get("DISK_MEDIA_CHANGE"))) settling.put(name, due);
            }
            case REMOVE -> {
                settling.remove(name);
                knownBlock.remove(name);
                publish(new DeviceEvent.BlockDeviceRemoved(name));
            }
            default -> {}
        }
    }

    private static String parentName(String devpath) {
        String parent = devpath.substring(0, devpath.lastIndexOf('/'));
        return parent.substring(parent.lastIndexOf('/') + 1);
    }

    /** Hands each disk whose partitions have settled to the delivery thread, to be probed there. */
    private void settled() {
        long now = System.nanoTime();
        var it = settling.entrySet().iterator();
        while (it.hasNext()) {
            var entry = it.next();
            if (entry.getValue() - now > 0) continue;
            it.remove();
            String disk = entry.getKey();
            deliveries.add(() -> probe(disk));
        }
    }

    private void probe(String disk) {
        List<BlockDevice> devices;
        try {
            devices = SysfsBlockDevices.scan(sys).stream()
                    .filter(d -> d.name().equals(disk) || disk.equals(d.parent())).toList();
        } catch (RuntimeException e) {
            log.accept("cannot look at new device " + disk + ": " + e.getMessage());
            return;
        }
        if (devices.isEmpty()) return; // gone again, or no media (size 0)
        devices.forEach(d -> knownBlock.add(d.name()));
        tell(new DeviceEvent.DiskAdded(disk, DeviceProber.probe(devices, dev)));
    }

    /** A network interface appeared: reported if a device backs it (not lo, not a tunnel) and it is new. */
    private void netAdded(String name) {
        if (!knownNet.contains(name) && Files.exists(sys.resolve("class/net/" + name + "/device"))) {
            knownNet.add(name);
            publish(new DeviceEvent.NetDeviceAdded(name));
        }
    }

    /** After lost events: loads drivers for what is there now and reports what came or went meanwhile. */
    private void rescan() {
        drivers.coldplug();
        Set<String> blockNow = Set.copyOf(names(sys.resolve("class/block")));
        Set<String> netNow = Set.copyOf(names(sys.resolve("class/net")));
        for (String name : Set.copyOf(knownBlock)) {
            if (!blockNow.contains(name) && knownBlock.remove(name)) publish(new DeviceEvent.BlockDeviceRemoved(name));
        }
        for (String name : Set.copyOf(knownNet)) {
            if (!netNow.contains(name) && knownNet.remove(name)) publish(new DeviceEvent.NetDeviceRemoved(name));
        }
        long due = System.nanoTime();
        for (String name : blockNow) {
            boolean partition = Files.exists(sys.resolve("class/block/" + name + "/partition"));
            if (!knownBlock.contains(name) && !partition) settling.put(name, due);
        }
        netNow.forEach(this::netAdded);
    }

    private void publish(DeviceEvent event) {
        deliveries.add(() -> tell(event));
    }

    private void tell(DeviceEvent event) {
        for (DeviceListener l : listeners) {
            try {
                l.deviceEvent(event);
            } catch (RuntimeException e) {
                log.accept("a device listener failed on " + event + ": " + e);
            }
        }
    }

    private static final Runnable STOP = () -> {};

    private void deliver() {
        try {
            while (true) {
                Runnable next = deliveries.take();
                if (next == STOP) return;
                next.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<String> names(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of();
        }
    }

    /** Stops listening and delivering (events already received are still delivered); waits briefly for both threads. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (socket != null) socket.close();
        deliveries.add(STOP);
        try {
            if (receiver != null) receiver.join(TICK.toMillis() * 4);
            deliverer.join(TICK.toMillis() * 4);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
