package dev.portalloc.adapters.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.portalloc.application.port.out.AllocationRepository;
import dev.portalloc.application.port.out.EventLog;
import dev.portalloc.application.port.out.PoolRepository;
import dev.portalloc.application.port.out.StoreUnavailableException;
import dev.portalloc.application.port.out.TransactionRunner;
import jakarta.persistence.EntityManagerFactory;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.jpa.HibernatePersistenceConfiguration;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * portalloc's state in H2 or PostgreSQL: opening one migrates the schema (Flyway) and builds the JPA
 * layer over it; then {@link #pools()}, {@link #allocations()}, {@link #events()} and
 * {@link #transactions()} are the outbound ports the application needs. Several stores, in one process
 * or many, may share a database: pool row locks serialise every allocation decision between them, and
 * the event log numbers events in the order they become readable whichever store wrote them.
 */
public final class JdbcStore implements AutoCloseable {
    /** How long a readiness check waits for the database to answer. */
    private static final int REACHABLE_TIMEOUT_SECONDS = 1;
    /** Parsed statements an H2 session of the store's own pool keeps; a batch's statements all fit. */
    static final int H2_QUERY_CACHE_SIZE = 64;
    /** A URL that sets the cache size itself, which then wins (H2 refuses two different values). */
    private static final Pattern H2_QUERY_CACHE_SETTING = Pattern.compile(";QUERY_CACHE_SIZE=",
            Pattern.CASE_INSENSITIVE);

    private final DataSource dataSource;
    /** The pool this store opened and so must close; null when the caller owns the DataSource. */
    private final HikariDataSource ownedPool;
    private final EntityManagerFactory entityManagerFactory;
    private final JpaTransactionRunner transactions;
    private final JpaPoolRepository pools;
    private final JpaAllocationRepository allocations;
    private final JpaEventLog events;
    private volatile boolean closed;

    private JdbcStore(DataSource dataSource, HikariDataSource ownedPool, Vendor vendor,
                      EntityManagerFactory entityManagerFactory, Duration lockTimeout, int maxAttempts) {
        this.dataSource = dataSource;
        this.ownedPool = ownedPool;
        this.entityManagerFactory = entityManagerFactory;
        this.transactions = new JpaTransactionRunner(entityManagerFactory, vendor, lockTimeout, maxAttempts);
        this.pools = new JpaPoolRepository(transactions);
        this.allocations = new JpaAllocationRepository(transactions);
        this.events = new JpaEventLog(transactions);
    }

    /**
     * A store on a DataSource the caller owns and closes after this store, with the default lock
     * timeout and attempts. Its connections may come in auto-commit mode or not: each transaction
     * switches it off for itself.
     */
    public static JdbcStore open(DataSource dataSource) {
        return open(dataSource, JdbcSettings.DEFAULT_LOCK_TIMEOUT, JdbcSettings.DEFAULT_MAX_ATTEMPTS);
    }

    /** A store on a DataSource the caller owns, with its own lock timeout and attempts. */
    public static JdbcStore open(DataSource dataSource, Duration lockTimeout, int maxAttempts) {
        Objects.requireNonNull(dataSource, "dataSource");
        JdbcSettings.requireLockTimeout(lockTimeout);
        JdbcSettings.requireAttempts(maxAttempts);
        return build(dataSource, null, lockTimeout, maxAttempts, false);
    }

    /** A store with its own connection pool, closed with the store. */
    public static JdbcStore open(JdbcSettings settings) {
        Objects.requireNonNull(settings, "settings");
        HikariDataSource pool = openPool(settings);
        try {
            return build(pool, pool, settings.lockTimeout(), settings.maxAttempts(), true);
        } catch (RuntimeException | Error failure) {
            pool.close();
            throw failure;
        }
    }

    public PoolRepository pools() {
        return pools;
    }

    public AllocationRepository allocations() {
        return allocations;
    }

    /**
     * The audit history. Its {@code read} numbers newly committed events, so call it in
     * {@code inTransaction}; in {@code readOnly} it returns only events numbered before.
     */
    public EventLog events() {
        return events;
    }

    public TransactionRunner transactions() {
        return transactions;
    }

    /** Retries, duplicate-key refusals and give-ups of this store's transactions so far. */
    public TransactionCounters counters() {
        return transactions.counters();
    }

    /**
     * Whether the database answers a validity check, for a readiness probe; never throws. Waits at most
     * for a connection (the pool's connection timeout) plus one second for the answer.
     */
    public boolean isReachable() {
        if (closed) {
            return false;
        }
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(REACHABLE_TIMEOUT_SECONDS);
        } catch (SQLException | RuntimeException unreachable) {
            return false;
        }
    }

    /** Closes the JPA layer and, when this store opened it, the connection pool. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            entityManagerFactory.close();
        } finally {
            if (ownedPool != null) {
                ownedPool.close();
            }
        }
    }

    DataSource dataSource() {
        return dataSource;
    }

    private static JdbcStore build(DataSource dataSource, HikariDataSource ownedPool, Duration lockTimeout,
                                   int maxAttempts, boolean poolDisablesAutoCommit) {
        Vendor vendor = detectVendor(dataSource);
        migrate(dataSource, vendor);
        EntityManagerFactory factory = entityManagerFactory(dataSource, poolDisablesAutoCommit);
        return new JdbcStore(dataSource, ownedPool, vendor, factory, lockTimeout, maxAttempts);
    }

    private static HikariDataSource openPool(JdbcSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("portalloc");
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.maxPoolSize());
        config.setConnectionTimeout(settings.connectionTimeout().toMillis());
        // Hibernate is told (provider_disables_autocommit) and skips a round trip per transaction.
        config.setAutoCommit(false);
        if (settings.url().startsWith("jdbc:postgresql:")) {
            // One multi-row INSERT for the port rows of an allocation instead of one per port.
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        if (settings.url().startsWith("jdbc:h2:") && !H2_QUERY_CACHE_SETTING.matcher(settings.url()).find()) {
            // H2 keeps 8 parsed statements per session by default. A batch runs more distinct statements
            // than that, in turn, so each evicts the next one due: every statement was parsed again. A
            // database setting: it takes effect when this pool's connection is the one that opens the database.
            config.addDataSourceProperty("QUERY_CACHE_SIZE", Integer.toString(H2_QUERY_CACHE_SIZE));
        }
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException unreachable) {
            throw new StoreUnavailableException("cannot connect to the database at " + settings.url(), unreachable);
        }
    }

    private static Vendor detectVendor(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return Vendor.of(connection);
        } catch (SQLException unreachable) {
            throw new StoreUnavailableException("cannot connect to the database", unreachable);
        }
    }

    private static void migrate(DataSource dataSource, Vendor vendor) {
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations(vendor.migrationLocation())
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
        } catch (FlywayException failure) {
            throw new IllegalStateException("migrating the portalloc schema failed: " + failure.getMessage(), failure);
        }
    }

    private static EntityManagerFactory entityManagerFactory(DataSource dataSource, boolean poolDisablesAutoCommit) {
        HibernatePersistenceConfiguration configuration = new HibernatePersistenceConfiguration("portalloc")
                // Listed, never scanned.
                .managedClasses(PoolJpaEntity.class, AllocationJpaEntity.class, AllocatedPortJpaEntity.class,
                        EventJpaEntity.class)
                .property(AvailableSettings.DATASOURCE, dataSource)
                .property(AvailableSettings.HBM2DDL_AUTO, "validate")
                .property(AvailableSettings.STATEMENT_BATCH_SIZE, 64)
                .property(AvailableSettings.ORDER_UPDATES, true)
                .property(AvailableSettings.IN_CLAUSE_PARAMETER_PADDING, true)
                .property(AvailableSettings.CONNECTION_PROVIDER_DISABLES_AUTOCOMMIT, poolDisablesAutoCommit);
        return configuration.createEntityManagerFactory();
    }
}
