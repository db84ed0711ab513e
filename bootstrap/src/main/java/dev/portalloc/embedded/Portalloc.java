package dev.portalloc.embedded;

import dev.portalloc.adapters.jdbc.JdbcSettings;
import dev.portalloc.adapters.jdbc.JdbcStore;
import dev.portalloc.application.port.in.DefinePoolCommand;
import dev.portalloc.application.port.in.UseCases;
import dev.portalloc.application.service.UseCaseFactory;
import dev.portalloc.domain.DeploymentName;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.PortRange;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;

/**
 * portalloc inside a Java process: the use cases over a relational database (H2 or PostgreSQL).
 * Opening migrates the schema. Instances are thread-safe; several instances, in one process or many,
 * may share one database. Close it to release the connection pool it created (a caller's own
 * {@link DataSource} is left open).
 *
 * <pre>{@code
 * try (Portalloc portalloc = Portalloc.open(dataSource)) {
 *     portalloc.definePoolIfAbsent("default", 10000, 19999);
 *     DeploymentSession session = portalloc.session("dep-42", "default");
 *     int amqp = session.allocate("rabbitmq");
 *     List<Integer> web = session.allocateN("web", 3);
 *     session.reset();
 * }
 * }</pre>
 */
public final class Portalloc implements AutoCloseable {
    private final JdbcStore store;
    private final UseCases useCases;

    private Portalloc(JdbcStore store, Clock clock) {
        this.store = store;
        this.useCases = UseCaseFactory.create(store.pools(), store.allocations(), store.transactions(), clock);
    }

    /** On the caller's data source, which stays the caller's to close. */
    public static Portalloc open(DataSource dataSource) {
        return new Portalloc(JdbcStore.open(Objects.requireNonNull(dataSource, "dataSource")), Clock.systemUTC());
    }

    /** On a database by JDBC URL, with a connection pool of its own. */
    public static Portalloc open(String jdbcUrl, String user, String password) {
        return open(JdbcSettings.of(jdbcUrl, user, password));
    }

    /** On a database with explicit connection settings. */
    public static Portalloc open(JdbcSettings settings) {
        return new Portalloc(JdbcStore.open(settings), Clock.systemUTC());
    }

    /** Every use case: allocate, release, reset, pools, look-ups. */
    public UseCases useCases() {
        return useCases;
    }

    /** Creates the pool unless one of that name exists (an existing pool is left as it is). */
    public void definePoolIfAbsent(String pool, int minPort, int maxPort, Integer... reserved) {
        useCases.definePool().definePoolIfAbsent(new DefinePoolCommand(PoolName.of(pool),
                PortRange.of(minPort, maxPort), Set.of(reserved)));
    }

    /** The per-deployment view of one pool. */
    public DeploymentSession session(String deployment, String pool) {
        return new DeploymentSession(useCases, DeploymentName.of(deployment), PoolName.of(pool));
    }

    /** Whether the database answers now. */
    public boolean isReady() {
        return store.isReachable();
    }

    @Override
    public void close() {
        store.close();
    }
}
