package dev.portalloc.adapters.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;

/** The databases the store runs on, and the little SQL that differs between them. */
enum Vendor {
    H2("h2") {
        @Override
        String transactionSettings(Duration lockTimeout) {
            // A session setting on H2; every transaction sets it again before locking, so pooled
            // connections never carry another store's value into a lock wait.
            return "SET LOCK_TIMEOUT " + lockTimeout.toMillis();
        }

        @Override
        String writeLockClause() {
            return "FOR UPDATE";
        }
    },
    POSTGRESQL("postgresql") {
        @Override
        String transactionSettings(Duration lockTimeout) {
            // LOCAL: ends with the transaction, so nothing leaks to the next user of the connection.
            // Every statement of this adapter finds its rows through an index. Once autovacuum has analysed
            // the allocation tables while they held few rows, the planner prefers sequential scans, which
            // under allocate/release churn read ever more dead rows (docs/PERFORMANCE.md has the figures).
            // The driver keeps the adapter's statements prepared; left to choose, PostgreSQL planned most of
            // them again at every run, a fifth of its time in a batch. Their generic plans use the same indexes.
            return "SET LOCAL lock_timeout = " + lockTimeout.toMillis() + "; SET LOCAL enable_seqscan = off"
                    + "; SET LOCAL plan_cache_mode = force_generic_plan";
        }

        @Override
        String writeLockClause() {
            // What Hibernate's PESSIMISTIC_WRITE takes here: excludes every other writer, not foreign-key checks.
            return "FOR NO KEY UPDATE";
        }
    };

    private final String folder;

    Vendor(String folder) {
        this.folder = folder;
    }

    /** The Flyway location of this vendor's migrations; sibling folders, so no scan sees another's. */
    String migrationLocation() {
        return "classpath:db/migration/" + folder;
    }

    /**
     * The settings of the current transaction, run before its first statement that needs them: how long
     * it waits for a row lock, and the planner's settings.
     */
    abstract String transactionSettings(Duration lockTimeout);

    /** The locking clause of {@code LockModeType.PESSIMISTIC_WRITE}, for native queries that lock rows. */
    abstract String writeLockClause();

    static Vendor of(Connection connection) throws SQLException {
        DatabaseMetaData metaData = connection.getMetaData();
        String product = metaData.getDatabaseProductName();
        String normalized = product == null ? "" : product.toLowerCase(Locale.ROOT);
        if (normalized.equals("h2")) {
            return H2;
        }
        if (normalized.equals("postgresql")) {
            return POSTGRESQL;
        }
        throw new UnsupportedDatabaseException("portalloc stores its state in H2 or PostgreSQL; this database is "
                + product + " " + metaData.getDatabaseProductVersion());
    }
}
