package dev.portalloc.adapters.jdbc;

import dev.portalloc.domain.Allocation;
import dev.portalloc.domain.AllocationId;
import dev.portalloc.domain.AllocationKey;
import dev.portalloc.domain.AllocationShape;
import dev.portalloc.domain.PoolName;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The statements every allocation and release runs, in plain SQL on the transaction's connection: on
 * this path Hibernate's per-query work (translating, binding, managing results) cost more than the
 * database did. The same statements run on H2 and PostgreSQL.
 */
final class AllocationSql {
    static final String SELECT_WITH_PORTS = "SELECT a.id, a.pool_name, a.deployment, a.service,"
            + " a.requested_count, a.contiguous, a.requested_ports, a.created_at, a.expires_at, p.port"
            + " FROM allocation a JOIN allocated_port p ON p.allocation_id = a.id";

    private AllocationSql() {
    }

    static List<Allocation> findByIds(Connection connection, List<String> ids) throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<String> padded = InLists.padded(ids);
        try (PreparedStatement select = connection.prepareStatement(
                SELECT_WITH_PORTS + " WHERE a.id IN (" + InLists.placeholders(padded.size(), "?") + ")")) {
            for (int i = 0; i < padded.size(); i++) {
                select.setString(i + 1, padded.get(i));
            }
            return readJoined(select);
        }
    }

    static List<Allocation> findByKeys(Connection connection, List<AllocationKey> keys) throws SQLException {
        if (keys.isEmpty()) {
            return List.of();
        }
        List<AllocationKey> padded = InLists.padded(keys);
        try (PreparedStatement select = connection.prepareStatement(findByKeysSql(padded.size()))) {
            int parameter = 1;
            for (AllocationKey key : padded) {
                select.setString(parameter++, key.pool().value());
                select.setString(parameter++, key.deployment().value());
                select.setString(parameter++, key.service().value());
            }
            return readJoined(select);
        }
    }

    /**
     * A look-up of the unique key's index per key, on both databases; an OR of the three columns' equalities
     * would scan the table on H2.
     */
    static String findByKeysSql(int keys) {
        return SELECT_WITH_PORTS + " WHERE (a.pool_name, a.deployment, a.service) IN (" + InLists.placeholders(keys, "(?, ?, ?)") + ")";
    }

    /** Which of the pools hold allocations expired at {@code now}: one probe of the expiry index per pool. */
    static Set<PoolName> poolsWithExpired(Connection connection, List<String> pools, Instant now) throws SQLException {
        if (pools.isEmpty()) {
            return Set.of();
        }
        List<String> padded = InLists.padded(pools);
        try (PreparedStatement select = connection.prepareStatement(poolsWithExpiredSql(padded.size()))) {
            for (int i = 0; i < padded.size(); i++) {
                select.setString(i + 1, padded.get(i));
            }
            select.setObject(padded.size() + 1, JdbcValues.timestamp(Instant.EPOCH));
            select.setObject(padded.size() + 2, JdbcValues.timestamp(now));
            Set<PoolName> found = new HashSet<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.add(PoolName.of(rows.getString(1)));
                }
            }
            return found;
        }
    }

    /**
     * Per pool, the range of the expiry index from the epoch to now. H2 puts allocations without a lease
     * (a null expiry) first in that index: probed with the pools' IN list alone, or without the lower
     * bound, it read every one of them, in each batch.
     */
    static String poolsWithExpiredSql(int pools) {
        return "SELECT p.name FROM pool p WHERE p.name IN (" + InLists.placeholders(pools, "?") + ")"
                + " AND EXISTS (SELECT 1 FROM allocation a WHERE a.pool_name = p.name AND a.expires_at > ? AND a.expires_at <= ?)";
    }

    /** Inserts the allocation rows in one batch, then all their port rows in another. */
    static void insert(Connection connection, Collection<Allocation> allocations) throws SQLException {
        if (allocations.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO allocation (id, pool_name,"
                + " deployment, service, requested_count, contiguous, requested_ports, created_at, expires_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Allocation allocation : allocations) {
                AllocationShape shape = allocation.shape();
                insert.setString(1, allocation.id().value());
                insert.setString(2, allocation.pool().value());
                insert.setString(3, allocation.deployment().value());
                insert.setString(4, allocation.service().value());
                insert.setInt(5, shape.count());
                insert.setBoolean(6, shape.contiguous());
                insert.setString(7, shape.isSpecific() ? PortListCodec.encode(shape.requestedPorts()) : null);
                insert.setObject(8, JdbcValues.timestamp(allocation.createdAt()));
                insert.setObject(9, JdbcValues.timestamp(allocation.expiresAt()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO allocated_port (pool_name, port, allocation_id) VALUES (?, ?, ?)")) {
            for (Allocation allocation : allocations) {
                for (int port : allocation.ports()) {
                    insert.setString(1, allocation.pool().value());
                    insert.setInt(2, port);
                    insert.setString(3, allocation.id().value());
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
    }

    /** Deletes the allocations in one batch; their port rows go with them (ON DELETE CASCADE). */
    static void delete(Connection connection, Collection<AllocationId> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM allocation WHERE id = ?")) {
            for (AllocationId id : ids) {
                delete.setString(1, id.value());
                delete.addBatch();
            }
            delete.executeBatch();
        }
    }

    /** One row per port, in {@link AllocationMapper#SELECT_COLUMNS_AND_PORTS}' order of columns. */
    private static List<Allocation> readJoined(PreparedStatement select) throws SQLException {
        List<Object[]> joined = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                joined.add(new Object[] {rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                        rows.getInt(5), rows.getBoolean(6), rows.getString(7), JdbcValues.instant(rows, 8),
                        JdbcValues.instant(rows, 9), rows.getInt(10)});
            }
        }
        return AllocationMapper.fromJoinedRows(joined);
    }
}
