package lobos.config.kboot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import lobos.config.BootEntry;
import lobos.config.Menu;
import lobos.config.PathContext;
import org.junit.jupiter.api.Test;

/** The kboot examples of the seed paper (002) and slides (004), verbatim where they are config text. */
class KbootConfTest {
    private static final PathContext CTX = new PathContext("sda1", null, "/etc", null);

    private static Menu menu(String text) {
        return KbootConf.parse(text, "kboot.conf").toMenu(CTX, null);
    }

    @Test
    void slidesLabelExample() {
        // slides, "Configuration variables": "All other variables are treated as labels/macros, e.g.,"
        Menu menu = menu("my_kernel=\"/boot/bzImage-2.6.13.1 root=/dev/sda7\"\n");
        assertThat(menu.warnings()).isEmpty();
        assertThat(menu.entries()).containsExactly(new BootEntry("my_kernel", "my_kernel", BootEntry.Kind.LINUX,
                "/boot/bzImage-2.6.13.1", List.of(), "root=/dev/sda7", null, List.of(), false,
                new PathContext("sda1", "/dev/sda7", "/etc", null), new lobos.config.Source("kboot.conf", 1),
                List.of(), null, 0));
    }

    @Test
    void slidesSessionCommand() {
        // slides, "Example session": kboot /boot: ./bzImage initrd=http://www.mydoma.in/initrd.gz
        KbootConf empty = KbootConf.parse("", "kboot.conf");
        BootEntry e = empty.command("./bzImage initrd=http://www.mydoma.in/initrd.gz", CTX).orElseThrow();
        assertThat(e.kernel()).isEqualTo("./bzImage");
        assertThat(e.initrds()).containsExactly("http://www.mydoma.in/initrd.gz");
        assertThat(e.cmdline()).isEmpty();
        assertThat(e.kind()).isEqualTo(BootEntry.Kind.LINUX);
    }

