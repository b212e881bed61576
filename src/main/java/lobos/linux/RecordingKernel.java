package lobos.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A kernel that only records: every call in order, as text, failing the calls it is told to
 * fail with the given errno. Host tests use it, and so do dry runs ({@code lobos init
 * --dry-run}, the image builder's training run), which must never touch the real kernel.
 * Memory files are temp files; netlink sockets are {@link FakeNetlinkSocket}s that receive only
 * what a test injects.
 */
public final class RecordingKernel implements Kernel {
    /** Synchronized: a hotplug thread loads modules while the main flow runs. */
    public final List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Integer> failures = new HashMap<>();
    private final Map<Integer, FakeNetlinkSocket> netlink = new HashMap<>();
    private final Path tempDir;
    private boolean loaded;
    /** What the last kexec_file_load received: the initrd's bytes as they were at load time. */
    public byte[] loadedInitrd;

    public RecordingKernel(Path tempDir) {
        this.tempDir = tempDir;
    }

    private volatile Consumer<String> onCall = call -> {};

    /**
     * Tells {@code listener} every call after it is recorded ("finit_module /lib/.../sd_mod.ko []"),
     * so a test can play the kernel's part: make the devices a driver would make.
     */
    public RecordingKernel onCall(Consumer<String> listener) {
        this.onCall = listener;
        return this;
    }

    /** Makes every later call named {@code call} ("kexec_file_load", "umount"...) fail with errno. */
    public RecordingKernel failing(String call, Errno errno) {
        failures.put(call, errno.number);
        return this;
    }

    private void record(String call, String text) {
        record(call, text, text);
    }

    /** Records {@code call text}; a failure names {@code target}, as {@link LinuxKernel} does. */
    private void record(String call, String text, String target) {
        calls.add(call + " " + text);
        onCall.accept(call + " " + text);
        Integer errno = failures.get(call);
        if (errno != null) {
            String hint = switch (call) {
                case "kexec_file_load" -> Hints.kexec(errno);
                case "kexec_load" -> Hints.kexecLoad(errno);
                case "mount", "umount" -> Hints.mount(errno);
                case "finit_module" -> Hints.module(errno);
                default -> null;
            };
            throw new KernelException(call, target, errno, hint);
        }
    }

    @Override
    public Arch arch() {
        return Arch.X86_64;
    }

    @Override
    public Uname uname() {
        return new Uname("Linux", "test", "6.1.0-test", "#1", "x86_64");
    }

    @Override
    public void kexecFileLoad(Path kernel, Path initrd, String cmdline) {
        record("kexec_file_load", kernel + " " + initrd + " [" + cmdline + "]", kernel.toString());
        try {
            loadedInitrd = initrd == null ? null : Files.readAllBytes(initrd);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        loaded = true;
    }

    // --- kexec_load ---

    /** What the last kexec_load received. */
    public List<KexecSegment> loadedSegments = List.of();
    public long loadedEntry;

    @Override
    public void kexecLoad(long entry, List<KexecSegment> segments) {
        record("kexec_load", "entry=0x" + Long.toHexString(entry) + " " + segments, "entry 0x" + Long.toHexString(entry));
        // copied: a mapped file's segment lives only as long as the load
        loadedSegments = segments.stream().map(s -> new KexecSegment(s.bytes(), s.address(), s.memorySize())).toList();
        loadedEntry = entry;
        loaded = true;
    }

    /** What {@link #kernelLog} returns. */
    public String kernelLog = "[    0.000000] Linux version 6.1.0-test\n";

    @Override
    public String kernelLog() {
        return kernelLog;
    }

    // --- end of kexec_load ---

    @Override
    public void kexecUnload() {
        record("kexec_unload", "");
        loaded = false;
    }

    @Override
    public boolean kexecLoaded() {
        return loaded;
    }

    /**
     * Thrown by {@link #reboot}: a real reboot does not return either. An Error, so that code
     * which survives its own bugs by catching RuntimeException still lets it through.
     */
    public static final class Rebooted extends Error {
        public Rebooted(RebootCommand command) {
            super("reboot (" + command + ")");
        }
    }

    @Override
    public void reboot(RebootCommand command) {
        record("reboot", command.name());
        throw new Rebooted(command);
    }

    @Override
    public void mount(String source, Path target, String type, long flags, String data) {
        record("mount", source + " " + target + " " + type + " 0x" + Long.toHexString(flags) + " " + data);
    }

    @Override
    public void umount(Path target, int flags) {
        record("umount", target + " " + flags, target.toString());
    }

    @Override
    public void loadModule(Path module, String params) {
        record("finit_module", module + " [" + params + "]", module.toString());
    }

    /**
     * The netlink socket of {@code protocol} that {@link #openNetlink} hands out next, or has
     * handed out and not closed: a test feeds it datagrams before or after the code opens it.
     */
    public synchronized FakeNetlinkSocket netlink(int protocol) {
        FakeNetlinkSocket socket = netlink.get(protocol);
        if (socket == null || socket.closed()) {
            socket = new FakeNetlinkSocket(protocol, this::recordSend);
            netlink.put(protocol, socket);
        }
        return socket;
    }

    private synchronized void recordSend(String text) {
        int space = text.indexOf(' ');
        record(text.substring(0, space), text.substring(space + 1));
    }

    @Override
    public NetlinkSocket openNetlink(int protocol, int groups) {
        Integer errno = failures.get("socket");
        if (errno != null) throw new KernelException("socket", "netlink protocol " + protocol, errno, null);
        return netlink(protocol);
    }

    @Override
    public void sync() {
        record("sync", "");
    }

    @Override
    public Path memoryFile(String name) throws IOException {
        return Files.createTempFile(tempDir, name, ".mem");
    }
}
