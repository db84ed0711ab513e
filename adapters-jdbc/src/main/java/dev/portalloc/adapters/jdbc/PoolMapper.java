package dev.portalloc.adapters.jdbc;

import dev.portalloc.domain.Pool;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.PortRange;

/** Pool aggregate to row and back; restoring costs the range size, never the number of allocations. */
final class PoolMapper {
    /** The columns {@link #fromRow} reads, in order, for queries that must not manage entities. */
    static final String SELECT_COLUMNS = "select p.name, p.minPort, p.maxPort, p.reserved, p.hostCheck,"
            + " p.nextPort, p.takenBits from Pool p";

    private PoolMapper() {
    }

    static Pool toDomain(PoolJpaEntity entity) {
        return restore(entity.name(), entity.minPort(), entity.maxPort(), entity.reserved(), entity.hostCheck(),
                entity.nextPort(), entity.takenBits());
    }

    static Pool fromRow(Object[] row) {
        return restore((String) row[0], (Integer) row[1], (Integer) row[2], (String) row[3], (Boolean) row[4],
                (Integer) row[5], (byte[]) row[6]);
    }

    static PoolJpaEntity newEntity(Pool pool) {
        PoolJpaEntity entity = new PoolJpaEntity(pool.name().value());
        copy(pool, entity);
        return entity;
    }

    static void copy(Pool pool, PoolJpaEntity entity) {
        entity.setState(pool.range().min(), pool.range().max(), PortListCodec.encode(pool.reserved()), pool.hostCheck(),
                pool.nextPort(), pool.takenBits());
    }

    private static Pool restore(String name, int min, int max, String reserved, boolean hostCheck, int nextPort,
                                byte[] takenBits) {
        return Pool.restore(PoolName.of(name), PortRange.of(min, max), PortListCodec.decode(reserved), hostCheck,
                nextPort, takenBits == null ? new byte[0] : takenBits);
    }
}
