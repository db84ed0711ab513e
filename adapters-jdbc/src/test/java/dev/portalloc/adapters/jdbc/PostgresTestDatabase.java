package dev.portalloc.adapters.jdbc;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The PostgreSQL database the tests may use: {@code PORTALLOC_TEST_POSTGRES_URL} (a JDBC URL carrying
 * user and password). Unset, PostgreSQL tests are skipped, or fail when
 * {@code PORTALLOC_TEST_REQUIRE_POSTGRES=true}. Every PostgreSQL test goes through here.
 */
final class PostgresTestDatabase {
    static final String URL_VARIABLE = "PORTALLOC_TEST_POSTGRES_URL";
    static final String REQUIRE_VARIABLE = "PORTALLOC_TEST_REQUIRE_POSTGRES";

    private PostgresTestDatabase() {
    }

    /** The URL, or the test is skipped (or failed, when PostgreSQL is required). */
    static String url() {
        String url = System.getenv(URL_VARIABLE);
        if (url == null || url.isBlank()) {
            if ("true".equalsIgnoreCase(System.getenv(REQUIRE_VARIABLE))) {
                Assertions.fail(REQUIRE_VARIABLE + "=true but " + URL_VARIABLE + " is not set");
            }
            Assumptions.abort(URL_VARIABLE + " is not set: PostgreSQL tests skipped");
        }
        return url;
    }

    /** Settings for a store on the test database; user and password come with the URL. */
    static JdbcSettings settings() {
        return JdbcSettings.of(url(), null, null).withMaxPoolSize(4);
    }

    /**
     * Empties every table, for a store shared by the tests of one class, and starts the event sequence
     * again at 1 (the sequencer's single row stays; only its counter is reset).
     */
    static void truncate(JdbcStore store) {
        try (Connection connection = store.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE allocated_port, allocation, pool, event RESTART IDENTITY CASCADE");
            statement.execute("UPDATE event_sequencer SET last_seq = 0 WHERE id = 1");
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        } catch (SQLException failure) {
            throw new IllegalStateException("emptying the test database failed", failure);
        }
    }
}
