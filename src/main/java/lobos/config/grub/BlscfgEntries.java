package lobos.config.grub;

import java.util.ArrayList;
import lobos.config.bls.BlsEntry;

/**
 * What Fedora's GRUB {@code blscfg} command (grub-core/commands/blscfg.c in Fedora's GRUB) makes
 * of a Boot Loader Spec entry: a menu entry whose body is GRUB script text,
 * <pre>
 * load_video
 * set gfxpayload=keep
 * insmod gzio
 * linux ($root)LINUX OPTIONS
 * initrd ($root)EARLY... ($root)INITRD...
 * devicetree ($root)DTB
 * </pre>
 * where {@code $name} references in the options (Fedora's {@code $kernelopts},
 * {@code $tuned_params}) are replaced by the GRUB variable's value when {@code blscfg} runs
 * (an unset variable disappears), an entry without options gets {@code $default_kernelopts},
 * and {@code $early_initrd} names initrds (microcode) that go first, in the directory of the
 * first initrd. The text is then read by GRUB's parser like any entry body.
 */
final class BlscfgEntries {
    private BlscfgEntries() {}

    static String body(BlsEntry e, Env env, boolean loadVideo) {
        var body = new StringBuilder();
        if (loadVideo) body.append("load_video\n");
        body.append("set gfxpayload=keep\ninsmod gzio\n");
        String options = e.options() != null ? expand(e.options(), env) : expand(env.get("default_kernelopts"), env);
        body.append("linux ($root)").append(absolute(e.linux()));
        if (options != null && !options.isBlank()) body.append(' ').append(options);
        body.append('\n');
        var initrds = new ArrayList<String>();
        String early = env.get("early_initrd");
        if (early != null && !early.isBlank()) {
            String first = e.initrds().isEmpty() ? e.linux() : e.initrds().getFirst();
            String dir = first.substring(0, first.lastIndexOf('/') + 1);
            for (String name : early.strip().split("\\s+")) initrds.add(dir + name);
        }
        initrds.addAll(e.initrds());
        if (!initrds.isEmpty()) {
            body.append("initrd");
            for (String i : initrds) body.append(" ($root)").append(absolute(i));
            body.append('\n');
        }
        String dtb = e.devicetree() != null ? expand(e.devicetree(), env) : null;
        if (dtb == null && env.get("devicetree") != null) {
            String linuxDir = e.linux().substring(0, e.linux().lastIndexOf('/') + 1);
            dtb = linuxDir + expand(env.get("devicetree"), env);
        }
        if (dtb != null && !dtb.isBlank()) body.append("devicetree ($root)").append(absolute(dtb.strip())).append('\n');
        return body.toString();
    }

    private static String absolute(String path) {
        return path.startsWith("/") ? path : "/" + path;
    }

    /** blscfg's expand_val: each $NAME (or ${NAME}) becomes the variable's value, unset ones vanish. */
    static String expand(String value, Env env) {
        if (value == null) return null;
        var out = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '$' || i > 0 && value.charAt(i - 1) == '\\') {
                out.append(c);
                continue;
            }
            int start = i + 1;
            boolean braced = start < value.length() && value.charAt(start) == '{';
            int end = braced ? start + 1 : start;
            while (end < value.length() && (Character.isLetterOrDigit(value.charAt(end)) && value.charAt(end) < 128
                    || value.charAt(end) == '_')) {
                end++;
            }
            String name = value.substring(braced ? start + 1 : start, end);
            if (braced && end < value.length() && value.charAt(end) == '}') end++;
            String v = name.isEmpty() ? null : env.get(name);
            if (v != null) out.append(v);
            if (name.isEmpty() && !braced) out.append('$');
            i = end - 1;
        }
        if (out.length() > GrubInterpreter.MAX_VALUE) throw new ScriptError("blscfg: options longer than 64 KiB");
        return out.toString();
    }
}
