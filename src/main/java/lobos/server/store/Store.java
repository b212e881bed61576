package lobos.server.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import lobos.server.dhcp.Ipv4;
import lobos.server.dhcp.Lease;
import lobos.server.dhcp.LeasePool;

/**
 * The manager's state in a real database: leases, the node inventory, every node's events and
 * its last console log. SQLite in a file by default (WAL, so {@code lobos nodes} reads while the
 * server writes), PostgreSQL when given its JDBC URL (several managers can share it). The schema
 * is versioned ({@link Migrations}). One connection, used by one thread at a time.
 */
public final class Store implements AutoCloseable, LeasePool.Persistence {
    /** The longest console log kept per node; a longer one keeps its end. */
    public static final int MAX_CONSOLE_LOG = 4 << 20;

    private final Connection connection;
    private final String url;

    private Store(Connection connection, String url) {
        this.connection = connection;
        this.url = url;
    }

    /** Opens (creating it if needed) and migrates the database at {@code jdbcUrl}. */
    public static Store open(String jdbcUrl) {
        Dialect dialect;
        try {
            dialect = Dialect.of(jdbcUrl);
        } catch (IllegalArgumentException e) {
            throw new StoreException("database " + jdbcUrl, e);
        }
        try {
            if (dialect == Dialect.SQLITE) {
                Path file = Path.of(jdbcUrl.substring("jdbc:sqlite:".length()));
                if (file.getParent() != null) Files.createDirectories(file.getParent());
            }
            Connection c = DriverManager.getConnection(jdbcUrl);
            if (dialect == Dialect.SQLITE) {
                try (Statement s = c.createStatement()) {
                    s.execute("PRAGMA busy_timeout = 10000");
                    s.execute("PRAGMA journal_mode = WAL");
                    // WAL with synchronous=NORMAL: each commit is in the file before the ACK goes out
                    // (it survives the server dying); the fsync comes at checkpoints, as Kea's memfile
                    s.execute("PRAGMA synchronous = NORMAL");
                }
            }
            Migrations.apply(c, dialect);
            return new Store(c, jdbcUrl);
        } catch (SQLException | java.io.IOException e) {
            throw new StoreException("cannot open the database " + redact(jdbcUrl), e);
        }
    }

