package dev.portalloc.benchmarks.scale;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PostgreSQL database of this benchmark's own, {@code pa_scale_<time>_<pid>}, created through an admin
 * database and dropped on {@link #close()} or, if the JVM is interrupted, by a shutdown hook. Only ever
 * drops the database it created.
 */
final class ScratchDatabase implements AutoCloseable {
    static final String PREFIX = "pa_scale_";
    private static final Pattern URL = Pattern.compile("^(jdbc:postgresql://[^/?]+/)([^?]*)(\\?.*)?$");
    private static final Pattern PARAM = Pattern.compile("(?:^|[?&])%s=([^&]*)");

    private final String adminUrl;
    private final String name;
    private final String url;
    private final Thread dropOnExit;
    private boolean dropped;

    private ScratchDatabase(String adminUrl, String name) {
        this.adminUrl = adminUrl;
        this.name = name;
        this.url = withDatabase(adminUrl, name);
        this.dropOnExit = new Thread(this::dropQuietly, "drop-" + name);
    }

    static ScratchDatabase create(String adminUrl) throws SQLException {
        String name = PREFIX + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"))
                + "_" + ProcessHandle.current().pid();
        ScratchDatabase database = new ScratchDatabase(adminUrl, name);
        try (Connection admin = DriverManager.getConnection(adminUrl); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        Runtime.getRuntime().addShutdownHook(database.dropOnExit);
        return database;
    }

    /** The admin URL pointed at another database, keeping its host, port and parameters. */
    static String withDatabase(String adminUrl, String database) {
        Matcher m = URL.matcher(adminUrl);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a jdbc:postgresql://host[:port]/database URL: " + adminUrl);
        }
        return m.group(1) + database + (m.group(3) == null ? "" : m.group(3));
    }

    /** A query parameter of the URL ({@code user}, {@code password}), or {@code fallback}. */
    static String parameter(String jdbcUrl, String name, String fallback) {
        int query = jdbcUrl.indexOf('?');
        if (query < 0) {
            return fallback;
        }
        Matcher m = Pattern.compile(String.format(Locale.ROOT, PARAM.pattern(), Pattern.quote(name)))
                .matcher(jdbcUrl.substring(query));
        return m.find() ? java.net.URLDecoder.decode(m.group(1), java.nio.charset.StandardCharsets.UTF_8) : fallback;
    }

    String name() {
        return name;
    }

    String url() {
        return url;
    }

    String user() {
        return parameter(adminUrl, "user", "postgres");
    }

    String password() {
        return parameter(adminUrl, "password", "");
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    /**
     * Back to the state right after the migrations: no pools, allocations or events, the event sequencer
     * at 0. Lets the empty baseline and the seeded run share one migrated database without the
     * baseline's pools and unsequenced events leaking into the seed.
     */
    void resetToMigrated() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE event, allocated_port, allocation, pool RESTART IDENTITY");
            statement.execute("UPDATE event_sequencer SET last_seq = 0");
        }
    }

    /**
     * VACUUM ANALYZE of portalloc's tables and a CHECKPOINT: run before every measured load, empty or
     * seeded, so both start from the same maintenance state (fresh statistics, no dead rows left by an
     * earlier try, no checkpoint due from earlier writes) rather than the seeded one alone being tidied.
     */
    void settle() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("VACUUM (ANALYZE) pool, allocation, allocated_port, event, event_sequencer");
            statement.execute("CHECKPOINT");
        }
    }

    String serverVersion() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SHOW server_version")) {
            row.next();
            return row.getString(1);
        }
    }

    /**
     * Rows read so far from the allocation tables by sequential and index scans (PostgreSQL's cumulative
     * statistics). Read before and after a server start, it tells whether startup walks the allocations.
     */
    long allocationRowsRead() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            // Statistics are flushed by backends lazily (at most about once a second) and cached per
            // transaction; a fresh snapshot after a pause sees what other sessions did.
            statement.execute("SELECT pg_stat_clear_snapshot()");
            try (ResultSet row = statement.executeQuery("SELECT coalesce(sum(coalesce(seq_tup_read, 0)"
                    + " + coalesce(idx_tup_fetch, 0)), 0) FROM pg_stat_user_tables"
                    + " WHERE relname IN ('allocation', 'allocated_port')")) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** Process ids of the PostgreSQL backends connected to this database. */
    java.util.Set<Long> backendPids() throws SQLException {
        java.util.Set<Long> pids = new java.util.HashSet<>();
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")) {
            while (rows.next()) {
                pids.add(rows.getLong(1));
            }
        }
        return pids;
    }

    @Override
    public void close() throws SQLException {
        drop();
        try {
            Runtime.getRuntime().removeShutdownHook(dropOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    private synchronized void drop() throws SQLException {
        if (dropped) {
            return;
        }
        try (Connection admin = DriverManager.getConnection(adminUrl); Statement statement = admin.createStatement()) {
            // FORCE: a server that did not stop cleanly may still hold connections.
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
        dropped = true;
    }

    private void dropQuietly() {
        try {
            drop();
        } catch (SQLException e) {
            System.err.println("could not drop database " + name + ": " + e.getMessage());
        }
    }
}
