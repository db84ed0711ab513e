package dev.portalloc.adapters.jdbc;

import dev.portalloc.domain.AllocationId;
import dev.portalloc.domain.DeploymentName;
import dev.portalloc.domain.Event;
import dev.portalloc.domain.EventType;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.ServiceName;

import java.time.Instant;

/** Rows of {@code event} to events. Reads are plain tuples, so nothing read stays managed by JPA. */
final class EventMapper {
    /** The columns {@link #fromRow} reads, in order. */
    static final String SELECT_COLUMNS = "select e.seq, e.occurredAt, e.type, e.poolName, e.deployment, e.service,"
            + " e.allocationId, e.ports, e.actor from Event e";

    private EventMapper() {
    }

    static Event fromRow(Object[] row) {
        String deployment = (String) row[4];
        String service = (String) row[5];
        String allocationId = (String) row[6];
        return new Event((Long) row[0], (Instant) row[1], EventType.ofCode((String) row[2]), PoolName.of((String) row[3]),
                deployment == null ? null : DeploymentName.of(deployment),
                service == null ? null : ServiceName.of(service),
                allocationId == null ? null : AllocationId.of(allocationId),
                PortListCodec.decode((String) row[7]), (String) row[8]);
    }
}
