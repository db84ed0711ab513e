package dev.portalloc.systemtests;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The soak database as it is, read directly over JDBC when no instance is changing it: the rows behind
 * every pool, allocation and port, and the event table's own counts.
 */
record DbSnapshot(Map<String, PoolRow> pools, Map<String, AllocationRow> allocations, List<PortRow> ports,
                  long orphanPortRows, long eventRows, long unsequencedEvents, long leasedAllocations) {

    /** {@code taken} is the pool's stored occupancy bitset: bit i is port {@code minPort + i}. */
    record PoolRow(String name, int minPort, int maxPort, BitSet taken) {
    }

    record AllocationRow(String id, String pool, String deployment, String service, int requestedCount,
                         boolean contiguous, String requestedPorts, Instant createdAt, Instant expiresAt) {
    }

    record PortRow(String pool, int port, String allocationId) {
    }

    static DbSnapshot read(String url) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url)) {
            connection.setReadOnly(true);
            connection.setAutoCommit(false);
            // One snapshot for every query, so the counts agree with each other.
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (Statement statement = connection.createStatement()) {
                Map<String, PoolRow> pools = new LinkedHashMap<>();
                try (ResultSet rows = statement.executeQuery(
                        "SELECT name, min_port, max_port, taken_bits FROM pool ORDER BY name")) {
                    while (rows.next()) {
                        byte[] bits = rows.getBytes(4);
                        pools.put(rows.getString(1), new PoolRow(rows.getString(1), rows.getInt(2), rows.getInt(3),
                                BitSet.valueOf(bits == null ? new byte[0] : bits)));
                    }
                }
                Map<String, AllocationRow> allocations = new LinkedHashMap<>();
                try (ResultSet rows = statement.executeQuery("SELECT id, pool_name, deployment, service,"
                        + " requested_count, contiguous, requested_ports, created_at, expires_at FROM allocation")) {
                    while (rows.next()) {
                        allocations.put(rows.getString(1), new AllocationRow(rows.getString(1), rows.getString(2),
                                rows.getString(3), rows.getString(4), rows.getInt(5), rows.getBoolean(6),
                                rows.getString(7), instant(rows.getTimestamp(8)), instant(rows.getTimestamp(9))));
                    }
                }
                List<PortRow> ports = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery(
                        "SELECT pool_name, port, allocation_id FROM allocated_port ORDER BY pool_name, port")) {
                    while (rows.next()) {
                        ports.add(new PortRow(rows.getString(1), rows.getInt(2), rows.getString(3)));
                    }
                }
                long orphans = count(statement, "SELECT count(*) FROM allocated_port p LEFT JOIN allocation a"
                        + " ON a.id = p.allocation_id AND a.pool_name = p.pool_name WHERE a.id IS NULL");
                long events = count(statement, "SELECT count(*) FROM event");
                long unsequenced = count(statement, "SELECT count(*) FROM event WHERE seq IS NULL");
                long leased = count(statement, "SELECT count(*) FROM allocation WHERE expires_at IS NOT NULL");
                connection.commit();
                return new DbSnapshot(pools, allocations, ports, orphans, events, unsequenced, leased);
            }
        }
    }

    /** Leased allocations still in the table: expired or not, the reaper has not released them yet. */
    static long leasedAllocations(String url) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement()) {
            return count(statement, "SELECT count(*) FROM allocation WHERE expires_at IS NOT NULL");
        }
    }

    private static long count(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
