package dev.portalloc.adapters.jdbc;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The plain SQL of allocations and releases: the index its key look-up uses. */
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

    /** The plan of the key look-up as allocations run it, for two keys. */
    static String keyLookUpPlan(Connection connection) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (PreparedStatement explain = connection.prepareStatement("EXPLAIN " + AllocationSql.findByKeysSql(2))) {
            int parameter = 1;
            for (String deployment : List.of("dep", "other")) {
                explain.setString(parameter++, "edge");
                explain.setString(parameter++, deployment);
                explain.setString(parameter++, "web");
            }
            try (ResultSet rows = explain.executeQuery()) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            }
        }
        return plan.toString();
    }
}
