package lobos.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import lobos.config.BootEntry;
import lobos.path.PathResolver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of boot-shell input, in kboot's order, and each restricted-mode refusal. */
class InterpreterTest {
    static final String KBOOT = """
            default=linux
            linux="//boot/vmlinuz console=ttyS0"
            rescue="//boot/vmlinuz single"
            """;

    @TempDir
    Path tmp;

    FakeLoader loader;
    final StringWriter text = new StringWriter();
    final List<BootEntry> booted = new ArrayList<>();
    final List<List<String>> ran = new ArrayList<>();
    final List<Path> roots = new ArrayList<>();
    Path sda1;

    @BeforeEach
    void disks() throws Exception {
        loader = new FakeLoader(KBOOT);
        sda1 = Files.createDirectories(tmp.resolve("sda1"));
        Files.createDirectories(sda1.resolve("boot/grub"));
        Files.writeString(sda1.resolve("boot/vmlinuz"), "not really a kernel");
        Files.writeString(sda1.resolve("boot/initrd.img"), "initrd");
        loader.devices.put("sda1", sda1);
        loader.booted = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(loader.booted.resolve("etc"));
        Files.writeString(loader.booted.resolve("etc/fstab"), "/dev/sda2 / ext4 defaults 0 1\n");
    }

    Interpreter shell(String kboot) {
        if (kboot != null) loader.conf = lobos.config.kboot.KbootConf.parse(kboot, "/etc/kboot.conf");
        return new Interpreter(loader, Access.of(loader.conf), new PrintWriter(text, true), booted::add, (argv, root) -> {
            ran.add(argv);
            roots.add(root);
            return argv.contains("fail") ? 3 : 0;
        });
    }

    String out() {
        String s = text.toString();
        text.getBuffer().setLength(0);
        return s;
    }

