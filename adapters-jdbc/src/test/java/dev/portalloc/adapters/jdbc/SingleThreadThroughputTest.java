package dev.portalloc.adapters.jdbc;

import dev.portalloc.application.port.in.AllocatePortsCommand;
import dev.portalloc.application.port.in.DefinePoolCommand;
import dev.portalloc.application.port.in.ReleaseAllocationCommand;
import dev.portalloc.application.port.in.UseCases;
import dev.portalloc.domain.Allocation;
import dev.portalloc.domain.AllocationShape;
import dev.portalloc.domain.DeploymentName;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.PortRange;
import dev.portalloc.domain.ServiceName;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A measurement, not a gate: one thread allocating a port and releasing it again, as fast as the store
 * lets it, for about two seconds per backend. Prints allocations per second.
 */
class SingleThreadThroughputTest {
    private static final Duration WARM_UP = Duration.ofMillis(500);
    private static final Duration MEASURED = Duration.ofSeconds(2);
    private static final PoolName POOL = PoolName.of("bench");

    @Test
    void onH2() {
        String url = H2TestDatabase.newUrl("throughput");
        try {
            measure("H2", H2TestDatabase.settings(url), store -> {
            });
        } finally {
            H2TestDatabase.shutdown(url);
        }
    }

    @Test
    void onPostgresql() {
        measure("PostgreSQL", PostgresTestDatabase.settings(), PostgresTestDatabase::truncate);
    }

    private static void measure(String backend, JdbcSettings settings, Consumer<JdbcStore> empty) {
        try (JdbcStore store = JdbcStore.open(settings)) {
            empty.accept(store);
            UseCases useCases = TestUseCases.of(store, Clock.systemUTC());
            useCases.definePool().definePool(new DefinePoolCommand(POOL, PortRange.of(10000, 19999), Set.of()));

            loop(useCases, WARM_UP);
            long begin = System.nanoTime();
            long allocations = loop(useCases, MEASURED);
            double seconds = (System.nanoTime() - begin) / 1e9;

            System.out.printf("portalloc single-thread throughput, %s: %.0f allocations/s (%d allocate+release pairs in %.1f s)%n",
                    backend, allocations / seconds, allocations, seconds);
            assertThat(allocations).isPositive();
        }
    }

    private static long loop(UseCases useCases, Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        long allocations = 0;
        while (System.nanoTime() < deadline) {
            Allocation allocation = useCases.allocatePorts().allocatePorts(new AllocatePortsCommand(POOL,
                    DeploymentName.of("bench"), ServiceName.of("svc"), AllocationShape.dynamic(1, false))).allocation();
            useCases.releaseAllocation().releaseAllocation(new ReleaseAllocationCommand(allocation.id()));
            allocations++;
        }
        return allocations;
    }
}
