package dev.portalloc.benchmarks.load;

import dev.portalloc.adapters.jdbc.JdbcSettings;
import dev.portalloc.application.port.in.AllocatePortsCommand;
import dev.portalloc.application.port.in.DefinePoolCommand;
import dev.portalloc.application.port.in.ReleaseAllocationCommand;
import dev.portalloc.application.port.in.UseCases;
import dev.portalloc.domain.AllocationId;
import dev.portalloc.domain.AllocationShape;
import dev.portalloc.domain.DeploymentName;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.PortRange;
import dev.portalloc.domain.ServiceName;
import dev.portalloc.embedded.Portalloc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Cycles through the use cases in this JVM, on exactly the graph the server builds (the embedded
 * {@link Portalloc}: JDBC store, connection pool, use cases, reaper, with the server's default
 * settings), so the only difference from the HTTP runs is HTTP itself.
 */
public final class InProcessLoad implements AutoCloseable {
    private static final ServiceName SERVICE = ServiceName.of(LoadDriver.SERVICE);
    private static final AllocationShape ONE_PORT = AllocationShape.dynamic(1, false);

    private final String backend;
    private final Portalloc portalloc;

    private InProcessLoad(String backend, Portalloc portalloc) {
        this.backend = backend;
        this.portalloc = portalloc;
    }

    /** Opens (and migrates) the database with the same settings a server started on that URL would use. */
    public static InProcessLoad open(String backend, String jdbcUrl, String user, String password) {
        return new InProcessLoad(backend, Portalloc.builder().database(JdbcSettings.of(jdbcUrl, user, password)).open());
    }

    /** Creates the pools that do not exist yet, over {@link BenchPools}' range; existing ones are left alone. */
    public void definePools(List<String> names) {
        for (String name : names) {
            portalloc.useCases().definePool().definePoolIfAbsent(new DefinePoolCommand(PoolName.of(name),
                    PortRange.of(BenchPools.MIN_PORT, BenchPools.MAX_PORT), Set.of()));
        }
    }

    /**
     * Makes each pool hold {@code perPool} allocations of one port (deployments {@code held-1..held-N}) for
     * the rest of the run; allocations that exist already are kept, so it can run again. Sixty-four threads
     * share the pools, so that the requests are decided in batches as under load.
     *
     * @return how many allocations the pools hold from it
     */
    public int holdPorts(List<String> pools, int perPool) throws InterruptedException {
        definePools(pools);
        UseCases useCases = portalloc.useCases();
        ExecutorService threads = Executors.newFixedThreadPool(Math.min(64, pools.size() * perPool));
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int held = 1; held <= perPool; held++) {
                DeploymentName deployment = DeploymentName.of("held-" + held);
                for (String pool : pools) {
                    work.add(threads.submit(() -> useCases.allocatePorts().allocatePorts(
                            new AllocatePortsCommand(PoolName.of(pool), deployment, SERVICE, ONE_PORT))));
                }
            }
            for (Future<?> allocation : work) {
                allocation.get();
            }
            return work.size();
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not hold the pools' ports: " + e.getCause(), e.getCause());
        } finally {
            threads.shutdownNow();
        }
    }

    /** Defines the pools if needed, then runs warm-up and measured phase with {@code clients} threads. */
    public LoadResult run(String label, List<String> pools, int clients, Duration warmup, Duration measure)
            throws InterruptedException {
        definePools(pools);
        UseCases useCases = portalloc.useCases();
        LoadDriver.Plan plan = new LoadDriver.Plan(label, backend, LoadResult.IN_PROCESS, clients, pools, warmup, measure);
        return LoadDriver.run(plan, index -> new UseCaseClient(useCases));
    }

    @Override
    public void close() {
        portalloc.close();
    }

    /** A cycle as two use case calls; the use cases are thread-safe, so this only holds a reference. */
    private static final class UseCaseClient implements CycleClient {
        private final UseCases useCases;

        UseCaseClient(UseCases useCases) {
            this.useCases = useCases;
        }

        @Override
        public String allocate(String pool, String deployment) {
            return useCases.allocatePorts().allocatePorts(new AllocatePortsCommand(PoolName.of(pool),
                    DeploymentName.of(deployment), SERVICE, ONE_PORT)).allocation().id().value();
        }

        @Override
        public void release(String allocationId) {
            useCases.releaseAllocation().releaseAllocation(new ReleaseAllocationCommand(AllocationId.of(allocationId)));
        }
    }
}
