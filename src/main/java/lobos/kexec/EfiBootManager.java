package lobos.kexec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The firmware's boot manager through efivarfs ({@code /sys/firmware/efi/efivars}): its boot
 * entries ({@code Boot####}), their order, the one this boot came from, and {@code BootNext},
 * the entry the firmware starts once at the next reset. Handing a machine back to the firmware
 * for what kexec cannot start (Windows, another OS's EFI loader, the EFI shell) is: set
 * BootNext, reboot. Each efivarfs file holds the variable's 4-byte attributes, then its data.
 */
public final class EfiBootManager {
    /** EFI_GLOBAL_VARIABLE, the vendor GUID of the boot manager's variables. */
    static final String GLOBAL = "8be4df61-93ca-11d2-aa0d-00e098032b8c";
    /** NON_VOLATILE | BOOTSERVICE_ACCESS | RUNTIME_ACCESS, as the firmware writes BootNext. */
    static final int ATTRIBUTES = 0x7;
    private static final Pattern BOOT = Pattern.compile("Boot(\\p{XDigit}{4})-" + GLOBAL);
    /** A boot variable larger than this is not one. */
    static final int MAX_BYTES = 64 << 10;

    /** One boot entry, with its number and where it stands. */
    public record Entry(int number, EfiLoadOption option, boolean current, int orderPosition) {
        public String name() {
            return "Boot%04X".formatted(number);
        }
    }

    private final Path efivars;

    /** @param root "/" on a running system, a directory in tests */
    public EfiBootManager(Path root) {
        this.efivars = root.resolve("sys/firmware/efi/efivars");
    }

    /** Whether the system booted through UEFI with efivarfs mounted. */
    public boolean available() {
        return Files.isDirectory(efivars);
    }

    /**
     * Whether efivarfs is there with variables in it: without it mounted, sysfs still shows
     * the empty directory it would be mounted on.
     */
    public boolean mounted() {
        if (!available()) return false;
        try (Stream<Path> files = Files.list(efivars)) {
            return files.findAny().isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    /** The boot entries in BootOrder's order, then the entries BootOrder does not name. */
    public List<Entry> entries() throws IOException {
        if (!available()) throw notUefi();
        List<Integer> order = shorts(read("BootOrder").orElse(new byte[0]));
        Optional<Integer> current = read("BootCurrent").map(EfiBootManager::shorts).filter(l -> !l.isEmpty())
                .map(List::getFirst);
        List<Entry> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(efivars)) {
            for (Path f : files.sorted().toList()) {
                Matcher m = BOOT.matcher(f.getFileName().toString());
                if (!m.matches()) continue;
                int number = HexFormat.fromHexDigits(m.group(1));
                byte[] data = data(Files.readAllBytes(f), f.getFileName().toString());
                EfiLoadOption option;
                try {
                    option = EfiLoadOption.parse(data);
                } catch (KexecException e) {
                    // One broken entry never hides the others.
                    option = new EfiLoadOption(0, "(unreadable: " + e.getMessage() + ")", "", 0);
                }
                out.add(new Entry(number, option, current.isPresent() && current.get() == number, order.indexOf(number)));
            }
        }
        out.sort((a, b) -> Integer.compare(a.orderPosition() < 0 ? Integer.MAX_VALUE : a.orderPosition(),
                b.orderPosition() < 0 ? Integer.MAX_VALUE : b.orderPosition()));
        return out;
    }

    /** BootNext, if set. */
    public Optional<Integer> bootNext() throws IOException {
        return read("BootNext").map(EfiBootManager::shorts).filter(l -> !l.isEmpty()).map(List::getFirst);
    }

    /** Sets BootNext: the firmware starts that entry once, at the next reset. */
    public void setBootNext(int number) throws IOException {
        if (!available()) throw notUefi();
        if (!Files.exists(efivars.resolve("Boot%04X-%s".formatted(number, GLOBAL)))) {
            throw new KexecException("the firmware has no boot entry Boot%04X".formatted(number),
                    "lobos firmware lists the entries it has");
        }
        ByteBuffer b = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN).putInt(ATTRIBUTES).putShort((short) number);
        Path file = efivars.resolve("BootNext-" + GLOBAL);
        try {
            Files.write(file, b.array());
        } catch (IOException e) {
            throw new KexecException("cannot write " + file + ": " + e.getMessage(), "writing EFI variables needs root;"
                    + " if the file exists and is immutable, `chattr -i " + file + "` first", e);
        }
    }

    private Optional<byte[]> read(String name) throws IOException {
        Path f = efivars.resolve(name + "-" + GLOBAL);
        if (!Files.isRegularFile(f)) return Optional.empty();
        return Optional.of(data(Files.readAllBytes(f), name));
    }

    /** The variable's data: efivarfs puts the 4-byte attributes first. */
    private static byte[] data(byte[] file, String name) {
        if (file.length < 4 || file.length > MAX_BYTES) {
            throw new KexecException("EFI variable " + name + " is " + file.length + " bytes", "efivarfs gave odd data");
        }
        return java.util.Arrays.copyOfRange(file, 4, file.length);
    }

    private static List<Integer> shorts(byte[] data) {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i + 1 < data.length; i += 2) out.add(b.getShort(i) & 0xffff);
        return out;
    }

    private KexecException notUefi() {
        return new KexecException("no EFI variables at " + efivars, "this system did not boot through UEFI (or efivarfs"
                + " is not mounted: mount -t efivarfs efivarfs " + efivars + "); on BIOS the firmware has no boot"
                + " entries lobos can choose: it boots its first disk, so lobos cannot hand a machine to another"
                + " boot loader except by rebooting");
    }
}
