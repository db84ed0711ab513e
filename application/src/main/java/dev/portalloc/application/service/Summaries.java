package dev.portalloc.application.service;

import dev.portalloc.application.port.in.PoolSummary;
import dev.portalloc.application.port.out.AllocationRepository;
import dev.portalloc.application.port.out.HostPorts;
import dev.portalloc.domain.Pool;
import dev.portalloc.domain.PortRange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Builds what callers see of a pool: counts net of expired leases, and warnings. */
final class Summaries {
    private final AllocationRepository allocations;
    private final HostPorts hostPorts;

    Summaries(AllocationRepository allocations, HostPorts hostPorts) {
        this.allocations = Objects.requireNonNull(allocations);
        this.hostPorts = Objects.requireNonNull(hostPorts);
    }

    PoolSummary of(Pool pool, Instant now) {
        return PoolSummary.of(pool, allocations.countExpiredPorts(pool.name(), now), warnings(pool));
    }

    private List<String> warnings(Pool pool) {
        List<String> warnings = new ArrayList<>();
        if (pool.hostCheck()) {
            // Only a pool that describes this machine shares its ephemeral ports.
            hostPorts.ephemeralRange().filter(ephemeral -> overlaps(ephemeral, pool.range())).ifPresent(ephemeral ->
                    warnings.add("range " + pool.range() + " overlaps this machine's ephemeral port range " + ephemeral
                            + ": the operating system may give those ports to outgoing connections at any time"));
        }
        return warnings;
    }

    private static boolean overlaps(PortRange a, PortRange b) {
        return a.min() <= b.max() && b.min() <= a.max();
    }
}
