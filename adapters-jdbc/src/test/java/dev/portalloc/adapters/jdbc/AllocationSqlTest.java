package dev.portalloc.adapters.jdbc;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The plain SQL of allocations and releases: the indexes its look-ups use on H2. */
final class AllocationSqlTest {
    @Test
    void theKeyLookUpUsesTheUniqueKeysIndexOnH2() throws SQLException {
        String url = H2TestDatabase.newUrl("plan");
        try (JdbcStore store = JdbcStore.open(H2TestDatabase.settings(url));
             Connection connection = store.dataSource().getConnection()) {
            // Written as an OR of the three columns' equalities, H2 would scan the table.
            assertThat(keyLookUpPlan(connection)).containsIgnoringCase("allocation_key_uk").doesNotContainIgnoringCase("tableScan");
        } finally {
            H2TestDatabase.shutdown(url);
        }
    }

    @Test
    void theExpiryProbeReadsEachPoolsRangeOfLeasesThatEndedOnH2() throws SQLException {
        String url = H2TestDatabase.newUrl("plan");
        try (JdbcStore store = JdbcStore.open(H2TestDatabase.settings(url));
             Connection connection = store.dataSource().getConnection()) {
            String plan = explain(connection, AllocationSql.poolsWithExpiredSql(2), "edge", "other",
                    JdbcValues.timestamp(Instant.EPOCH), JdbcValues.timestamp(Instant.parse("2026-01-01T00:00:00Z")));

            // Both bounds in the index's range: from the pool's first entry instead, H2 reads every allocation
            // without a lease (they come first) before it reaches the expired ones.
            assertThat(plan.replaceAll("\\s+", " "))
                    .containsPattern("ALLOCATION_POOL_EXPIRY_IX: [^*]*POOL_NAME = P.NAME")
                    .containsPattern("ALLOCATION_POOL_EXPIRY_IX: [^*]*EXPIRES_AT > \\?3")
                    .containsPattern("ALLOCATION_POOL_EXPIRY_IX: [^*]*EXPIRES_AT <= \\?4");
        } finally {
            H2TestDatabase.shutdown(url);
        }
    }

    private static String explain(Connection connection, String sql, Object... parameters) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (PreparedStatement explain = connection.prepareStatement("EXPLAIN " + sql)) {
            for (int i = 0; i < parameters.length; i++) {
                explain.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = explain.executeQuery()) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            }
        }
        return plan.toString();
    }

    /** The plan of the key look-up as allocations run it, for two keys. */
    static String keyLookUpPlan(Connection connection) throws SQLException {
        return explain(connection, AllocationSql.findByKeysSql(2), "edge", "dep", "web", "edge", "other", "web");
    }
}
