package dev.portalloc.adapters.jdbc;

import dev.portalloc.application.port.in.AllocatePortsCommand;
import dev.portalloc.application.port.in.DefinePoolCommand;
import dev.portalloc.application.port.in.UseCases;
import dev.portalloc.domain.AllocationKey;
import dev.portalloc.domain.AllocationShape;
import dev.portalloc.domain.DeploymentName;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.PortRange;
import dev.portalloc.domain.ServiceName;
import org.hibernate.Session;
import org.hibernate.jdbc.ReturningWork;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The allocation look-ups, and the deletion of a released allocation's ports, use an index on PostgreSQL
 * while the tables are young: nearly empty when analysed, as autovacuum does early in a database's life,
 * or never analysed. Left to itself the planner then reads whole tables, which under allocate/release
 * churn means reading ever more dead rows. Which index it takes over such tables is its own choice: for
 * the key look-up it may be the pool's index, read whole for each key, until the tables are analysed in
 * use (README: autovacuum). And in portalloc's transactions a prepared statement is planned once, not
 * again at each run.
 */
final class PostgresPlanTest {
    private static final PoolName POOL = PoolName.of("edge");

    @Test
    void theKeyLookUpUsesItsIndexAfterTheTablesWereAnalysedNearlyEmpty() throws SQLException {
        try (JdbcStore store = JdbcStore.open(PostgresTestDatabase.settings())) {
            PostgresTestDatabase.truncate(store);
            UseCases useCases = TestUseCases.of(store, Clock.systemUTC());
            useCases.definePool().definePool(new DefinePoolCommand(POOL, PortRange.of(10000, 10099), Set.of()));
            useCases.allocatePorts().allocatePorts(new AllocatePortsCommand(POOL, DeploymentName.of("dep"),
                    ServiceName.of("web"), AllocationShape.dynamic(1, false)));
            try (Connection connection = store.dataSource().getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("ANALYZE allocation, allocated_port");
                connection.commit();
                // What the planner does with these statistics when left to itself: the test can fail.
                assertThat(AllocationSqlTest.keyLookUpPlan(connection)).contains("Seq Scan on allocation");
                connection.rollback();
            }

            String plan = underTransactionSettings(store, AllocationSqlTest::keyLookUpPlan);

            assertThat(plan).doesNotContain("Seq Scan").containsPattern("Index Scan (on|using) allocation_");
        }
    }

    @Test
    void theDeletionOfAReleasedAllocationsPortsLooksThemUpByItsForeignKeysIndex() throws SQLException {
        try (JdbcStore store = JdbcStore.open(PostgresTestDatabase.settings())) {
            PostgresTestDatabase.truncate(store);
            // The cascade runs inside a release's transaction, under its settings.
            String plan = underTransactionSettings(store, PostgresPlanTest::portCascadePlan);

            // With an index on allocation_id alone this was a BitmapAnd with the primary key's pool_name prefix.
            assertThat(plan).doesNotContain("Bitmap").contains("Index Scan using allocated_port_allocation_pool_ix");
        }
    }

    @Test
    void aTransactionsStatementsArePlannedOnceForAnyParameters() throws SQLException {
        try (JdbcStore store = JdbcStore.open(PostgresTestDatabase.settings())) {
            PostgresTestDatabase.truncate(store);
            String plan = underTransactionSettings(store, PostgresPlanTest::preparedKeyLookUpPlan);

            // A generic plan names its parameters; a plan made for one run shows that run's values instead.
            assertThat(plan).contains("$1").doesNotContain("Seq Scan").containsPattern("Index Scan (on|using) allocation_");
        }
    }

    /** What the work returns on the connection of a store transaction, after a look-up has applied its settings. */
    private static String underTransactionSettings(JdbcStore store, ReturningWork<String> work) {
        return store.transactions().inTransaction(() -> {
            store.allocations().findByKeys(List.of(new AllocationKey(POOL, DeploymentName.of("dep"), ServiceName.of("web"))));
            return ((JpaTransactionRunner) store.transactions()).current().entityManager().unwrap(Session.class)
                    .doReturningWork(work);
        });
    }

    /**
     * The plan of the key look-up's first run, prepared on the server as the driver prepares a statement it
     * runs often. By default PostgreSQL plans such a statement again for each of its first five runs, and
     * for good when a generic plan looks costlier than those.
     */
    private static String preparedKeyLookUpPlan(Connection connection) throws SQLException {
        String sql = AllocationSql.findByKeysSql(2);
        StringBuilder numbered = new StringBuilder();
        int parameter = 0;
        for (char c : sql.toCharArray()) {
            numbered.append(c == '?' ? "$" + ++parameter : String.valueOf(c));
        }
        StringBuilder plan = new StringBuilder();
        try (Statement statement = connection.createStatement()) {
            statement.execute("PREPARE key_look_up AS " + numbered);
            try (ResultSet rows = statement.executeQuery(
                    "EXPLAIN EXECUTE key_look_up('edge', 'dep', 'web', 'edge', 'other', 'web')")) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            }
            statement.execute("DEALLOCATE key_look_up");
        }
        return plan.toString();
    }

    /**
     * The plan of the statement ON DELETE CASCADE runs for each allocation deleted. PostgreSQL keeps that
     * statement prepared for the connection and, in portalloc's transactions, plans it once for any
     * allocation: the generic plan.
     */
    private static String portCascadePlan(Connection connection) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (Statement statement = connection.createStatement()) {
            statement.execute("PREPARE port_cascade(varchar, varchar) AS "
                    + "DELETE FROM ONLY allocated_port WHERE $1 = allocation_id AND $2 = pool_name");
            try (ResultSet rows = statement.executeQuery("EXPLAIN EXECUTE port_cascade('id', 'edge')")) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            }
            statement.execute("DEALLOCATE port_cascade");
        }
        return plan.toString();
    }
}
