package lobos.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import lobos.LobosException;
import lobos.linux.NetworkControl;

/**
 * The machine's network interfaces, read from sysfs, and bringing them up: set the link up
 * (rtnetlink), then wait for carrier, which sysfs reports, polling every 20 ms up to a bound.
 */
public final class Links {
    public static final Path SYSFS = Path.of("/sys/class/net");

    private final Path sys;
    private final NetworkControl control;

    public Links(Path sys, NetworkControl control) {
        this.sys = sys;
        this.control = control;
    }

    /** Every interface, by name. */
    public List<NetLink> scan() {
        List<NetLink> out = new ArrayList<>();
        if (!Files.isDirectory(sys)) return out;
        try (Stream<Path> s = Files.list(sys)) {
            for (Path p : s.sorted().toList()) out.add(read(p));
        } catch (IOException e) {
            throw new LobosException("cannot list " + sys + ": " + e.getMessage(), "is sysfs mounted?");
        }
        return out;
    }

    public Optional<NetLink> find(String name) {
        Path p = sys.resolve(name);
        return Files.isDirectory(p) ? Optional.of(read(p)) : Optional.empty();
    }

    private static NetLink read(Path p) {
        String driver = null;
        try {
            Path d = p.resolve("device/driver");
            if (Files.exists(d)) driver = Files.readSymbolicLink(d).getFileName().toString();
        } catch (IOException | UnsupportedOperationException e) {
            driver = null;
        }
        int flags = (int) number(p.resolve("flags"), 0);
        return new NetLink(p.getFileName().toString(), text(p.resolve("address")).orElse(""), driver, (flags & 1) != 0,
                text(p.resolve("carrier")).map("1"::equals).orElse(false), (int) number(p.resolve("speed"), -1),
                text(p.resolve("operstate")).orElse("unknown"), (int) number(p.resolve("type"), 0),
                text(p.resolve("device/modalias")).orElse(null));
    }

    private static Optional<String> text(Path p) {
        try {
            return Optional.of(Files.readString(p).strip());
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // carrier and speed cannot be read while the link is down
        }
    }

    private static long number(Path p, long fallback) {
        return text(p).map(s -> {
            try {
                return s.startsWith("0x") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s);
            } catch (NumberFormatException e) {
                return fallback;
            }
        }).orElse(fallback);
    }

    /** Sets the link up. */
    public void up(String name) {
        control.up(name);
    }

    /**
     * Waits until {@code name} has carrier, at most {@code wait}; returns whether it has.
     * A virtual link has carrier as soon as it is up; a real one needs autonegotiation (1-3 s).
     */
    public boolean awaitCarrier(String name, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            if (find(name).map(NetLink::carrier).orElse(false)) return true;
            if (System.nanoTime() >= deadline) return false;
            Thread.sleep(20);
        }
    }
}
