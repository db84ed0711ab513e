package dev.portalloc.adapters.jdbc;

import dev.portalloc.application.port.out.StoreUnavailableException;
import dev.portalloc.domain.Pool;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.PortRange;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Opening, migrating, closing and the readiness check of {@link JdbcStore}, on H2. */
class JdbcStoreTest {
    private final String url = H2TestDatabase.newUrl("store");

    @AfterEach
    void dropDatabase() {
        H2TestDatabase.shutdown(url);
    }

    @Test
    void aStoreOnACallerOwnedDataSourceLeavesItOpen() throws SQLException {
        DataSource dataSource = h2DataSource();
        JdbcStore store = JdbcStore.open(dataSource);
        store.transactions().inTransaction(() -> {
            store.pools().add(Pool.create(PoolName.of("edge"), PortRange.of(10000, 10099), Set.of()));
            return null;
        });
        assertThat(store.isReachable()).isTrue();

        store.close();

        assertThat(store.isReachable()).isFalse();
        assertThat(count(dataSource, "select count(*) from pool")).isEqualTo(1);
    }

    @Test
    void openingAgainOnAMigratedDatabaseMigratesNothing() throws SQLException {
        String history = "select count(*) from \"flyway_schema_history\"";
        JdbcStore.open(H2TestDatabase.settings(url)).close();
        long migrations = count(h2DataSource(), history);
        try (JdbcStore again = JdbcStore.open(H2TestDatabase.settings(url))) {
            assertThat(again.isReachable()).isTrue();
        }

        assertThat(count(h2DataSource(), history)).isEqualTo(migrations);
        assertThat(count(h2DataSource(), history + " where \"version\" = '1' and \"success\"")).isEqualTo(1);
        assertThat(count(h2DataSource(), history + " where \"version\" = '2' and \"success\"")).isEqualTo(1);
    }

    @Test
    void aVersionOneDatabaseIsUpgradedWithItsPoolsKeptAndWithoutHostCheck() throws SQLException {
        JdbcDataSource dataSource = h2DataSource();
        Flyway.configure().dataSource(dataSource).locations(Vendor.H2.migrationLocation()).target("1").load().migrate();
        Pool before = Pool.create(PoolName.of("edge"), PortRange.of(10000, 10099), Set.of(10050));
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("insert into pool (name, min_port, max_port,"
                     + " reserved, next_port, taken_bits, version) values ('edge', 10000, 10099, '10050', 10000, ?, 0)")) {
            insert.setBytes(1, before.takenBits());
            insert.executeUpdate();
        }

