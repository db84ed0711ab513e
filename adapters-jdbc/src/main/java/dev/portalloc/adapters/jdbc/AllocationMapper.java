package dev.portalloc.adapters.jdbc;

import dev.portalloc.domain.Allocation;
import dev.portalloc.domain.AllocationId;
import dev.portalloc.domain.AllocationShape;
import dev.portalloc.domain.DeploymentName;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.ServiceName;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Rows to allocations. Reads are plain tuples, so nothing read stays managed by JPA. */
final class AllocationMapper {
    private static final String COLUMNS = "a.id, a.poolName, a.deployment, a.service, a.requestedCount,"
            + " a.contiguous, a.requestedPorts, a.createdAt, a.expiresAt";
    /** The columns {@link #fromRow} reads, in order. */
    static final String SELECT_COLUMNS = "select " + COLUMNS + " from Allocation a";
    /** The same columns plus one port per row, at {@link #PORT_COLUMN}: one row per allocated port. */
    static final String SELECT_COLUMNS_AND_PORTS = "select " + COLUMNS + ", p.key.port from Allocation a"
            + " join AllocatedPort p on p.allocationId = a.id";
    static final int PORT_COLUMN = 9;

    private AllocationMapper() {
    }

    static String idOf(Object[] row) {
        return (String) row[0];
    }

    /** Rows of {@link #SELECT_COLUMNS_AND_PORTS}, one per port, to allocations in the order of their first rows. */
    static List<Allocation> fromJoinedRows(List<Object[]> rows) {
        Map<String, Object[]> firstRows = new LinkedHashMap<>();
        Map<String, List<Integer>> ports = new HashMap<>();
        for (Object[] row : rows) {
            String id = idOf(row);
            firstRows.putIfAbsent(id, row);
            ports.computeIfAbsent(id, k -> new ArrayList<>()).add((Integer) row[PORT_COLUMN]);
        }
        List<Allocation> allocations = new ArrayList<>(firstRows.size());
        firstRows.forEach((id, row) -> allocations.add(fromRow(row, ports.get(id))));
        return allocations;
    }

    static Allocation fromRow(Object[] row, List<Integer> ports) {
        String requested = (String) row[6];
        // The canonical constructor: stored shapes were validated when they were made.
        AllocationShape shape = new AllocationShape((Integer) row[4],
                requested == null ? List.of() : PortListCodec.decode(requested), (Boolean) row[5]);
        return new Allocation(AllocationId.of((String) row[0]), PoolName.of((String) row[1]),
                DeploymentName.of((String) row[2]), ServiceName.of((String) row[3]), ports, shape,
                (Instant) row[7], (Instant) row[8]);
    }
}
