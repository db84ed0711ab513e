package dev.portalloc.benchmarks.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A database that exists only for one benchmark run: an H2 file database in a temporary directory, or a
 * PostgreSQL database named {@code <prefix><time>_<pid>} ({@code pa_bench_} for {@link BenchmarkSuite},
 * {@code pa_scale_} for the scale benchmark), created through an admin database and dropped again.
 * Closing removes it; a shutdown hook does the same if the run is interrupted. Only ever drops the
 * database it created.
 */
public abstract class ScratchDatabase implements AutoCloseable {
    private static final Pattern POSTGRES_URL = Pattern.compile("^(jdbc:postgresql://([^/?]+)/)([^?]*)(\\?.*)?$");

    private final Thread cleanupOnExit = new Thread(this::removeQuietly, "drop-scratch-database");
    private boolean removed;

    public abstract String jdbcUrl();

    public abstract String user();

    public abstract String password();

    /** The database's own name, for tools such as pgbench that take it apart from a URL. */
    public abstract String name();

    /** For people reading the progress output. */
    abstract String describe();

    protected abstract void remove() throws Exception;

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user(), password());
    }

    /**
     * Brings the database to the same maintenance state before every measured load: on PostgreSQL a
     * VACUUM ANALYZE of portalloc's tables and a CHECKPOINT, so that no load pays for the dead rows, stale
     * statistics, autovacuum work or due checkpoint an earlier load left behind (pgbench vacuums before
     * its runs for the same reason). H2 has nothing of the kind to settle. Needs the schema migrated.
     */
    public void settle() throws SQLException {
    }

    final void registerCleanup() {
        Runtime.getRuntime().addShutdownHook(cleanupOnExit);
    }

    private synchronized void removeQuietly() {
        if (removed) {
            return;
        }
        removed = true;
        try {
            remove();
        } catch (Exception e) {
            System.err.println("could not remove " + describe() + ": " + e);
        }
    }

    @Override
    public void close() {
        removeQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway, and finds nothing left to do
        }
    }

    static ScratchDatabase h2() {
        try {
            Path dir = Files.createTempDirectory("pa_bench_h2_");
            H2 db = new H2(dir);
            db.registerCleanup();
            return db;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Creates {@code <prefix><time>_<pid>} through {@code adminUrl} ({@code jdbc:postgresql://host[:port]/database},
     * parameters allowed); the scratch database's URL keeps the admin URL's host, port and parameters.
     */
    public static ScratchDatabase postgres(String prefix, String adminUrl, String user, String password) {
        String name = prefix + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"))
                + "_" + ProcessHandle.current().pid();
        Postgres db = new Postgres(adminUrl, user, password, name);
        db.execute("CREATE DATABASE " + name);
        db.registerCleanup();
        return db;
    }

    /** The admin URL pointed at another database, keeping its host, port and parameters. */
    static String withDatabase(String adminUrl, String database) {
        Matcher m = postgresUrl(adminUrl);
        return m.group(1) + database + (m.group(4) == null ? "" : m.group(4));
    }

    private static Matcher postgresUrl(String url) {
        Matcher m = POSTGRES_URL.matcher(url);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a jdbc:postgresql://host[:port]/database URL: " + url);
        }
        return m;
    }

    private static final class H2 extends ScratchDatabase {
        private final Path dir;

        H2(Path dir) {
            this.dir = dir;
        }

        @Override
        public String jdbcUrl() {
            return "jdbc:h2:file:" + dir.resolve(name()).toAbsolutePath();
        }

        @Override
        public String user() {
            return "sa";
        }

        @Override
        public String password() {
            return "";
        }

        @Override
        public String name() {
            return "portalloc";
        }

        @Override
        String describe() {
            return "H2 file database in " + dir;
        }

        @Override
        protected void remove() throws IOException {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static final class Postgres extends ScratchDatabase {
        private final String adminUrl;
        private final String server;
        private final String user;
        private final String password;
        private final String name;

        Postgres(String adminUrl, String user, String password, String name) {
            this.adminUrl = adminUrl;
            this.server = postgresUrl(adminUrl).group(2);
            this.user = user;
            this.password = password;
            this.name = name;
        }

        @Override
        public String jdbcUrl() {
            return withDatabase(adminUrl, name);
        }

        @Override
        public String user() {
            return user;
        }

        @Override
        public String password() {
            return password;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        String describe() {
            return "PostgreSQL database " + name + " on " + server;
        }

        @Override
        public void settle() throws SQLException {
            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                statement.execute("VACUUM (ANALYZE) pool, allocation, allocated_port, event, event_sequencer");
                statement.execute("CHECKPOINT");
            }
        }

        @Override
        protected void remove() {
            // FORCE: a connection some crashed client or a server that did not stop cleanly left behind must
            // not keep the database alive.
            execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }

        private void execute(String sql) {
            try (Connection c = DriverManager.getConnection(adminUrl, user, password);
                 Statement s = c.createStatement()) {
                s.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException(sql + " failed on " + server + ": " + e.getMessage(), e);
            }
        }
    }
}
