package dev.portalloc.application.port.in;

import dev.portalloc.domain.Pool;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.PortRange;

import java.util.List;

/**
 * A pool as callers see it: its definition, its counts and anything about it an operator should know.
 * Ports of expired allocations that are not yet released count as available.
 */
public record PoolSummary(PoolName name, PortRange range, List<Integer> reserved, boolean hostCheck, int capacity,
                          int allocated, int available, List<String> warnings) {
    public PoolSummary {
        reserved = List.copyOf(reserved);
        warnings = List.copyOf(warnings);
    }

    /**
     * @param expiredPorts ports the pool still holds for allocations that have expired
     */
    public static PoolSummary of(Pool pool, int expiredPorts, List<String> warnings) {
        int allocated = pool.allocatedCount() - expiredPorts;
        return new PoolSummary(pool.name(), pool.range(), List.copyOf(pool.reserved()), pool.hostCheck(),
                pool.capacity(), allocated, pool.capacity() - allocated, warnings);
    }
}
