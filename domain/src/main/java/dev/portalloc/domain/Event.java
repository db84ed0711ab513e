package dev.portalloc.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One entry of the audit history: a change to an allocation or a pool. Events are recorded in the same
 * transaction as the change.
 *
 * @param seq          the position in the history, strictly increasing in the order events became
 *                     visible; {@link #UNSEQUENCED} until the log assigns it
 * @param deployment   {@code null} for pool events
 * @param service      {@code null} for pool events
 * @param allocationId {@code null} for pool events
 * @param ports        the ports concerned, ascending; empty for pool events
 * @param actor        who caused it (an API token's name), or {@code null}
 */
public record Event(long seq, Instant at, EventType type, PoolName pool, DeploymentName deployment,
                    ServiceName service, AllocationId allocationId, List<Integer> ports, String actor) {
    public static final long UNSEQUENCED = 0;

    public Event {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(pool, "pool");
        ports = ports.stream().sorted().toList();
    }

    /** An allocation's event of the given type (allocated, released or expired). */
    public static Event of(EventType type, Allocation allocation, Instant at, String actor) {
        return new Event(UNSEQUENCED, at, type, allocation.pool(), allocation.deployment(), allocation.service(),
                allocation.id(), allocation.ports(), actor);
    }

    /** A pool's event (pool-created, pool-changed or pool-deleted). */
    public static Event ofPool(EventType type, PoolName pool, Instant at, String actor) {
        return new Event(UNSEQUENCED, at, type, pool, null, null, null, List.of(), actor);
    }

    /** This event at its place in the history. */
    public Event withSeq(long newSeq) {
        return new Event(newSeq, at, type, pool, deployment, service, allocationId, ports, actor);
    }
}