        try (JdbcStore store = JdbcStore.open(H2TestDatabase.settings(url))) {
            Pool after = store.transactions().readOnly(() -> store.pools().find(PoolName.of("edge"))).orElseThrow();

            assertThat(after.range()).isEqualTo(before.range());
            assertThat(after.reserved()).containsExactly(10050);
            assertThat(after.hostCheck()).isFalse();
            assertThat(store.transactions().inTransaction(() -> store.events().read(0, 10, Optional.empty(),
                    Optional.empty()))).isEmpty();
        }
    }

    @Test
    void aStoreThatOpenedItsPoolClosesIt() {
        JdbcStore store = JdbcStore.open(H2TestDatabase.settings(url));
        DataSource pool = store.dataSource();

        store.close();
        store.close();

        assertThat(store.isReachable()).isFalse();
        assertThatThrownBy(pool::getConnection).isInstanceOf(SQLException.class);
    }

    @Test
    void onH2TheStoresOwnPoolKeepsEnoughParsedStatementsForABatch() throws SQLException {
        try (JdbcStore store = JdbcStore.open(H2TestDatabase.settings(url))) {
            assertThat(h2QueryCacheSize(store.dataSource())).isEqualTo(JdbcStore.H2_QUERY_CACHE_SIZE);
        }
    }

    @Test
    void onH2ACacheSizeInTheUrlWins() throws SQLException {
        String ownSize = url + ";query_cache_size=16";
        try (JdbcStore store = JdbcStore.open(H2TestDatabase.settings(ownSize))) {
            assertThat(h2QueryCacheSize(store.dataSource())).isEqualTo(16);
        }
    }

    @Test
    void aDatabaseOtherThanH2OrPostgresqlIsRefused() {
        DataSource mysql = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getConnection" -> fakeConnection("MySQL", "8.4.0");
                    default -> throw new UnsupportedOperationException(method.getName());
                });

        assertThatThrownBy(() -> JdbcStore.open(mysql))
                .isInstanceOf(UnsupportedDatabaseException.class)
                .hasMessageContaining("H2 or PostgreSQL")
                .hasMessageContaining("MySQL 8.4.0");
    }

    @Test
    void anUnreachableDatabaseIsReportedAsUnavailable() {
        JdbcSettings nowhere = JdbcSettings.of("jdbc:postgresql://127.0.0.1:1/nothing", "nobody", "secret")
                .withConnectionTimeout(Duration.ofMillis(250));

        assertThatThrownBy(() -> JdbcStore.open(nowhere))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageNotContaining("secret");
    }

    @Test
    void connectionsThatCannotBeHadAreRetriedThenReportedAsUnavailable() {
        SwitchableDataSource dataSource = new SwitchableDataSource(h2DataSource());
        try (JdbcStore store = JdbcStore.open(dataSource, Duration.ofMillis(200), 3)) {
            dataSource.failing = true;

            assertThatThrownBy(() -> store.transactions().inTransaction(() -> store.pools().findAll()))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("3 attempts");
            assertThat(store.counters().retries(TransientCause.CONNECTION)).isEqualTo(2);
            assertThat(store.counters().unavailable()).isEqualTo(1);
            assertThat(store.isReachable()).isFalse();

            dataSource.failing = false;
            assertThat(store.transactions().inTransaction(() -> store.pools().findAll())).isEmpty();
            assertThat(store.isReachable()).isTrue();
        }
    }

    @Test
    void settingsHaveDefaultsRefuseNonsenseAndKeepThePasswordOutOfToString() {
        JdbcSettings settings = JdbcSettings.of(url, "sa", "hunter2");

        assertThat(settings.maxPoolSize()).isEqualTo(JdbcSettings.DEFAULT_MAX_POOL_SIZE);
        assertThat(settings.lockTimeout()).isEqualTo(JdbcSettings.DEFAULT_LOCK_TIMEOUT);
        assertThat(settings.maxAttempts()).isEqualTo(JdbcSettings.DEFAULT_MAX_ATTEMPTS);
        assertThat(settings.connectionTimeout()).isEqualTo(JdbcSettings.DEFAULT_CONNECTION_TIMEOUT);
        assertThat(settings.toString()).contains(url).doesNotContain("hunter2");
        assertThatThrownBy(() -> settings.withMaxPoolSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> settings.withMaxAttempts(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> settings.withLockTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> settings.withConnectionTimeout(Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JdbcSettings.of(" ", "sa", "")).isInstanceOf(IllegalArgumentException.class);
    }

    private JdbcDataSource h2DataSource() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(url);
        dataSource.setUser("sa");
        dataSource.setPassword("");
        return dataSource;
    }

    private static long h2QueryCacheSize(DataSource dataSource) throws SQLException {
        return count(dataSource,
                "select cast(setting_value as int) from information_schema.settings where setting_name = 'QUERY_CACHE_SIZE'");
    }

    private static long count(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static Connection fakeConnection(String product, String version) {
        DatabaseMetaData metaData = (DatabaseMetaData) Proxy.newProxyInstance(JdbcStoreTest.class.getClassLoader(),
                new Class<?>[] {DatabaseMetaData.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getDatabaseProductName" -> product;
                    case "getDatabaseProductVersion" -> version;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (Connection) Proxy.newProxyInstance(JdbcStoreTest.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getMetaData" -> metaData;
                    case "close" -> null;
                    case "isClosed" -> false;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A DataSource that can be told to behave like a pool that has no connection to give. */
    private static final class SwitchableDataSource implements DataSource {
        private final DataSource target;
        volatile boolean failing;

        SwitchableDataSource(DataSource target) {
            this.target = target;
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (failing) {
                throw new SQLTransientConnectionException("Connection is not available, request timed out");
            }
            return target.getConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return target.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            target.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            target.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return target.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return target.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            return target.unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return target.isWrapperFor(type);
        }
    }
}
