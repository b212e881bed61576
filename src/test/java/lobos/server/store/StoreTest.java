package lobos.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;
import lobos.server.dhcp.Ipv4;
import lobos.server.dhcp.Lease;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The same behaviour from SQLite (a file) and PostgreSQL (a server this test starts). */
class StoreTest {
    private static PostgresServer postgres;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPostgres() throws Exception {
        try {
            postgres = PostgresServer.start();
        } catch (org.opentest4j.TestAbortedException e) {
            postgres = null; // the PostgreSQL cases skip themselves
        }
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) postgres.close();
    }

    private String url(String db) throws Exception {
        if (db.equals("sqlite")) return "jdbc:sqlite:" + dir.resolve("state/server.db");
        org.junit.jupiter.api.Assumptions.assumeTrue(postgres != null, "no PostgreSQL here");
        // a fresh schema per test, in the one server
        String schema = "t" + Long.toHexString(System.nanoTime());
        try (var c = DriverManager.getConnection(postgres.url()); var s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return postgres.url() + "&currentSchema=" + schema;
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void leasesSurviveReopening(String db) throws Exception {
        String url = url(db);
        Lease bound = new Lease(Ipv4.parse("192.0.2.100"), "52:54:00:00:00:01", "01525400000001", "node1", 1000, 4600_000, Lease.State.BOUND);
        Lease forever = new Lease(Ipv4.parse("192.0.2.77"), "52:54:00:00:00:02", null, null, 1000, Long.MAX_VALUE, Lease.State.BOUND);
        try (Store s = Store.open(url)) {
            assertThat(s.schemaVersion()).isEqualTo(1);
            s.save(bound);
            s.save(forever);
            s.save(bound.with(Lease.State.RELEASED, 2000));
        }
        try (Store s = Store.open(url)) {
            assertThat(s.leases()).containsExactlyInAnyOrder(bound.with(Lease.State.RELEASED, 2000), forever);
            assertThat(s.schemaVersion()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void eventsInOrderTheInventoryKeepsWhatItKnows(String db) throws Exception {
        try (Store s = Store.open(url(db))) {
            s.record(new NodeUpdate("52:54:00:00:00:01", null, "node1", "192.0.2.11", null, "bios", null, "dhcp"), "server", "dhcp", "ip=192.0.2.11");
            s.record(new NodeUpdate("52:54:00:00:00:02", null, null, null, null, null, null, "dhcp"), "server", "dhcp", "");
            s.record(new NodeUpdate("52:54:00:00:00:01", "4c4c4544-0033-4810-8039-b4c04f4a3132", null, null, "n1", "x86_64", "0.1.0",
                    "kexec"), "loader", "kexec", "cmdline=x");
            var n = s.node("node1").orElseThrow();
            assertThat(n.ip()).isEqualTo("192.0.2.11");
            assertThat(n.uuid()).isEqualTo("4c4c4544-0033-4810-8039-b4c04f4a3132");
            assertThat(n.arch()).isEqualTo("x86_64");
            assertThat(n.state()).isEqualTo("kexec");
            assertThat(s.node("52-54-00-00-00-01")).contains(n);
            assertThat(s.node("4C4C4544-0033-4810-8039-B4C04F4A3132")).contains(n);
            assertThat(s.node("192.0.2.11")).contains(n);
            assertThat(s.events("52:54:00:00:00:01", 10)).extracting(e -> e.source() + " " + e.type() + " " + e.detail())
                    .containsExactly("server dhcp ip=192.0.2.11", "loader kexec cmdline=x");
            assertThat(s.events("52:54:00:00:00:01", 1)).extracting(EventRecord::type).containsExactly("kexec");
            assertThat(s.nodes()).extracting(NodeRecord::mac).containsExactly("52:54:00:00:00:02", "52:54:00:00:00:01");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void theNextBootServesOneBoot(String db) throws Exception {
        try (Store s = Store.open(url(db))) {
            s.nextBoot("52:54:00:00:00:01", "rescue");
            assertThat(s.node("52:54:00:00:00:01").orElseThrow().nextBoot()).isEqualTo("rescue");
            assertThat(s.takeNextBoot("52:54:00:00:00:01")).isEqualTo("rescue");
            assertThat(s.takeNextBoot("52:54:00:00:00:01")).isNull();
            s.nextBoot("52:54:00:00:00:01", "rescue");
            s.nextBoot("52:54:00:00:00:01", null);
            assertThat(s.takeNextBoot("52:54:00:00:00:01")).isNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void theConsoleLogKeepsItsEnd(String db) throws Exception {
        try (Store s = Store.open(url(db))) {
            s.consoleLog("52:54:00:00:00:01", "first");
            String big = "x".repeat(Store.MAX_CONSOLE_LOG) + "end";
            s.consoleLog("52:54:00:00:00:01", big);
            String kept = s.consoleLog("52:54:00:00:00:01").orElseThrow().text();
            assertThat(kept).hasSize(Store.MAX_CONSOLE_LOG).endsWith("end");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite"})
    void aDatabaseFromANewerLobosIsRefused(String db) throws Exception {
        String url = url(db);
        try (Store s = Store.open(url); var c = DriverManager.getConnection(url); var st = c.createStatement()) {
            st.execute("INSERT INTO schema_version (version, description, applied) VALUES (99, 'future', 0)");
        }
        assertThatThrownBy(() -> Store.open(url)).isInstanceOf(StoreException.class)
                .hasMessageContaining("schema version 99, newer than this lobos knows (1)");
        assertThat(List.of(Store.redact("jdbc:postgresql://h/db?user=a&password=secret&x=1")))
                .containsExactly("jdbc:postgresql://h/db?user=a&password=...&x=1");
    }
}
