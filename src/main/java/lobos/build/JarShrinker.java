package lobos.build;

import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.constantpool.Utf8Entry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

/**
 * Decides which entries of the library jars go into the boot image: the classes lobos can
 * reach, and the resources, less native libraries. Libraries bring much the loader never
 * runs (aircompressor carries 6 MB of native codecs for four platforms next to the pure-Java
 * zstd decoder lobos uses; commons-compress's many formats pull in commons-io, -lang3 and
 * -codec), and every byte in the image is RAM and boot time.
 *
 * <p>Reachability is deliberately generous, so that reflection by name keeps working: every
 * class of lobos.jar is a root, and a kept class keeps every class whose name appears
 * anywhere in its constant pool's strings (class references, descriptors, signatures, and
 * string constants such as MINA's list of security provider registrars), in internal
 * ({@code a/b/C}) or binary ({@code a.b.C}) form. Resources stay (except native libraries),
 * and class names in them ({@code META-INF/services}, JLine's provider files) are roots too.
 * A class loaded from a name computed at run time would be missed: the training run of the
 * image build runs from the shrunk jars and would show it.
 */
final class JarShrinker {
    /** Native libraries: lobos loads none from a jar (the JVM's own come with the runtime). */
    private static final Pattern NATIVE = Pattern.compile(".*\\.(so|so\\.\\d+|dylib|dll|jnilib|a)$");
    private static final Pattern VERSIONED = Pattern.compile("META-INF/versions/\\d+/(.*)");
    private static final Pattern NAME_CHARS = Pattern.compile("[^A-Za-z0-9_$/.]+");

    private JarShrinker() {}

    /**
     * For each jar, the names of the entries to keep. The first jar (lobos.jar) is copied
     * whole but for the manager's classes, and its other classes are the roots.
     */
    static Map<Path, Set<String>> keep(List<Path> jars) throws IOException {
        Map<String, List<Source>> classes = new HashMap<>(); // internal name -> its entries (base and versioned)
        Map<Path, List<String>> resources = new LinkedHashMap<>();
        Deque<String> work = new ArrayDeque<>();
        Set<String> reached = new HashSet<>();
        for (Path jar : jars) {
            List<String> jarResources = new ArrayList<>();
            resources.put(jar, jarResources);
            try (JarFile in = new JarFile(jar.toFile())) {
                for (JarEntry e : Collections.list(in.entries())) {
                    String name = e.getName();
                    if (e.isDirectory()) continue;
                    // the manager's classes stay out of the image (LobosJars.copyLobosJar), so they are no roots
                    if (jar.equals(jars.getFirst()) && name.startsWith(LobosJars.SERVER_PACKAGE)) continue;
                    String className = className(name);
                    if (className != null) {
                        classes.computeIfAbsent(className, k -> new ArrayList<>()).add(new Source(jar, name));
                        if (jar.equals(jars.getFirst()) && reached.add(className)) work.add(className);
                    } else if (!NATIVE.matcher(name).matches()) {
                        jarResources.add(name);
                        for (String ref : names(new String(in.getInputStream(e).readAllBytes(), StandardCharsets.ISO_8859_1))) {
                            if (reached.add(ref)) work.add(ref);
                        }
                    }
                }
            }
        }
        Map<Path, JarFile> open = new HashMap<>();
        try {
            while (!work.isEmpty()) {
                List<Source> sources = classes.get(work.pop());
                if (sources == null) continue; // a JDK class, or one no jar has
                for (Source s : sources) {
                    JarFile in = open.computeIfAbsent(s.jar(), JarShrinker::openJar);
                    byte[] bytes = in.getInputStream(in.getJarEntry(s.entry())).readAllBytes();
                    for (String ref : references(bytes)) {
                        if (classes.containsKey(ref) && reached.add(ref)) work.add(ref);
                    }
                }
            }
        } finally {
            for (JarFile f : open.values()) f.close();
        }
        Map<Path, Set<String>> keep = new LinkedHashMap<>();
        for (Path jar : jars) keep.put(jar, new HashSet<>(resources.get(jar)));
        for (var e : classes.entrySet()) {
            if (!reached.contains(e.getKey())) continue;
            for (Source s : e.getValue()) keep.get(s.jar()).add(s.entry());
        }
        return keep;
    }

    private record Source(Path jar, String entry) {}

    private static JarFile openJar(Path jar) {
        try {
            return new JarFile(jar.toFile());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The class an entry holds ({@code a/b/C}), also for multi-release entries; null for other entries. */
    static String className(String entry) {
        if (!entry.endsWith(".class")) return null;
        var v = VERSIONED.matcher(entry);
        String base = v.matches() ? v.group(1) : entry;
        if (base.equals("module-info.class") || base.startsWith("META-INF/")) return null;
        return base.substring(0, base.length() - ".class".length());
    }

    /** Every class name a class file's constant pool mentions, in internal form. */
    static Set<String> references(byte[] classFile) {
        Set<String> out = new HashSet<>();
        for (PoolEntry p : ClassFile.of().parse(classFile).constantPool()) {
            if (p instanceof Utf8Entry u) out.addAll(names(u.stringValue()));
        }
        return out;
    }

    /**
     * The possible class names in a text, in internal form: runs of name characters, without
     * the {@code [} and {@code L} that descriptors put before a name.
     */
    static Set<String> names(String text) {
        Set<String> out = new HashSet<>();
        for (String token : NAME_CHARS.split(text)) {
            String t = token;
            while (t.startsWith("[")) t = t.substring(1);
            if (t.isEmpty() || (t.indexOf('/') < 0 && t.indexOf('.') < 0)) continue;
            String internal = t.replace('.', '/');
            out.add(internal);
            if (internal.startsWith("L")) out.add(internal.substring(1));
            if (internal.endsWith("/class")) out.add(internal.substring(0, internal.length() - "/class".length()));
        }
        return out;
    }
}
