package dev.portalloc.application.port.in;

import dev.portalloc.domain.Pool;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.PortRange;

import java.util.List;

/** A pool as callers see it: its definition and its counts. */
public record PoolSummary(PoolName name, PortRange range, List<Integer> reserved, int capacity, int allocated,
                          int available) {
    public PoolSummary {
        reserved = List.copyOf(reserved);
    }

    public static PoolSummary of(Pool pool) {
        return new PoolSummary(pool.name(), pool.range(), List.copyOf(pool.reserved()), pool.capacity(),
                pool.allocatedCount(), pool.availableCount());
    }
}