    /** The URL without a password. */
    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1...");
    }

    public String url() {
        return redact(url);
    }

    public synchronized int schemaVersion() {
        try {
            return Migrations.current(connection);
        } catch (SQLException e) {
            throw new StoreException("reading the schema version", e);
        }
    }

    // ---- leases ----

    public synchronized List<Lease> leases() {
        List<Lease> out = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet r = s.executeQuery("SELECT address, mac, client_id, hostname, starts, ends, state FROM leases")) {
            while (r.next()) {
                out.add(new Lease(Ipv4.parse(r.getString(1)), r.getString(2), r.getString(3), r.getString(4), r.getLong(5),
                        r.getLong(6), Lease.State.valueOf(r.getString(7))));
            }
        } catch (SQLException e) {
            throw new StoreException("reading the leases", e);
        }
        return out;
    }

    @Override
    public synchronized void save(Lease l) {
        try (PreparedStatement p = connection.prepareStatement("""
                INSERT INTO leases (address, mac, client_id, hostname, starts, ends, state) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (address) DO UPDATE SET mac = excluded.mac, client_id = excluded.client_id,
                    hostname = excluded.hostname, starts = excluded.starts, ends = excluded.ends, state = excluded.state""")) {
            p.setString(1, Ipv4.text(l.address()));
            p.setString(2, l.mac());
            p.setString(3, l.clientId());
            p.setString(4, l.hostname());
            p.setLong(5, l.starts());
            p.setLong(6, l.ends());
            p.setString(7, l.state().name());
            p.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("storing the lease of " + Ipv4.text(l.address()), e);
        }
    }

    // ---- nodes and events ----

    /** Updates the node's inventory row (creating it) and appends an event, in one transaction. */
    public synchronized void record(NodeUpdate u, String source, String type, String detail) {
        long now = System.currentTimeMillis();
        try {
            connection.setAutoCommit(false);
            try (PreparedStatement n = connection.prepareStatement("""
                    INSERT INTO nodes (mac, uuid, name, ip, hostname, arch, version, state, last_seen)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (mac) DO UPDATE SET uuid = COALESCE(excluded.uuid, nodes.uuid),
                        name = COALESCE(excluded.name, nodes.name), ip = COALESCE(excluded.ip, nodes.ip),
                        hostname = COALESCE(excluded.hostname, nodes.hostname), arch = COALESCE(excluded.arch, nodes.arch),
                        version = COALESCE(excluded.version, nodes.version), state = COALESCE(excluded.state, nodes.state),
                        last_seen = excluded.last_seen""");
                    PreparedStatement e = connection.prepareStatement(
                            "INSERT INTO events (mac, at, source, type, detail) VALUES (?, ?, ?, ?, ?)")) {
                n.setString(1, u.mac());
                n.setString(2, u.uuid());
                n.setString(3, u.name());
                n.setString(4, u.ip());
                n.setString(5, u.hostname());
                n.setString(6, u.arch());
                n.setString(7, u.version());
                n.setString(8, u.state());
                n.setLong(9, now);
                n.executeUpdate();
                e.setString(1, u.mac());
                e.setLong(2, now);
                e.setString(3, source);
                e.setString(4, type);
                e.setString(5, detail);
                e.executeUpdate();
                connection.commit();
            } catch (SQLException ex) {
                connection.rollback();
                throw ex;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException ex) {
            throw new StoreException("recording " + type + " of " + u.mac(), ex);
        }
    }

    public synchronized List<NodeRecord> nodes() {
        return queryNodes("SELECT " + NODE_COLUMNS + " FROM nodes ORDER BY COALESCE(name, hostname, mac), mac");
    }

    /** The node whose MAC, name, host name, UUID or address is {@code key}. */
    public synchronized Optional<NodeRecord> node(String key) {
        String k = key.toLowerCase(java.util.Locale.ROOT).replace('-', ':');
        for (NodeRecord n : queryNodes("SELECT " + NODE_COLUMNS + " FROM nodes ORDER BY mac")) {
            if (n.mac().equals(k) || key.equals(n.name()) || key.equals(n.hostname()) || key.equalsIgnoreCase(n.uuid())
                    || key.equals(n.ip())) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }

    private static final String NODE_COLUMNS = "mac, uuid, name, ip, hostname, arch, version, state, last_seen, next_boot";

    private List<NodeRecord> queryNodes(String sql) {
        List<NodeRecord> out = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                long seen = r.getLong(9);
                out.add(new NodeRecord(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                        r.getString(6), r.getString(7), r.getString(8), r.wasNull() ? null : Instant.ofEpochMilli(seen),
                        r.getString(10)));
            }
        } catch (SQLException e) {
            throw new StoreException("reading the nodes", e);
        }
        return out;
    }

    /** A node's events, oldest first (the last {@code limit}). */
    public synchronized List<EventRecord> events(String mac, int limit) {
        List<EventRecord> out = new ArrayList<>();
        try (PreparedStatement p = connection.prepareStatement(
                "SELECT id, mac, at, source, type, detail FROM events WHERE mac = ? ORDER BY id DESC LIMIT ?")) {
            p.setString(1, mac);
            p.setInt(2, limit);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.addFirst(new EventRecord(r.getLong(1), r.getString(2), Instant.ofEpochMilli(r.getLong(3)), r.getString(4),
                            r.getString(5), r.getString(6)));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("reading the events of " + mac, e);
        }
        return out;
    }

    /** Sets (or with null clears) a node's one-time profile for its next boot; the node row is created if needed. */
    public synchronized void nextBoot(String mac, String profile) {
        try (PreparedStatement p = connection.prepareStatement("""
                INSERT INTO nodes (mac, next_boot) VALUES (?, ?)
                ON CONFLICT (mac) DO UPDATE SET next_boot = excluded.next_boot""")) {
            p.setString(1, mac);
            p.setString(2, profile);
            p.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("setting the next boot of " + mac, e);
        }
    }

    /** The node's one-time profile, cleared as it is read (so it serves one boot), or null. */
    public synchronized String takeNextBoot(String mac) {
        try (PreparedStatement q = connection.prepareStatement("SELECT next_boot FROM nodes WHERE mac = ?")) {
            q.setString(1, mac);
            String profile;
            try (ResultSet r = q.executeQuery()) {
                profile = r.next() ? r.getString(1) : null;
            }
            if (profile == null) return null;
            try (PreparedStatement u = connection.prepareStatement("UPDATE nodes SET next_boot = NULL WHERE mac = ? AND next_boot = ?")) {
                u.setString(1, mac);
                u.setString(2, profile);
                // another manager sharing the database may have taken it first
                return u.executeUpdate() == 1 ? profile : null;
            }
        } catch (SQLException e) {
            throw new StoreException("reading the next boot of " + mac, e);
        }
    }

    /** Keeps a node's console log (the end of it, past {@link #MAX_CONSOLE_LOG}), replacing the one before. */
    public synchronized void consoleLog(String mac, String text) {
        String kept = text.length() > MAX_CONSOLE_LOG ? text.substring(text.length() - MAX_CONSOLE_LOG) : text;
        try (PreparedStatement p = connection.prepareStatement("""
                INSERT INTO console_logs (mac, at, text) VALUES (?, ?, ?)
                ON CONFLICT (mac) DO UPDATE SET at = excluded.at, text = excluded.text""")) {
            p.setString(1, mac);
            p.setLong(2, System.currentTimeMillis());
            p.setString(3, kept);
            p.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("storing the console log of " + mac, e);
        }
    }

    /** A node's last console log. */
    public record ConsoleLog(Instant at, String text) {}

    public synchronized Optional<ConsoleLog> consoleLog(String mac) {
        try (PreparedStatement p = connection.prepareStatement("SELECT at, text FROM console_logs WHERE mac = ?")) {
            p.setString(1, mac);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(new ConsoleLog(Instant.ofEpochMilli(r.getLong(1)), r.getString(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("reading the console log of " + mac, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing: nothing left to lose
        }
    }
}
