package lobos.server.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The state database's schema, as numbered steps: a new version of lobos adds a step and never
 * changes an old one. {@code schema_version} records the steps applied; each step runs in its
 * own transaction with its row, so a database is always at some version. The SQL is what SQLite
 * and PostgreSQL both read, except for the key of the event table ({@code {id}}).
 */
final class Migrations {
    record Step(int version, String description, List<String> sql) {}

    static final List<Step> STEPS = List.of(
            new Step(1, "leases, nodes, events, console logs", List.of(
                    """
                    CREATE TABLE leases (address TEXT PRIMARY KEY, mac TEXT NOT NULL, client_id TEXT, hostname TEXT,
                        starts BIGINT NOT NULL, ends BIGINT NOT NULL, state TEXT NOT NULL)""",
                    """
                    CREATE TABLE nodes (mac TEXT PRIMARY KEY, uuid TEXT, name TEXT, ip TEXT, hostname TEXT, arch TEXT,
                        version TEXT, state TEXT, last_seen BIGINT, next_boot TEXT)""",
                    """
                    CREATE TABLE events (id {id}, mac TEXT NOT NULL, at BIGINT NOT NULL, source TEXT NOT NULL,
                        type TEXT NOT NULL, detail TEXT)""",
                    "CREATE INDEX events_by_mac ON events (mac, id)",
                    "CREATE TABLE console_logs (mac TEXT PRIMARY KEY, at BIGINT NOT NULL, text TEXT NOT NULL)")));

    private Migrations() {}

    /** Brings the database to the newest version; returns the version it was at. */
    static int apply(Connection c, Dialect dialect) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL,"
                    + " applied BIGINT NOT NULL)");
        }
        int current = current(c);
        int newest = STEPS.getLast().version();
        if (current > newest) {
            throw new SQLException("the database is at schema version " + current + ", newer than this lobos knows (" + newest
                    + "): use the lobos that wrote it");
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            for (Step step : STEPS) {
                if (step.version() <= current) continue;
                try (Statement s = c.createStatement()) {
                    for (String sql : step.sql()) s.execute(sql.replace("{id}", dialect.identity()));
                    s.execute("INSERT INTO schema_version (version, description, applied) VALUES (" + step.version() + ", '"
                            + step.description().replace("'", "''") + "', " + System.currentTimeMillis() + ")");
                    c.commit();
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                }
            }
        } finally {
            c.setAutoCommit(auto);
        }
        return current;
    }

    static int current(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
            return r.next() ? r.getInt(1) : 0;
        }
    }
}
