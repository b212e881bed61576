package lobos.init;

import java.io.PrintStream;
import lobos.boot.LoaderMenu;
import lobos.config.BootEntry;
import lobos.config.Menu;
import lobos.config.MenuItem;

/**
 * The menu as plain lines on the console: every visible entry with its id (what to type to
 * boot it), its title and where it came from, submenus indented under their titles.
 */
final class Listing {
    private Listing() {}

    static void print(LoaderMenu menu, PrintStream out) {
        String defaultId = menu.defaultEntry().map(BootEntry::id).orElse(null);
        print(menu, menu.menu(), "  ", defaultId, out);
    }

    private static void print(LoaderMenu loader, Menu menu, String indent, String defaultId, PrintStream out) {
        for (MenuItem item : menu.items()) {
            switch (item) {
                case BootEntry e -> {
                    if (e.hidden()) continue;
                    StringBuilder line = new StringBuilder(indent).append(e.id());
                    if (e.id().equals(defaultId)) line.append(" (default)");
                    if (e.title() != null && !e.title().equals(e.id())) line.append("  \"").append(e.title()).append('"');
                    String origin = loader.origin(e);
                    if (!origin.isEmpty()) line.append("  [").append(origin).append(']');
                    out.println(line);
                }
                case Menu m -> {
                    out.println(indent + (m.title() == null ? "(submenu)" : m.title()) + ":");
                    print(loader, m, indent + "  ", defaultId, out);
                }
            }
        }
    }
}
