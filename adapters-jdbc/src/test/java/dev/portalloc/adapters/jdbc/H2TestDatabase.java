package dev.portalloc.adapters.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** Private in-memory H2 databases: one name per test, kept until {@link #shutdown}. */
final class H2TestDatabase {
    private H2TestDatabase() {
    }

    /** A new database's URL; it lives until shut down, so several stores in this JVM can share it. */
    static String newUrl(String purpose) {
        return "jdbc:h2:mem:" + purpose + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    static JdbcSettings settings(String url) {
        return JdbcSettings.of(url, "sa", "").withMaxPoolSize(4);
    }

    static void shutdown(String url) {
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
             Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        } catch (SQLException failure) {
            throw new IllegalStateException("shutting down " + url + " failed", failure);
        }
    }
}