    @Test
    void aLabelBootsWhatItHolds() {
        Interpreter sh = shell(null);
        sh.run("rescue");
        assertThat(booted).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo("rescue");
            assertThat(e.kernel()).isEqualTo("//boot/vmlinuz");
            assertThat(e.cmdline()).isEqualTo("single");
        });
        sh.run("linux init=/bin/sh"); // kboot: extra words follow the label's
        assertThat(booted.get(1).cmdline()).isEqualTo("console=ttyS0 init=/bin/sh");
    }

    @Test
    void aVariableIsExpandedAndBooted() {
        Interpreter sh = shell(null);
        sh.run("set mine=\"sda1:/boot/vmlinuz initrd=sda1:/boot/initrd.img quiet\"");
        sh.run("set");
        assertThat(out()).isEqualTo("mine=sda1:/boot/vmlinuz initrd=sda1:/boot/initrd.img quiet\n");
        sh.run("mine loglevel=7");
        assertThat(booted.getLast().kernel()).isEqualTo("sda1:/boot/vmlinuz");
        assertThat(booted.getLast().initrds()).containsExactly("sda1:/boot/initrd.img");
        assertThat(booted.getLast().cmdline()).isEqualTo("quiet loglevel=7");
        sh.run("unset mine");
        sh.run("mine");
        assertThat(out()).isEqualTo("lobos: mine: not a label, command or program (help shows the commands)\n");
        assertThat(sh.status()).isEqualTo(1);
    }

    @Test
    void aKernelPathTakesInitrdRootAndTheRestAsCommandLine() {
        Interpreter sh = shell(null);
        sh.run("sda1:/boot/vmlinuz initrd=sda1:/boot/initrd.img root=/dev/sda2 console=ttyS0");
        BootEntry e = booted.getLast();
        assertThat(e.kernel()).isEqualTo("sda1:/boot/vmlinuz");
        assertThat(e.initrds()).containsExactly("sda1:/boot/initrd.img");
        assertThat(e.cmdline()).isEqualTo("root=/dev/sda2 console=ttyS0");
    }

    @Test
    void cdMakesRelativeKernelPathsAbsolute() {
        Interpreter sh = shell(null);
        sh.run("cd sda1:/boot");
        sh.run("pwd");
        assertThat(out()).isEqualTo("/dev/sda1:/boot\n"); // the canonical text of the path
        sh.run("./vmlinuz initrd=initrd.img quiet");
        assertThat(booted.getLast().kernel()).isEqualTo("/dev/sda1:/boot/vmlinuz");
        assertThat(booted.getLast().initrds()).containsExactly("/dev/sda1:/boot/initrd.img");
        sh.run("cd sda1:/nothere");
        assertThat(out()).startsWith("lobos: /dev/sda1:/nothere: no such directory");
        sh.run("pwd");
        assertThat(out()).isEqualTo("/dev/sda1:/boot\n");
    }

    @Test
    void lsCatAndFetchReachDevicesAndTheLoader() throws Exception {
        Interpreter sh = shell(null);
        sh.run("ls sda1:/boot");
        assertThat(out()).isEqualTo("grub/\ninitrd.img\nvmlinuz\n");
        sh.run("cat /etc/fstab"); // the booted system
        assertThat(out()).isEqualTo("/dev/sda2 / ext4 defaults 0 1\n");
        Path dest = Files.createDirectories(tmp.resolve("loader-tmp"));
        sh.run("fetch sda1:/boot/initrd.img /" + dest);
        assertThat(Files.readString(dest.resolve("initrd.img"))).isEqualTo("initrd");
        assertThat(out()).isEqualTo(dest.resolve("initrd.img") + "  6 bytes\n");
        sh.run("cat sda1:/boot/missing");
        assertThat(out()).startsWith("lobos: /dev/sda1:/boot/missing: no such file");
    }

    @Test
    void anythingElseRunsAsAProgramWithPathsSubstituted() throws Exception {
        Interpreter sh = shell(null);
        sh.run("echo hello /etc/fstab sda1:/boot/vmlinuz -n");
        assertThat(ran.getLast()).containsExactly(Programs.inPath("echo").toString(), "hello",
                loader.booted.resolve("etc/fstab").toString(), sda1.resolve("boot/vmlinuz").toString(), "-n");
        assertThat(roots.getLast()).isNull();
        // a program of the booted system runs there, with chroot
        Path tool = Files.createDirectories(loader.booted.resolve("sbin")).resolve("tool");
        Files.writeString(tool, "#!/bin/sh\necho tool\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        sh.run("/sbin/tool /etc/fstab fail");
        assertThat(ran.getLast()).containsExactly("/sbin/tool", "/etc/fstab", "fail");
        assertThat(roots.getLast()).isEqualTo(loader.booted);
        assertThat(out()).isEqualTo("lobos: /sbin/tool ended with status 3\n");
        assertThat(sh.status()).isEqualTo(3 > 0 ? 1 : 0);
    }

    @Test
    void internalCommands() throws Exception {
        Interpreter sh = shell(null);
        sh.run("help");
        assertThat(out()).contains("cd [PATH]").contains("dmesg").contains("poweroff");
        sh.run("log");
        assertThat(out()).isEqualTo("lobos: ready\n");
        sh.run("dmesg");
        assertThat(out()).isEqualTo("[    0.000000] Linux version test\n");
        sh.run("devices");
        assertThat(out()).startsWith("NAME");
        sh.run("list");
        assertThat(out()).isEqualTo("* linux  linux  [/etc/kboot.conf:2]\n  rescue  rescue  [/etc/kboot.conf:3]\n");
        sh.run("reboot");
        sh.run("poweroff");
        assertThat(loader.reboots).isOne();
        assertThat(loader.poweroffs).isOne();
        assertThat(sh.run("menu")).isEqualTo(Interpreter.Next.MENU);
        assertThat(sh.run("exit")).isEqualTo(Interpreter.Next.EXIT);
        sh.run("boot");
        assertThat(booted.getLast().id()).isEqualTo("linux");
    }

    @Test
    void theLoadersCommandsRun() {
        List<List<String>> calls = new ArrayList<>();
        loader.extra.put("dhcp", new Loader.Command() {
            @Override
            public String help() {
                return "dhcp [IFACE]          ask for an address";
            }

            @Override
            public int run(List<String> args, PrintWriter out) {
                calls.add(args);
                out.println("lease 192.0.2.10");
                return 0;
            }
        });
        Interpreter sh = shell(null);
        sh.run("dhcp eth0");
        assertThat(calls).containsExactly(List.of("eth0"));
        assertThat(out()).isEqualTo("lease 192.0.2.10\n");
        sh.run("help");
        assertThat(out()).contains("dhcp [IFACE]");
    }

    @Test
    void restrictedModeRefusesEachKindOfInputButBootsLabels() {
        Interpreter sh = shell("restricted=true\n" + KBOOT);
        String labels = "; labels: linux rescue\n";
        for (String[] c : new String[][] {
            {"ls //", "ls"}, {"cd sda1:/", "cd"}, {"cat /etc/fstab", "cat"}, {"set a=b", "set"},
            {"fetch sda1:/boot/vmlinuz", "fetch"}, {"devices", "devices"}, {"dmesg", "dmesg"}, {"reboot", "reboot"},
            {"sda1:/boot/vmlinuz root=/dev/sda2", "typing a kernel path"}, {"linux init=/bin/sh", "changing an entry's arguments"},
            {"boot linux single", "changing an entry's arguments"}, {"echo hi", "running programs"},
        }) {
            sh.run(c[0]);
            assertThat(out()).as(c[0]).isEqualTo("lobos: restricted: " + c[1] + " is not allowed (kboot.conf sets no password=)" + labels);
            assertThat(sh.status()).as(c[0]).isEqualTo(1);
        }
        assertThat(booted).isEmpty();
        assertThat(ran).isEmpty();
        assertThat(loader.reboots).isZero();
        sh.run("rescue");
        sh.run("boot linux");
        assertThat(booted).extracting(BootEntry::id).containsExactly("rescue", "linux");
        sh.run("list");
        assertThat(out()).contains("rescue");
    }

    @Test
    void thePasswordUnlocksRestrictedMode() {
        String hash = ShaCrypt.hash("letmein", ShaCrypt.DEFAULT_ROUNDS);
        Access access = new Access(true, hash);
        assertThat(access.locked()).isTrue();
        assertThat(access.refusal("the shell")).isEqualTo("lobos: restricted: the shell is not allowed without the password");
        assertThat(access.unlock("letme")).isFalse();
        assertThat(access.locked()).isTrue();
        assertThat(access.unlock("letmein")).isTrue();
        assertThat(access.locked()).isFalse();
        assertThat(new Access(true, null).unlock("anything")).isFalse();
        // kboot.conf's password= in single quotes, where $ does not expand
        var conf = lobos.config.kboot.KbootConf.parse("restricted=true\npassword='" + hash + "'\n", "/etc/kboot.conf");
        assertThat(conf.password()).isEqualTo(hash);
        assertThat(conf.warnings()).isEmpty();
        assertThat(conf.labels()).isEmpty();
        Access fromConf = Access.of(conf);
        assertThat(fromConf.locked()).isTrue();
        assertThat(fromConf.unlock("letmein")).isTrue();
        assertThat(new Access(false, null).locked()).isFalse();
    }

    @Test
    void noFailureEndsTheShell() {
        Interpreter sh = new Interpreter(loader, Access.of(loader.conf), new PrintWriter(text, true), entry -> {
            throw new OutOfMemoryError("Java heap space");
        }, (argv, root) -> {
            throw new IllegalStateException("bug");
        });
        assertThat(sh.run("linux")).isEqualTo(Interpreter.Next.STAY);
        assertThat(out()).isEqualTo("lobos: out of memory (Java heap space); the loader goes on\n");
        sh.run("echo x");
        assertThat(out()).isEqualTo("lobos: internal error: java.lang.IllegalStateException: bug (please report it)\n");
        sh.run("cat 'unterminated");
        assertThat(out()).isEqualTo("lobos: unterminated ' quote\n");
        sh.run("cat");
        assertThat(out()).isEqualTo("lobos: missing argument (usage: cat PATH)\n");
    }

    @Test
    void completionOffersCommandsLabelsDevicesAndPaths() {
        Completions c = new Completions(location -> loader.locator().list(location));
        List<String> names = new ArrayList<>(Interpreter.COMMANDS.keySet());
        names.addAll(List.of("linux", "rescue"));
        PathResolver resolver = new PathResolver(new PathResolver.Context(Set.of(), Set.of("sda1"),
                new lobos.path.Location.DeviceFile(new lobos.path.DeviceRef.Named("sda1"), "/boot")));
        assertThat(c.complete(0, "re", names, Set.of("sda1"), resolver)).extracting(Completions.Candidate::word)
                .containsExactly("reboot", "rescue");
        assertThat(c.complete(0, "sd", names, Set.of("sda1"), resolver)).containsExactly(
                new Completions.Candidate("sda1:/", false));
        assertThat(c.complete(1, "sda1:/bo", names, Set.of("sda1"), resolver)).containsExactly(
                new Completions.Candidate("sda1:/boot/", false));
        assertThat(c.complete(1, "sda1:/boot/", names, Set.of("sda1"), resolver)).extracting(Completions.Candidate::word)
                .containsExactly("sda1:/boot/grub/", "sda1:/boot/initrd.img", "sda1:/boot/vmlinuz");
        // relative to the current directory
        assertThat(c.complete(1, "vm", names, Set.of("sda1"), resolver)).containsExactly(
                new Completions.Candidate("vmlinuz", true));
        assertThat(c.complete(1, "sda1:/nothere/x", names, Set.of("sda1"), resolver)).isEmpty();
    }

    @Test
    void ctrlCCancelsALoadAndTheSessionGoesOn() throws Exception {
        loader.loadGate = new CountDownLatch(1);
        StringWriter w = new StringWriter();
        boolean[] pressed = {false};
        BootRunner runner = new BootRunner(loader, new PrintWriter(w, true), new PrintStream(new ByteArrayOutputStream()),
                millis -> {
                    if (loader.loadStarted.getCount() == 0 && !pressed[0]) {
                        pressed[0] = true;
                        return true;
                    }
                    Thread.sleep(millis);
                    return false;
                }, BootRunner.Gate.OPEN);
        runner.boot(loader.menu.entries().getFirst());
        assertThat(loader.cancelled).isTrue();
        assertThat(loader.executed).isEmpty();
        assertThat(w.toString()).isEqualTo("lobos: booting linux: //boot/vmlinuz (Ctrl-C cancels)\nlobos: cancelled loading linux\n");
        assertThat(runner.lastError()).isEqualTo("lobos: cancelled loading linux");
    }
}
