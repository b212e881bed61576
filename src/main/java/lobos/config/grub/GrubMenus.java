package lobos.config.grub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import lobos.config.BootEntry;
import lobos.config.Menu;
import lobos.config.MenuItem;
import lobos.config.PathContext;
import lobos.config.Source;

/**
 * Builds the menu GRUB would show from what a script defined ({@link GrubItem}s): each entry's
 * body runs on a copy of the variables as the script left them and what it loads becomes a
 * {@link BootEntry}; a submenu's body runs in a new context that sees only exported variables,
 * as in GRUB; {@code $default} and {@code $timeout} of each context give its default and
 * countdown.
 */
final class GrubMenus {
    private final GrubInterpreter in;
    private final Set<String> ids = new HashSet<>();

    GrubMenus(GrubInterpreter in) {
        this.in = in;
    }

    /** The menu of a context from the items it defined, once its script has run. */
    Menu build(GrubInterpreter.Context ctx, String title, Source source) {
        Env env = ctx.env;
        var defs = new ArrayList<GrubItem.Definition>();
        for (GrubItem item : ctx.items) if (item instanceof GrubItem.Definition d) defs.add(d);
        String spec = env.get("default");
        int defaultIndex = DefaultEntry.index(defs.stream().map(d -> new String[] {d.title(), d.id()}).toList(), spec);
        String tail = DefaultEntry.tail(spec);
        if (spec != null && !spec.isBlank() && defaultIndex < 0) {
            in.warn(source.file(), source.line(), "default '" + spec + "' names no menu entry: the first entry is used");
        }
        var items = new ArrayList<MenuItem>();
        String defaultId = null;
        int index = -1;
        for (GrubItem o : ctx.items) {
            boolean isDefault = false;
            MenuItem item = switch (o) {
                case GrubItem.Definition d -> {
                    isDefault = ++index == defaultIndex;
                    yield in.stopped ? null : d.submenu() ? submenu(d, env, isDefault ? tail : null) : entry(d, env);
                }
                case GrubItem.Nested n -> n.menu();
                case GrubItem.Booted b -> b.entry();
            };
            if (item != null) items.add(item);
            if (isDefault) {
                defaultId = idOf(item);
                if (defaultId == null) {
                    in.warn(source.file(), source.line(), "default entry '" + spec + "' is not bootable by lobos: the"
                            + " first entry is used");
                }
            }
        }
        String fallback = env.get("fallback");
        if (fallback != null && !fallback.isBlank()) {
            in.warn(source.file(), source.line(), "fallback=" + fallback + " is ignored: lobos does not boot another"
                    + " entry by itself when the default fails");
        }
        return new Menu(title, items, defaultId, timeout(env, source), null, false, source, List.of());
    }

    private static String idOf(MenuItem item) {
        return switch (item) {
            case null -> null;
            case BootEntry e -> e.id();
            case Menu m -> m.defaultId() != null ? m.defaultId() : m.entries().isEmpty() ? null
                    : m.entries().getFirst().id();
        };
    }

    /**
     * GRUB's {@code timeout}: seconds before the default boots; unset or negative waits forever.
     * {@code timeout_style} hidden or countdown only hides the menu during that wait (a key shows
     * it), so it does not change how long lobos waits.
     */
    private Duration timeout(Env env, Source source) {
        String value = env.get("timeout");
        if (value == null) return null;
        String v = value.strip();
        if (v.isEmpty() || !Character.isDigit(v.charAt(0))) {
            if (!v.startsWith("-")) {
                in.warn(source.file(), source.line(), "timeout '" + value + "' is not a number: lobos waits for a choice");
            }
            return null;
        }
        long seconds = TestExpression.strtoul(v);
        return seconds > Integer.MAX_VALUE ? null : Duration.ofSeconds(seconds);
    }

    private Menu submenu(GrubItem.Definition def, Env parent, String defaultTail) {
        Env env = parent.exportedOnly();
        if (defaultTail != null) env.set("default", defaultTail);
        var child = new GrubInterpreter.Context(env);
        String failure = in.runBody(def, child, new LoadedImage(), null);
        if (failure != null) in.warn(def.source(), "submenu '" + def.title() + "' ended early: " + failure);
        Menu menu = build(child, def.title(), def.source());
        if (menu.items().isEmpty()) {
            in.warn(def.source(), "submenu '" + def.title() + "' has no entries lobos can boot");
            return null;
        }
        return menu;
    }

