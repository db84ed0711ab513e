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
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A database that exists only for one suite run: an H2 file database in a temporary directory, or a
 * PostgreSQL database named {@code pa_bench_<time>_<pid>} created on the server and dropped again.
 * Closing removes it; a shutdown hook does the same if the run is interrupted.
 */
abstract class ScratchDatabase implements AutoCloseable {
    private final Thread cleanupOnExit = new Thread(this::removeQuietly, "drop-scratch-database");
    private boolean removed;

    abstract String backend();

    abstract String jdbcUrl();

    abstract String user();

    abstract String password();

    /** For people reading the progress output. */
    abstract String describe();

    protected abstract void remove() throws Exception;

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

    static ScratchDatabase postgres(String host, int port, String user, String password) {
        String name = "pa_bench_" + LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"))
                + "_" + ProcessHandle.current().pid();
        Postgres db = new Postgres(host, port, user, password, name);
        db.execute("CREATE DATABASE " + name);
        db.registerCleanup();
        return db;
    }

    private static final class H2 extends ScratchDatabase {
        private final Path dir;

        H2(Path dir) {
            this.dir = dir;
        }

        @Override
        String backend() {
            return "h2";
        }

        @Override
        String jdbcUrl() {
            return "jdbc:h2:file:" + dir.resolve("portalloc").toAbsolutePath();
        }

        @Override
        String user() {
            return "sa";
        }

        @Override
        String password() {
            return "";
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
        private final String host;
        private final int port;
        private final String user;
        private final String password;
        private final String name;

        Postgres(String host, int port, String user, String password, String name) {
            this.host = host;
            this.port = port;
            this.user = user;
            this.password = password;
            this.name = name;
        }

        String name() {
            return name;
        }

        @Override
        String backend() {
            return "postgresql";
        }

        @Override
        String jdbcUrl() {
            return "jdbc:postgresql://" + host + ":" + port + "/" + name;
        }

        @Override
        String user() {
            return user;
        }

        @Override
        String password() {
            return password;
        }

        @Override
        String describe() {
            return "PostgreSQL database " + name + " on " + host + ":" + port;
        }

        @Override
        protected void remove() {
            // FORCE: a connection some crashed client left behind must not keep the database alive.
            execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }

        private void execute(String sql) {
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/postgres",
                    user, password);
                 Statement s = c.createStatement()) {
                s.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException(sql + " failed on " + host + ":" + port + ": " + e.getMessage(), e);
            }
        }
    }

    /** The PostgreSQL database's own name, for tools such as pgbench that take it apart from a URL. */
    static String postgresName(ScratchDatabase db) {
        if (db instanceof Postgres p) {
            return p.name();
        }
        throw new IllegalArgumentException(db.describe() + " is not PostgreSQL");
    }
}