    @Test
    void slidesConfigurationVariablesAreSettingsNeverEntries() {
        // the slides' table, in its order, with values of the kinds it names
        KbootConf conf = KbootConf.parse("""
                authorized_keys=/etc/kboot/authorized_keys
                default=my_kernel
                delay=2
                initrd=/boot/initrd.gz
                message=/etc/kboot.msg
                mount_rw=true
                restricted=true
                root=/dev/sda7
                timeout=30
                """, "kboot.conf");
        assertThat(conf.warnings()).isEmpty();
        assertThat(conf.authorizedKeys()).isEqualTo("/etc/kboot/authorized_keys");
        assertThat(conf.defaultCommand()).isEqualTo("my_kernel");
        assertThat(conf.delay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(conf.initrd()).isEqualTo("/boot/initrd.gz");
        assertThat(conf.message()).isEqualTo("/etc/kboot.msg");
        assertThat(conf.mountRw()).isTrue();
        assertThat(conf.restricted()).isTrue();
        assertThat(conf.root()).isEqualTo("/dev/sda7");
        assertThat(conf.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(conf.labels()).isEmpty();
        Menu menu = conf.toMenu(CTX, null);
        // Petitboot turned restricted= and mount_rw= into boot entries; they are settings
        assertThat(menu.entries()).extracting(BootEntry::id).containsExactly("default");
        assertThat(menu.restricted()).isTrue();
        assertThat(menu.timeout()).isEqualTo(Duration.ofSeconds(2)); // delay: the first, short wait
    }

    @Test
    void timeoutCountsWhenThereIsNoDelay() {
        assertThat(menu("timeout=7\n").timeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(menu("delay=1.5\n").timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(menu("x=/boot/vmlinuz\n").timeout()).isNull();
    }

    @Test
    void paperPathNamesAsLabels() {
        // the examples of the paper's Table 1 and the slides' "Path names" as label values
        Menu menu = menu("""
                a=/boot/bzImage-2.6.13.2
                b=hda7
                c=/dev/hda7
                d=hda1:/bzImage
                e=/dev/sda6:/foo/bar
                f=server:/home/k/bzImage-a
                g=http://server/foo
                h=ftp://server/foo/bar
                i=/dev/hda2:/bzImage.26133
                j=sda2:/subdir/file
                k=host.my.net:/stuff/kernel
                l=http://host.faraw.ay/kernels/bzImage
                """);
        assertThat(menu.entries()).extracting(BootEntry::id, BootEntry::kind, BootEntry::kernel).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a", BootEntry.Kind.LINUX, "/boot/bzImage-2.6.13.2"),
                org.assertj.core.groups.Tuple.tuple("b", BootEntry.Kind.CHAINLOAD, "hda7"),
                org.assertj.core.groups.Tuple.tuple("c", BootEntry.Kind.CHAINLOAD, "/dev/hda7"),
                org.assertj.core.groups.Tuple.tuple("d", BootEntry.Kind.LINUX, "hda1:/bzImage"),
                org.assertj.core.groups.Tuple.tuple("e", BootEntry.Kind.LINUX, "/dev/sda6:/foo/bar"),
                org.assertj.core.groups.Tuple.tuple("f", BootEntry.Kind.LINUX, "server:/home/k/bzImage-a"),
                org.assertj.core.groups.Tuple.tuple("g", BootEntry.Kind.LINUX, "http://server/foo"),
                org.assertj.core.groups.Tuple.tuple("h", BootEntry.Kind.LINUX, "ftp://server/foo/bar"),
                org.assertj.core.groups.Tuple.tuple("i", BootEntry.Kind.LINUX, "/dev/hda2:/bzImage.26133"),
                org.assertj.core.groups.Tuple.tuple("j", BootEntry.Kind.LINUX, "sda2:/subdir/file"),
                org.assertj.core.groups.Tuple.tuple("k", BootEntry.Kind.LINUX, "host.my.net:/stuff/kernel"),
                org.assertj.core.groups.Tuple.tuple("l", BootEntry.Kind.LINUX, "http://host.faraw.ay/kernels/bzImage"));
    }

    @Test
    void commandExpandsLabelsAndOverridesGlobals() {
        KbootConf conf = KbootConf.parse("""
                root=/dev/sda1
                initrd=/boot/initrd.gz
                my_kernel="/boot/bzImage-2.6.13.1 root=/dev/sda7"
                """, "kboot.conf");
        BootEntry e = conf.command("my_kernel single initrd=/boot/other.gz", CTX).orElseThrow();
        assertThat(e.kernel()).isEqualTo("/boot/bzImage-2.6.13.1");
        assertThat(e.cmdline()).isEqualTo("root=/dev/sda7 single");
        assertThat(e.initrds()).containsExactly("/boot/other.gz");
        assertThat(e.context().root()).isEqualTo("/dev/sda7");
        BootEntry plain = conf.command("/boot/vmlinuz quiet", CTX).orElseThrow();
        assertThat(plain.cmdline()).isEqualTo("root=/dev/sda1 quiet");
        assertThat(plain.initrds()).containsExactly("/boot/initrd.gz");
        assertThat(conf.command("   ", CTX)).isEmpty();
    }

    @Test
    void quotingEscapesAndExpansion() {
        KbootConf conf = KbootConf.parse("""
                a='single $quoted "text"'
                b="double \\"quoted\\" \\$x $a"
                c=back\\ slash\\\\
                d=one;e=two   f=three
                """, "kboot.conf");
        assertThat(conf.warnings()).isEmpty();
        assertThat(conf.labels()).extracting(KbootConf.Label::command).containsExactly(
                "single $quoted \"text\"", "double \"quoted\" $x single $quoted \"text\"", "back slash\\", "one",
                "two", "three");
    }

    @Test
    void doublingValuesAreBounded() {
        StringBuilder text = new StringBuilder("a=xxxxxxxxxxxxxxxx\n");
        for (int i = 0; i < 40; i++) text.append("a=\"$a$a\"\n");
        KbootConf conf = KbootConf.parse(text.toString(), "kboot.conf");
        assertThat(conf.label("a").orElseThrow().command()).hasSize(KbootParser.MAX_VALUE);
        assertThat(conf.warnings()).filteredOn(w -> w.message().startsWith("value longer than 65536")).hasSize(28);
        assertThat(conf.warnings()).filteredOn(w -> w.message().contains("previously at line")).hasSize(12);
    }

    @Test
    void deepLabelChainsAreBounded() {
        StringBuilder text = new StringBuilder("l0=/boot/vmlinuz\n");
        for (int i = 1; i <= 40; i++) text.append("l").append(i).append("=l").append(i - 1).append('\n');
        Menu menu = menu(text.toString());
        assertThat(menu.entries()).hasSize(KbootMenu.MAX_DEPTH + 1);
        assertThat(menu.warnings()).anyMatch(w -> w.message().contains("nested more than 16 deep"));
    }

    @Test
    void moduleNamesMultibootModulesLikeInitrdAndTheGlobalInitrdStaysAway() {
        // lobos's addition: a Multiboot kernel (Xen, a hypervisor, a test kernel) with its modules
        Menu menu = menu("""
                initrd=//boot/initrd.gz
                xen="//boot/xen.gz module=//boot/vmlinuz,//boot/initrd.img module=//boot/ucode.bin dom0_mem=1G"
                linux="//boot/vmlinuz quiet"
                """);
        BootEntry xen = menu.entries().getFirst();
        assertThat(xen.modules()).containsExactly("//boot/vmlinuz", "//boot/initrd.img", "//boot/ucode.bin");
        assertThat(xen.initrds()).isEmpty();
        assertThat(xen.cmdline()).isEqualTo("dom0_mem=1G");
        assertThat(xen.kind()).isEqualTo(BootEntry.Kind.LINUX); // the kernel's header decides at boot
        assertThat(menu.entries().get(1).initrds()).containsExactly("//boot/initrd.gz");
        assertThat(menu.entries().get(1).modules()).isEmpty();
        assertThat(menu.warnings()).isEmpty();
    }

    @Test
    void aTypedCommandTakesModulesToo() {
        BootEntry e = KbootConf.parse("", "kboot.conf").command("sda1:/boot/mb.bin module=sda1:/boot/m1 x=1", CTX)
                .orElseThrow();
        assertThat(e.modules()).containsExactly("sda1:/boot/m1");
        assertThat(e.cmdline()).isEqualTo("x=1");
    }
}
