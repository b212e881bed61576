package lobos.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import lobos.server.dhcp.DhcpSettings;
import lobos.server.dhcp.Ipv4;
import org.junit.jupiter.api.Test;

class ServerConfigReaderTest {
    private static final Path FILE = Path.of("/etc/lobos/server.yaml");

    @Test
    void theExampleReads() {
        ServerConfig c = ServerConfigReader.read(Path.of("examples/server/server.yaml"));
        assertThat(c.server().http().getPort()).isEqualTo(8080);
        assertThat(c.server().tftp().getPort()).isEqualTo(69);
        assertThat(c.server().unknown()).isNull();
        assertThat(c.server().database()).isEqualTo("jdbc:sqlite:" + Path.of("examples/server/server.db").toAbsolutePath());
        assertThat(c.dhcp().mode()).isEqualTo(DhcpSettings.Mode.AUTHORITATIVE);
        assertThat(c.dhcp().interfaces()).containsExactly("br0");
        var subnet = c.dhcp().subnets().getFirst();
        assertThat(subnet.toString()).isEqualTo("192.0.2.0/24");
        assertThat(subnet.ranges().getFirst().toString()).isEqualTo("192.0.2.100-192.0.2.199");
        assertThat(subnet.leaseSeconds()).isEqualTo(12 * 3600);
        assertThat(subnet.domain()).isEqualTo("cluster.test");
        assertThat(c.dhcp().pxeFiles()).containsEntry(0, "undionly.kpxe").containsEntry(7, "ipxe.efi").containsEntry(9, "ipxe.efi");
        assertThat(c.profiles().get("debian")).isEqualTo(new Profile.Kernel("debian", "debian/vmlinuz", java.util.List.of("debian/initrd.img"),
                "console=ttyS0 root=/dev/nfs nfsroot=192.0.2.1:/srv/root ip=${ip} hostname=${hostname}"));
        assertThat(c.profiles().get("disk")).isEqualTo(new Profile.Local("disk"));
        assertThat(c.profiles().get("choose")).isEqualTo(new Profile.Menu("choose", java.util.List.of("debian", "rescue")));
        assertThat(c.groups().get("compute").hostname()).isEqualTo("node-*");
        assertThat(c.nodes()).hasSize(3);
        assertThat(c.nodes().getFirst().address()).isEqualTo(Ipv4.parse("192.0.2.11"));
        assertThat(c.loader().kernel()).isEqualTo(Path.of("/srv/lobos/loader/vmlinuz"));
    }

    @Test
    void relativePathsAreRelativeToTheFile() {
        ServerConfig c = ServerConfigReader.parse("server: {files: kernels, database: state/s.db}\n", FILE);
        assertThat(c.server().files()).isEqualTo(Path.of("/etc/lobos/kernels"));
        var boot = ServerConfigReader.parse("dhcp:\n  mode: proxy\n  interfaces: br0\n  boot-files: {uefi-x64: snp.efi, bios: x.kpxe, 11: arm.efi}\n"
                + "  http-boot-files: {uefi-arm64: arm.efi}\n", FILE).dhcp();
        assertThat(boot.pxeFiles()).containsEntry(0, "x.kpxe").containsEntry(7, "snp.efi").containsEntry(9, "snp.efi").containsEntry(11, "arm.efi");
        assertThat(boot.httpFiles()).containsEntry(16, "ipxe.efi").containsEntry(19, "arm.efi");
        assertThat(c.server().database()).isEqualTo("jdbc:sqlite:/etc/lobos/state/s.db");
        assertThat(c.dhcp().mode()).isNull();
    }

    @Test
    void mistakesNameTheLine() {
        error("server:\n  http: [8080\n", 3, "not valid YAML");
        error("server:\n  htp: 8080\n", 2, "unknown key htp in server (known: url, http, tftp");
        error("nodes:\n  - mac: 52:54:00:00:00:01\n    profile: nothing\n", 3, "no profile nothing");
        error("nodes:\n  - mac: 52:54:00:00:00:01\n  - mac: 52-54-00-00-00-01\n", 3, "MAC 52:54:00:00:00:01 is also on line 2");
        error("nodes:\n  - mac: 52:54:00:00:00:0g\n", 2, "is not a MAC address");
        error("nodes:\n  - name: x\n", 2, "a node needs mac:, uuid: or hostname:");
        error("profiles:\n  p:\n    kernel: k\n    cmdline: a=${host}\n", 4, "${host} is not one of ${mac}, ${ip}, ${hostname}, ${uuid}");
        error("profiles:\n  p: disk\n", 2, "profile p: disk is not local, menu or a kernel:");
        // fuzzing finding: a YAML anchor with no key ("&a:") made an empty profile name, and its label threw
        error("profiles:\n  &a :\n    kernel: k\n", 2, "a profile needs a name");
        error("profiles:\n  \"\":\n    kernel: k\n", 2, "a profile needs a name");
        error("profiles:\n  m:\n    menu: [x]\n", 2, "menu m lists x, which is not a kernel profile");
        error("dhcp:\n  mode: authoritative\n  interfaces: [br0]\n", 2, "needs subnets:");
        error("dhcp:\n  interfaces: br0\n  subnets:\n    - network: 192.0.2.1/24\n", 4, "has host bits set");
        error("dhcp:\n  interfaces: br0\n  subnets:\n    - network: 192.0.2.0/24\n      ranges: [192.0.3.1 - 192.0.3.9]\n", 4,
                "is not inside 192.0.2.0/24");
        error("dhcp:\n  interfaces: br0\n  lease: 5\n  subnets:\n    - network: 192.0.2.0/24\n", 3, "must be between 60 s");
        // fuzzing finding: more digits than a long holds
        error("dhcp:\n  interfaces: br0\n  lease: 12222222222222222222222222222222222222\n  subnets:\n    - network: 192.0.2.0/24\n", 3,
                "must be between 60 s and 136 years");
        error("dhcp:\n  interfaces: br0\n  subnets:\n    - network: 192.0.2.0/24\nnodes:\n  - mac: 52:54:00:00:00:01\n    ip: 198.51.100.1\n",
                6, "the address 198.51.100.1 of 52:54:00:00:00:01 is in none of the subnets");
        error("server:\n  unknown: nothing\n", 2, "unknown: nothing is not a profile (or ignore)");
        error("server:\n  http: 1\n  http: 2\n", 3, "http is given twice in server");
        // fuzzing finding: SnakeYAML refuses a tag with white space with an IllegalArgumentException
        error("groups:\n !%e", 0, "not valid YAML: Tag must not contain leading or trailing spaces");
                error("", 0, "the file is empty");
        error("- a\n- b\n", 1, "the file must be a mapping");
        error("a: &a [x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n",
                0, "not valid YAML");
    }

    private static void error(String text, int line, String what) {
        assertThatThrownBy(() -> ServerConfigReader.parse(text, FILE)).isInstanceOfSatisfying(ServerConfigException.class, e -> {
            assertThat(e.getMessage()).as(text).contains(what).startsWith(FILE + (line > 0 ? ":" + line + ": " : ": "));
            assertThat(e.line()).as(e.getMessage()).isEqualTo(line);
        });
    }
}
