package dev.portalloc.embedded;

import dev.portalloc.adapters.host.LocalHostPorts;
import dev.portalloc.adapters.jdbc.JdbcSettings;
import dev.portalloc.adapters.jdbc.JdbcStore;
import dev.portalloc.application.port.in.DefinePoolCommand;
import dev.portalloc.application.port.in.UseCases;
import dev.portalloc.application.port.out.HostPorts;
import dev.portalloc.application.service.UseCaseFactory;
import dev.portalloc.domain.DeploymentName;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.PortRange;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * portalloc inside a Java process: the use cases over a relational database (H2 or PostgreSQL), and a
 * background reaper that releases expired leases. Opening migrates the schema. Instances are
 * thread-safe; several instances, in one process or many, may share one database. Close it to stop the
 * reaper and release the connection pool it created (a caller's own {@link DataSource} is left open).
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
    /** How often expired leases are released unless configured otherwise. */
    public static final Duration DEFAULT_REAPER_INTERVAL = Duration.ofSeconds(5);

    private final JdbcStore store;
    private final UseCases useCases;
    private final Reaper reaper;

    private Portalloc(JdbcStore store, HostPorts hostPorts, Clock clock, Duration reaperInterval) {
        this.store = store;
        this.useCases = new UseCaseFactory(store.pools(), store.allocations(), store.events(), hostPorts,
                store.transactions(), clock).create();
        this.reaper = Reaper.start(useCases.reapExpiredAllocations(), reaperInterval);
    }

    /** On the caller's data source, which stays the caller's to close. */
    public static Portalloc open(DataSource dataSource) {
        return builder().dataSource(dataSource).open();
    }

    /** On a database by JDBC URL, with a connection pool of its own. */
    public static Portalloc open(String jdbcUrl, String user, String password) {
        return builder().database(JdbcSettings.of(jdbcUrl, user, password)).open();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every use case: allocate, release, reset, renew, pools, look-ups, events. */
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
        try {
            reaper.close();
        } finally {
            store.close();
        }
    }

    /** Where the state lives and how the background work runs. */
    public static final class Builder {
        private Supplier<JdbcStore> store;
        private HostPorts hostPorts = new LocalHostPorts();
        private Clock clock = Clock.systemUTC();
        private Duration reaperInterval = DEFAULT_REAPER_INTERVAL;

        private Builder() {
        }

        /** The platform's own data source; it is never closed by portalloc. */
        public Builder dataSource(DataSource dataSource) {
            Objects.requireNonNull(dataSource, "dataSource");
            this.store = () -> JdbcStore.open(dataSource);
            return this;
        }

        /** A database portalloc connects to with a pool of its own. */
        public Builder database(JdbcSettings settings) {
            Objects.requireNonNull(settings, "settings");
            this.store = () -> JdbcStore.open(settings);
            return this;
        }

        /** How often expired leases are released (default 5 s). */
        public Builder reaperInterval(Duration interval) {
            this.reaperInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /** The time leases are measured by (default the system clock, UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** What this machine says about its ports, for pools with host check (default: this machine's). */
        public Builder hostPorts(HostPorts hostPorts) {
            this.hostPorts = Objects.requireNonNull(hostPorts, "hostPorts");
            return this;
        }

        public Portalloc open() {
            if (store == null) {
                throw new IllegalStateException("a data source or database settings are required");
            }
            if (reaperInterval.isNegative() || reaperInterval.isZero()) {
                throw new IllegalArgumentException("reaper interval must be positive (got " + reaperInterval + ")");
            }
            JdbcStore opened = store.get();
            try {
                return new Portalloc(opened, hostPorts, clock, reaperInterval);
            } catch (RuntimeException e) {
                opened.close();
                throw e;
            }
        }
    }
}
