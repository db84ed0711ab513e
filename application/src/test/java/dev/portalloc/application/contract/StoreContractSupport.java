package dev.portalloc.application.contract;

import dev.portalloc.domain.Allocation;
import dev.portalloc.domain.AllocationId;
import dev.portalloc.domain.AllocationShape;
import dev.portalloc.domain.DeploymentName;
import dev.portalloc.domain.Pool;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.PortRange;
import dev.portalloc.domain.ServiceName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** Opens a fresh store for each test and offers small builders shared by the contracts. */
abstract class StoreContractSupport {
    protected static final Instant T0 = Instant.parse("2026-11-27T08:00:00.123Z");

    protected StoreFixture store;
    private int idSequence;

    /** A new, empty store. Called before each test; closed after it. */
    protected abstract StoreFixture openStore();

    @BeforeEach
    final void openFixture() {
        store = openStore();
    }

    @AfterEach
    final void closeFixture() {
        store.close();
    }

    protected <T> T tx(Supplier<T> work) {
        return store.transactions().inTransaction(work);
    }

    protected void txRun(Runnable work) {
        tx(() -> {
            work.run();
            return null;
        });
    }

    protected static Pool pool(String name, int min, int max, Integer... reserved) {
        return Pool.create(PoolName.of(name), PortRange.of(min, max), Set.of(reserved));
    }

    protected Pool addPool(String name, int min, int max) {
        Pool pool = pool(name, min, max);
        txRun(() -> store.pools().add(pool));
        return pool;
    }

    protected Allocation allocation(String pool, String deployment, String service, Integer... ports) {
        return leased(null, pool, deployment, service, ports);
    }

    /** An allocation whose lease ends at {@code expiresAt} ({@code null}: never). */
    protected Allocation leased(Instant expiresAt, String pool, String deployment, String service, Integer... ports) {
        idSequence++;
        Instant createdAt = T0.plusMillis(idSequence);
        return new Allocation(AllocationId.of(String.format("%012x%014x", createdAt.toEpochMilli(), idSequence)),
                PoolName.of(pool), DeploymentName.of(deployment), ServiceName.of(service), List.of(ports),
                AllocationShape.dynamic(ports.length, false), createdAt, expiresAt);
    }
}
