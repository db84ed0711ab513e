package dev.portalloc.domain;

import java.util.Objects;

/**
 * What an allocation is for: one service of one deployment in one pool. A pool holds at most one allocation
 * per key, and asking again for a key it holds is answered with that allocation.
 */
public record AllocationKey(PoolName pool, DeploymentName deployment, ServiceName service) {
    public AllocationKey {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(service, "service");
    }
}
