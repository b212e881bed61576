package lobos.cli;

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
import lobos.config.BootEntry;
import lobos.config.ConfigFormat;
import lobos.config.ConfigFormats;
import lobos.config.Discovery;
import lobos.config.Menu;
import lobos.config.MenuItem;
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
            "Show the boot menu found in the configs under each DIR (each treated as a mounted file system):",
            "kboot.conf, syslinux/extlinux/isolinux/pxelinux and iPXE scripts at their usual places."
        })
public final class ListCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", arity = "0..*", description = "File system roots to search (default: /).")
    List<Path> dirs = new ArrayList<>();

    @Option(names = "--json", description = "Print the menu, the configs found and the warnings as JSON.")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<Volume> volumes = new ArrayList<>();
        for (Path dir : dirs.isEmpty() ? List.of(Path.of("/")) : dirs) {
            if (!Files.isDirectory(dir)) {
                throw new LobosException(dir + ": not a directory", "Give the root of a mounted file system.");
            }
            volumes.add(Volume.of(dir.toAbsolutePath().normalize()));
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
        out.println("Timeout: " + timeout(menu.timeout()));
        if (menu.restricted()) out.println("Restricted: only these entries may be booted");
        if (menu.message() != null) out.println("Message:\n" + indent(menu.message(), "  "));
        for (MenuItem item : menu.items()) print(item, menu, out, "");
        List<Warning> warnings = result.warnings();
        if (!warnings.isEmpty()) {
            out.println();
            out.println("Warnings:");
            for (Warning w : warnings) out.println("  " + w);
        }
    }

    private static void print(MenuItem item, Menu top, PrintWriter out, String indent) {
        switch (item) {
            case Menu m -> {
                out.println();
                out.println(indent + m.title() + (m.timeout() != null ? "  [timeout " + timeout(m.timeout()) + "]" : ""));
                for (MenuItem i : m.items()) print(i, top, out, indent + "  ");
            }
            case BootEntry e -> {
                String mark = top.defaultEntry() == e ? "* " : "  ";
                out.println(indent + mark + e.id() + "  " + e.title() + "  [" + e.kind().name().toLowerCase(java.util.Locale.ROOT)
                        + (e.hidden() ? ", hidden" : "") + "]");
                String pad = indent + "      ";
                out.println(pad + "kernel:  " + e.kernel());
                for (String i : e.initrds()) out.println(pad + "initrd:  " + i);
                for (String m : e.modules()) out.println(pad + "module:  " + m);
                if (e.devicetree() != null) out.println(pad + "fdt:     " + e.devicetree());
                out.println(pad + "cmdline: " + e.cmdline());
                if (e.sysappend() != 0) out.println(pad + "sysappend: " + e.sysappend());
                out.println(pad + "source:  " + e.source());
                for (String w : e.warnings()) out.println(pad + "warning: " + w);
            }
        }
    }

    private static String timeout(Duration d) {
        if (d == null) return "none (waits for a choice)";
        if (d.isZero()) return "0 s (boots the default at once)";
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
    }

    private static String indent(String text, String pad) {
        return pad + text.replace("\n", "\n" + pad);
    }
}
