package lobos.config.grub;

import java.util.List;
import lobos.config.BootEntry;
import lobos.config.Menu;
import lobos.config.Source;

/** What a GRUB script adds to the menu of its context while it runs, in order. */
sealed interface GrubItem {
    /** A {@code menuentry} or {@code submenu} as the script defined it; its body runs when the menu is built. */
    record Definition(String title, String id, List<String> positional, List<Node> body, Source source,
            boolean submenu) implements GrubItem {}

    /** A menu that {@code configfile} (or {@code normal FILE}) showed while the script ran. */
    record Nested(Menu menu) implements GrubItem {}

    /** A kernel loaded and booted by the script itself, outside any entry ({@code linux ...; boot}). */
    record Booted(BootEntry entry) implements GrubItem {}
}