    /** Runs an entry's body on a copy of the variables and turns what it loaded into an entry. */
    private MenuItem entry(GrubItem.Definition def, Env env) {
        var child = new GrubInterpreter.Context(env.copy());
        var state = new GrubInterpreter.EntryState();
        var loaded = new LoadedImage();
        String failure = in.runBody(def, child, loaded, state);
        if (state.failure == null) state.failure = failure;
        String what = "entry '" + def.title() + "'";
        if (state.failure != null) {
            in.warn(def.source(), what + " skipped: " + state.failure);
            return null;
        }
        if (!child.items.isEmpty()) {
            Menu nested = build(child, def.title(), def.source());
            if (nested.items().size() == 1 && nested.items().getFirst() instanceof Menu only
                    && child.items.size() == 1) {
                nested = new Menu(def.title(), only.items(), only.defaultId(), only.timeout(), null, false,
                        def.source(), List.of());
            }
            return nested.items().isEmpty() ? null : nested;
        }
        if (loaded.kind == null) {
            String reason = loaded.special != null ? "it runs '" + loaded.special + "', which is not a kernel"
                    : state.messages.isEmpty() ? "it loads no kernel"
                    : "it loads no kernel (" + String.join("; ", state.messages) + ")";
            in.warn(def.source(), what + " is not listed: " + reason);
            return null;
        }
        return toEntry(def.title(), def.id(), def.source(), loaded, state.messages);
    }

    /** What the script loaded and booted outside any entry, as an entry titled by its kernel. */
    BootEntry booted(LoadedImage image, Source source) {
        String title = "boot " + image.kernel.path();
        return toEntry(title, title, source, image, List.of());
    }

    private BootEntry toEntry(String title, String id, Source source, LoadedImage loaded, List<String> messages) {
        Devices devices = in.devices;
        Devices.Location kernelAt = devices.locate(loaded.kernel.path(), loaded.kernel.root());
        String root = kernelAt.device();
        String kernel = relative(loaded.kernel, root);
        var initrds = loaded.initrds.stream().map(r -> relative(r, root)).toList();
        var modules = loaded.modules.stream()
                .map(r -> r.args().isEmpty() ? relative(r, root) : relative(r, root) + " " + r.args()).toList();
        String devicetree = loaded.devicetree == null ? null : relative(loaded.devicetree, root);
        var context = new PathContext(Devices.identity(devices.main()), devices.contextRoot(root), null, null);
        return new BootEntry(title, uniqueId(id), loaded.kind, kernel, initrds, loaded.cmdline, devicetree, modules,
                false, context, source, withFirmwareNotes(messages, loaded));
    }

    /** The entry's messages, and a note for each firmware disk name its files are read from. */
    private List<String> withFirmwareNotes(List<String> messages, LoadedImage loaded) {
        var refs = new ArrayList<LoadedImage.Ref>();
        refs.add(loaded.kernel);
        refs.addAll(loaded.initrds);
        refs.addAll(loaded.modules);
        if (loaded.devicetree != null) refs.add(loaded.devicetree);
        var notes = new java.util.LinkedHashSet<String>();
        for (LoadedImage.Ref r : refs) {
            String device = in.devices.locate(r.path(), r.root()).device();
            if (Devices.isFirmwareName(device) && !in.devices.isVolumeName(device)) {
                notes.add(in.devices.firmware(device).note());
            }
        }
        if (notes.isEmpty()) return messages;
        var out = new ArrayList<>(messages);
        out.addAll(notes);
        return out;
    }

    /** A path without its device when that is the entry's root, else with it, as GRUB wrote it. */
    private String relative(LoadedImage.Ref ref, String root) {
        Devices.Location at = in.devices.locate(ref.path(), ref.root());
        boolean same = at.device().equals(root)
                || at.volume() != null && at.volume() == in.devices.byName(root);
        if (same) return at.path();
        return "(" + at.device() + ")" + at.path();
    }

    private String uniqueId(String wanted) {
        String id = wanted;
        for (int n = 2; !ids.add(id); n++) id = wanted + "#" + n;
        return id;
    }
}
