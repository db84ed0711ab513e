package dev.portalloc.application.port.in;

import dev.portalloc.domain.AllocationId;
import dev.portalloc.domain.DeploymentName;
import dev.portalloc.domain.InvalidInputException;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.ServiceName;

import java.util.Objects;
import java.util.Optional;

/**
 * One page of a pool's allocations, optionally for one deployment and one service.
 *
 * @param after the {@link AllocationPage#next()} cursor of the previous page
 * @param limit page size, 1..{@value #MAX_LIMIT}
 */
public record ListAllocationsQuery(PoolName pool, Optional<DeploymentName> deployment, Optional<ServiceName> service,
                                   Optional<AllocationId> after, int limit) {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    public ListAllocationsQuery {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(after, "after");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("limit", "limit must be within 1.." + MAX_LIMIT + " (got " + limit + ")");
        }
    }
}
