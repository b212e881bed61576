package lobos.cli;

import lobos.Json;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import lobos.kexec.EfiBootManager;
import lobos.linux.Kernel;
import lobos.linux.LinuxKernel;
import lobos.linux.Modules;
import lobos.linux.RebootCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "firmware", mixinStandardHelpOptions = true,
        description = {"List the UEFI firmware's boot entries (Boot####, from efivarfs), or hand the machine to one:"
                + " --next sets BootNext, which the firmware starts once at the next reset; --reboot resets now.",
                "For what kexec cannot start: Windows, another system's EFI loader, the EFI shell. On BIOS there"
                        + " are no such entries: the firmware boots its first disk (docs/boot.md)."},
        footer = {"", "Exit status: 0 done, 1 no UEFI variables or no such entry, 2 bad usage."})
final class FirmwareCommand implements Callable<Integer> {
    @Option(names = "--next", paramLabel = "XXXX", description = "the entry's hexadecimal number, as listed (0001)")
    String next;

    @Option(names = "--reboot", description = "with --next: reset the machine at once")
    boolean reboot;

    @Option(names = "--json", description = "print the entries as JSON")
    boolean json;

    @Option(names = "--root", paramLabel = "DIR", hidden = true, description = "read below DIR instead of / (tests)")
    Path root = Path.of("/");

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        EfiBootManager firmware = new EfiBootManager(root);
        if (root.equals(Path.of("/")) && !firmware.mounted()) mountEfivarfs();
        if (next != null) {
            if (!next.matches("(?i)(boot)?[0-9a-f]{1,4}")) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--next takes a boot entry number such as 0001, not " + next);
            }
            int number = Integer.parseInt(next.replaceFirst("(?i)^boot", ""), 16);
            firmware.setBootNext(number);
            System.out.printf("BootNext = Boot%04X: the firmware starts it at the next reset%n", number);
            if (reboot) {
                new LinuxKernel().sync();
                new LinuxKernel().reboot(RebootCommand.RESTART);
            }
            return Main.OK;
        }
        if (reboot) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--reboot goes with --next");
        }
        List<EfiBootManager.Entry> entries = firmware.entries();
        var bootNext = firmware.bootNext();
        if (json) {
            List<Map<String, Object>> out = new java.util.ArrayList<>();
            for (EfiBootManager.Entry e : entries) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", e.name());
                m.put("description", e.option().description());
                m.put("path", e.option().devicePath());
                m.put("active", e.option().active());
                m.put("current", e.current());
                m.put("next", bootNext.isPresent() && bootNext.get() == e.number());
                m.put("order", e.orderPosition());
                out.add(m);
            }
            System.out.print(Json.write(out));
            return Main.OK;
        }
        if (entries.isEmpty()) System.out.println("the firmware lists no boot entries");
        for (EfiBootManager.Entry e : entries) {
            String marks = (e.current() ? "*" : " ") + (bootNext.isPresent() && bootNext.get() == e.number() ? ">" : " ")
                    + (e.option().active() ? " " : "-");
            System.out.printf("%s %s  %-32s %s%n", marks, e.name(), e.option().description(), e.option().devicePath());
        }
        System.out.println("(* this boot, > BootNext, - inactive; in BootOrder's order)");
        return Main.OK;
    }

    /**
     * Under UEFI without efivarfs mounted (the loader mounts only what it needs): load its
     * module if the image carries it (Debian builds CONFIG_EFIVAR_FS=m) and mount it.
     */
    private static void mountEfivarfs() {
        Path efivars = Path.of("/sys/firmware/efi/efivars");
        if (!java.nio.file.Files.isDirectory(efivars.getParent())) return; // BIOS: the error says so
        Kernel kernel = new LinuxKernel();
        try {
            if (java.nio.file.Files.isRegularFile(Modules.INDEX)) {
                new Modules(kernel, Modules.readIndex(Modules.INDEX), line -> {}).load("efivarfs");
            }
            kernel.mount("efivarfs", efivars, "efivarfs", 0, null);
        } catch (java.io.IOException | lobos.LobosException e) {
            // already mounted, or not possible: entries() reports what it finds
        }
    }
}
