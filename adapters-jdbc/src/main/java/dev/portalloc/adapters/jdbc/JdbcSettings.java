package dev.portalloc.adapters.jdbc;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link JdbcStore#open(JdbcSettings)} connects and behaves under contention.
 *
 * @param url               JDBC URL of an H2 or PostgreSQL database
 * @param user              database user, or null when the URL carries it
 * @param password          database password, or null when the URL carries it (or none is needed)
 * @param maxPoolSize       most connections the store's pool keeps open
 * @param lockTimeout       how long one statement waits for a pool's row lock before the attempt fails
 * @param maxAttempts       attempts of one transaction when the database fails transiently, at least 1
 * @param connectionTimeout how long a transaction waits for a free connection
 */
public record JdbcSettings(String url, String user, String password, int maxPoolSize, Duration lockTimeout,
                           int maxAttempts, Duration connectionTimeout) {
    public static final int DEFAULT_MAX_POOL_SIZE = 10;
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(1);
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(2);
    /** HikariCP refuses anything shorter. */
    private static final Duration MIN_CONNECTION_TIMEOUT = Duration.ofMillis(250);

    public JdbcSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        Objects.requireNonNull(connectionTimeout, "connectionTimeout");
        if (url.isBlank()) {
            throw new IllegalArgumentException("url must not be blank");
        }
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("maxPoolSize must be at least 1 (got " + maxPoolSize + ")");
        }
        requireLockTimeout(lockTimeout);
        requireAttempts(maxAttempts);
        if (connectionTimeout.compareTo(MIN_CONNECTION_TIMEOUT) < 0) {
            throw new IllegalArgumentException("connectionTimeout must be at least " + MIN_CONNECTION_TIMEOUT.toMillis()
                    + " ms (got " + connectionTimeout.toMillis() + " ms)");
        }
    }

    /** The defaults for everything but where the database is. */
    public static JdbcSettings of(String url, String user, String password) {
        return new JdbcSettings(url, user, password, DEFAULT_MAX_POOL_SIZE, DEFAULT_LOCK_TIMEOUT,
                DEFAULT_MAX_ATTEMPTS, DEFAULT_CONNECTION_TIMEOUT);
    }

    public JdbcSettings withMaxPoolSize(int maxPoolSize) {
        return new JdbcSettings(url, user, password, maxPoolSize, lockTimeout, maxAttempts, connectionTimeout);
    }

    public JdbcSettings withLockTimeout(Duration lockTimeout) {
        return new JdbcSettings(url, user, password, maxPoolSize, lockTimeout, maxAttempts, connectionTimeout);
    }

    public JdbcSettings withMaxAttempts(int maxAttempts) {
        return new JdbcSettings(url, user, password, maxPoolSize, lockTimeout, maxAttempts, connectionTimeout);
    }

    public JdbcSettings withConnectionTimeout(Duration connectionTimeout) {
        return new JdbcSettings(url, user, password, maxPoolSize, lockTimeout, maxAttempts, connectionTimeout);
    }

    /** Never the password: settings end up in logs. */
    @Override
    public String toString() {
        return "JdbcSettings[url=" + url + ", user=" + user + ", maxPoolSize=" + maxPoolSize + ", lockTimeout="
                + lockTimeout + ", maxAttempts=" + maxAttempts + ", connectionTimeout=" + connectionTimeout + "]";
    }

    static void requireLockTimeout(Duration lockTimeout) {
        // Zero would mean "wait forever" on PostgreSQL: a stuck transaction would hang every caller.
        if (lockTimeout.isNegative() || lockTimeout.toMillis() < 1 || lockTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("lockTimeout must be between 1 ms and " + Integer.MAX_VALUE
                    + " ms (got " + lockTimeout + ")");
        }
    }

    static void requireAttempts(int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1 (got " + maxAttempts + ")");
        }
    }
}
