package lobos.cli;

import lobos.Json;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import lobos.LobosException;
import lobos.config.ConfigFormat;
import lobos.config.ConfigFormats;
import lobos.config.Discovery;
import lobos.config.Menu;
import lobos.config.MenuLines;
import lobos.config.Volume;
import lobos.config.Warning;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lobos list}: the boot menu lobos finds under directories treated as mounted file systems. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = {
            "Show the boot menu found in the configs under each DIR, each treated as a",
            "mounted file system: kboot.conf, GRUB, Boot Loader Spec entries,",
            "syslinux/extlinux/isolinux/pxelinux and iPXE scripts at their usual places.",
            "",
            "Configs that find their file system by UUID or label (GRUB's search",
            "--fs-uuid/--label) need to know which directory is which: write",
            "DIR,uuid=UUID,label=LABEL,device=NAME (any of the three), or give",
            "--uuid/--label/--device with a single DIR. With a single DIR and no",
            "identity, a search for a UUID or label no volume has is taken to mean that",
            "DIR, with a warning.",
            "",
            "A disk or file-system image is not read: lobos reads files only through a",
            "mounted file system. Given an image, lobos list names its partitions and",
            "file systems (type, UUID, label) and how to mount one read-only and list it."
        },
        footer = {"", "Examples:", "  lobos list /mnt/esp,uuid=1234-ABCD /mnt/boot,uuid=d0be5cb9-...",
                "  lobos list --uuid 1234-ABCD --json /mnt/esp"})
public final class ListCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR[,uuid=U][,label=L][,device=D]", arity = "0..*",
            description = "File system roots to search (default: /), each with the identity of its file system.")
    List<String> dirs = new ArrayList<>();

    @Option(names = "--uuid", paramLabel = "UUID", description = "The file-system UUID of the single DIR.")
    String uuid;

    @Option(names = "--label", paramLabel = "LABEL", description = "The file-system label of the single DIR.")
    String label;

    @Option(names = "--device", paramLabel = "NAME", description = "The device name of the single DIR (vda1).")
    String device;

    @Option(names = "--json", description = "Print the menu, the configs found and the warnings as JSON.")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<String> args = dirs.isEmpty() ? List.of("/") : dirs;
        if ((uuid != null || label != null || device != null) && args.size() != 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--uuid, --label and --device name the identity of a single DIR; with several, write DIR,uuid=...");
        }
        List<Volume> volumes = new ArrayList<>();
        for (String arg : args) {
            Volume v = VolumeArgument.parse(arg, spec.commandLine());
            if (uuid != null || label != null || device != null) {
                v = new Volume(v.root(), device != null ? device : v.device(), uuid != null ? uuid : v.uuid(),
                        label != null ? label : v.label());
            }
            if (Files.isRegularFile(v.root())) throw DiskImages.notReadable(v.root());
            if (!Files.isDirectory(v.root())) {
                throw new LobosException(v.root() + ": not a directory", "Give the root of a mounted file system.");
            }
            volumes.add(v);
        }
        Discovery.Result result = Discovery.standard().discover(volumes);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("default", result.menu().defaultId());
            doc.put("timeoutSeconds", seconds(result.menu().timeout()));
            doc.put("configs", result.configs());
            doc.put("menu", result.menu());
            doc.put("warnings", result.warnings().stream().map(Warning::toString).toList());
            out.print(Json.write(doc));
        } else if (!result.configs().isEmpty()) {
            print(result, out);
        }
        out.flush();
        if (result.menu().entries().isEmpty()) {
            err.println("lobos: no boot entries found under " + String.join(", ", volumes.stream()
                    .map(v -> v.root().toString()).toList()));
            err.println("  lobos looks for " + lookedFor());
            err.flush();
            return Main.FAILED;
        }
        return Main.OK;
    }

    private static Double seconds(Duration d) {
        return d == null ? null : d.toMillis() / 1000.0;
    }

    private static String lookedFor() {
        List<String> all = new ArrayList<>();
        for (ConfigFormat f : ConfigFormats.all()) all.addAll(f.locations());
        return String.join(" ", all);
    }

    private static void print(Discovery.Result result, PrintWriter out) {
        Menu menu = result.menu();
        out.println("Configs:");
        for (Discovery.Found f : result.configs()) {
            out.println("  " + f.format() + "  " + f.file() + "  "
                    + (f.error() != null ? "FAILED: " + f.error() : f.entries() + " entries")
                    + (f.sameAs() != null ? ", the same as " + f.sameAs() + "'s: not shown again" : ""));
        }
        out.println("Default: " + (menu.defaultEntry() == null ? "none" : menu.defaultEntry().id()));
        out.println("Timeout: " + MenuLines.timeout(menu.timeout()));
        if (menu.restricted()) out.println("Restricted: only these entries may be booted");
        if (menu.message() != null) out.println("Message:\n" + indent(menu.message(), "  "));
        MenuLines.items(menu).forEach(out::println);
        List<Warning> warnings = result.warnings();
        if (!warnings.isEmpty()) {
            out.println();
            out.println("Warnings:");
            for (Warning w : warnings) out.println("  " + w);
        }
    }

    private static String indent(String text, String pad) {
        return pad + text.replace("\n", "\n" + pad);
    }
}
