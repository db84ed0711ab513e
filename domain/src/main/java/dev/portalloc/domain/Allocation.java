package dev.portalloc.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Ports held by one service of one deployment in one pool, as a single all-or-nothing unit.
 *
 * @param ports     the ports held, ascending
 * @param shape     what was asked for; decides whether a repeated request is the same request
 * @param expiresAt when the lease ends, or {@code null} for an allocation that never expires
 */
public record Allocation(AllocationId id, PoolName pool, DeploymentName deployment, ServiceName service,
                         List<Integer> ports, AllocationShape shape, Instant createdAt, Instant expiresAt) {
    public Allocation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(createdAt, "createdAt");
        ports = ports.stream().sorted().toList();
        if (ports.isEmpty()) {
            throw new IllegalArgumentException("an allocation holds at least one port");
        }
    }

    public AllocationKey key() {
        return new AllocationKey(pool, deployment, service);
    }

    /** Whether the lease has ended at {@code now}: an allocation expires at {@code expiresAt} exactly. */
    public boolean isExpiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
