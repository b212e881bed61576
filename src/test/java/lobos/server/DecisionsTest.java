package lobos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import lobos.net.ManagerRequest;
import lobos.net.ManagerResponse;
import org.junit.jupiter.api.Test;

class DecisionsTest {
    private static final String BASE = "http://192.0.2.1:8080";
    private final NodeDirectory nodes = new NodeDirectory(ServerConfigReader.read(Path.of("examples/server/server.yaml")));

    private static ManagerRequest request(String mac, String uuid, String hostname) {
        return new ManagerRequest(mac, uuid, "x86_64", "0.1.0", "192.0.2.11", hostname, "eth0");
    }

    @Test
    void aNodeOfAGroupBootsTheGroupsKernelAtOnceWithItsValuesFilledIn() {
        var d = Decisions.decide(nodes, request("52:54:00:00:00:01", null, null), null, BASE);
        assertThat(d.profile()).isEqualTo("debian");
        assertThat(d.why()).isEqualTo("profile debian of node node-1 (group compute)");
        assertThat(d.response()).isEqualTo(new ManagerResponse.Menu(
                "debian='http://192.0.2.1:8080/files/debian/vmlinuz initrd=http://192.0.2.1:8080/files/debian/initrd.img"
                        + " console=ttyS0 root=/dev/nfs nfsroot=192.0.2.1:/srv/root ip=192.0.2.11 hostname=node-1'\n"));
    }

    @Test
    void byUuidToTheLocalDisks() {
        var d = Decisions.decide(nodes, request("52:54:00:00:00:99", "4C4C4544-0033-4810-8039-B4C04F4A3132", null), null, BASE);
        assertThat(d.response()).isEqualTo(new ManagerResponse.Local());
        assertThat(d.response().status()).isEqualTo(204);
    }

    @Test
    void aHostNameMatchesTheGroupPattern() {
        var d = Decisions.decide(nodes, request("52:54:00:00:00:42", null, "node-42"), null, BASE);
        assertThat(d.profile()).isEqualTo("debian");
        assertThat(d.why()).isEqualTo("profile debian (group compute)");
    }

    @Test
    void unknownNodesAreNotKnownAndKnownOnesWithoutAProfileStayAtTheMenu() {
        assertThat(Decisions.decide(nodes, request("52:54:00:00:00:77", null, "web-1"), null, BASE).response())
                .isEqualTo(new ManagerResponse.Unknown());
        var plain = new NodeDirectory(ServerConfigReader.parse("""
                profiles:
                  a: {kernel: a/vmlinuz, cmdline: "x='y' ${uuid}"}
                  b: {kernel: "http://elsewhere/b", initrd: b.img}
                nodes:
                  - mac: 52:54:00:00:00:05
                """, Path.of("/etc/lobos/server.yaml")));
        var d = Decisions.decide(plain, request("52:54:00:00:00:05", "u-1", null), null, BASE);
        assertThat(d.profile()).isEqualTo("menu");
        assertThat(d.response().body()).isEqualTo("""
                # lobos server: the menu menu (no default: the loader waits)
                a='http://192.0.2.1:8080/files/a/vmlinuz x='\\''y'\\'' u-1'
                b='http://elsewhere/b initrd=http://192.0.2.1:8080/files/b.img'
                """);
    }

    @Test
    void theNextBootOverrideWins() {
        var d = Decisions.decide(nodes, request("52:54:00:00:00:01", null, null), "rescue", BASE);
        assertThat(d.why()).isEqualTo("next-boot override rescue");
        assertThat(d.response().body()).endsWith(" console=ttyS0 rescue BOOTIF=52:54:00:00:00:01'\n");
    }

    @Test
    void unknownNodesGetTheDefaultProfileWhenTheFileSaysSo() {
        var open = new NodeDirectory(ServerConfigReader.parse("server: {unknown: local}\n", Path.of("/etc/lobos/s.yaml")));
        var d = Decisions.decide(open, request("52:54:00:00:00:77", null, null), null, BASE);
        assertThat(d.response()).isEqualTo(new ManagerResponse.Local());
        assertThat(d.why()).isEqualTo("profile local for unknown nodes");
    }

    @Test
    void labelsAreShellNames() {
        assertThat(Decisions.labelName("rack-1.a")).isEqualTo("rack_1_a");
        assertThat(Decisions.labelName("1st")).isEqualTo("profile_1st");
        assertThat(Decisions.labelName("default")).isEqualTo("profile_default");
        assertThat(Decisions.url("dir/a b+c", BASE)).isEqualTo(BASE + "/files/dir/a%20b%2Bc");
    }
}
