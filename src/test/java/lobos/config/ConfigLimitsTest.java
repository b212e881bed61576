package lobos.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import lobos.config.bls.BlsEntryParser;
import lobos.config.ipxe.IpxeScript;
import lobos.config.kboot.KbootConf;
import lobos.config.syslinux.SyslinuxParser;
import org.junit.jupiter.api.Test;

/** The documented limits (docs/configs.md, "Limits") are enforced and reported with file and line. */
class ConfigLimitsTest {
    private static final String LONG = "x".repeat(70 * 1024);

    @Test
    void longLinesAreCutWithAWarning() {
        Menu syslinux = SyslinuxParser.parse("LABEL a\n  LINUX /a\n  APPEND " + LONG + "\n", "/syslinux.cfg",
                TextLoader.NONE, p -> p, PathContext.NONE);
        assertThat(syslinux.warnings()).extracting(Warning::toString)
                .contains("/syslinux.cfg:3: line longer than 65536 characters; the rest is ignored");
        assertThat(syslinux.entries().getFirst().cmdline().length()).isLessThan(65536);

        Menu ipxe = IpxeScript.parse("#!ipxe\nkernel /a " + LONG + "\nboot\n", "/boot.ipxe", p -> Optional.empty(),
                p -> p, Map.of(), PathContext.NONE);
        assertThat(ipxe.warnings()).extracting(Warning::toString)
                .contains("/boot.ipxe:2: line longer than 65536 characters; the rest is ignored");

        var bls = BlsEntryParser.parse("a.conf", "title A\nlinux /a\noptions " + LONG + "\n", "/loader/entries/a.conf");
        assertThat(bls.warnings()).extracting(Warning::toString)
                .contains("/loader/entries/a.conf:3: line longer than 65536 characters; the rest is ignored");
    }

    @Test
    void entryCountsAreBounded() {
        StringBuilder kboot = new StringBuilder();
        for (int i = 0; i < 10_005; i++) kboot.append("l").append(i).append("=/vmlinuz\n");
        KbootConf conf = KbootConf.parse(kboot.toString(), "/etc/kboot.conf");
        assertThat(conf.labels()).hasSize(10_000);
        assertThat(conf.warnings()).extracting(Warning::toString)
                .contains("/etc/kboot.conf:10001: more than 10000 labels; the rest are ignored");

        StringBuilder syslinux = new StringBuilder();
        for (int i = 0; i < 10_005; i++) syslinux.append("LABEL l").append(i).append("\n LINUX /v\n");
        Menu m = SyslinuxParser.parse(syslinux.toString(), "/syslinux.cfg", TextLoader.NONE, p -> p, PathContext.NONE);
        assertThat(m.entries()).hasSize(10_000);
        assertThat(m.warnings()).anyMatch(w -> w.toString().equals(
                "/syslinux.cfg:20001: more than 10000 labels; the rest are ignored"));
    }
}
