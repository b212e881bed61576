package lobos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lobos.build.LobosJars;
import org.junit.jupiter.api.Test;

/**
 * The boot image carries neither lobos.server nor the manager's libraries (LobosJars leaves them
 * out): the CLI must still start there, list every command, and say plainly that the manager
 * is not part of it. Runs lobos's Main in a class loader that cannot see those classes.
 */
class WithoutManagerTest {
    private static final List<String> HIDDEN = List.of(LobosJars.SERVER_PACKAGE.replace('/', '.'), "org.yaml.", "io.undertow.",
            "org.sqlite.", "org.postgresql.", "org.xnio.", "org.jboss.");

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String p : System.getProperty("java.class.path").split(File.pathSeparator)) urls.add(Path.of(p).toUri().toURL());
        PrintStream out = System.out, err = System.err;
        var o = new ByteArrayOutputStream();
        var e = new ByteArrayOutputStream();
        try (var loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                for (String h : HIDDEN) {
                    if (name.startsWith(h)) throw new ClassNotFoundException(name + " (hidden, as in the boot image)");
                }
                return super.loadClass(name, resolve);
            }
        }) {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int exit = (int) loader.loadClass("lobos.cli.Main").getMethod("run", String[].class).invoke(null, (Object) args);
            return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void everyCommandIsListedWithoutTheManager() throws Exception {
        Run r = run("--help");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("server", "nodes", "node", "boot", "netboot");
    }

    @Test
    void theManagersCommandsSayTheyAreNotInThisLobos() throws Exception {
        assertThat(run("server", "--help").exit()).isZero();
        for (String[] args : List.of(new String[] {"server"}, new String[] {"nodes"}, new String[] {"node", "show", "n1"},
                new String[] {"node", "next-boot", "n1", "local"})) {
            Run r = run(args);
            assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(1);
            assertThat(r.err()).contains("lobos: the lobos manager is not part of this lobos", "the boot image leaves it out")
                    .doesNotContain("internal error");
        }
    }
}
