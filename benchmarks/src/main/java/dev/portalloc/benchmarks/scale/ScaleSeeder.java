package dev.portalloc.benchmarks.scale;

import dev.portalloc.domain.AllocationId;
import dev.portalloc.domain.AllocationShape;
import dev.portalloc.domain.Pool;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.PortRange;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Fills a migrated portalloc database with pools and allocations as the product would have stored them,
 * without going through the product (a million HTTP calls would take far longer than the measurement).
 *
 * <p>What makes the rows the product's own: each pool's occupancy ({@code taken_bits}) and cursor
 * ({@code next_port}) come from {@link Pool} after the domain itself handed the ports out, so the bit
 * format is never re-implemented here; allocation ids come from {@link AllocationId#newId}. Every
 * allocation is a dynamic request for one port ({@code requested_count} 1, no requested ports, no
 * lease), with an {@code allocated} event, already numbered, as a server that had served reads of the
 * history would have left it. Rows go in with COPY in one transaction, then VACUUM ANALYZE and a
 * CHECKPOINT, so that neither autovacuum of a million fresh rows nor a checkpoint of their WAL lands in
 * the measured load.
 */
final class ScaleSeeder {
    /** Bytes buffered before a COPY chunk is sent. */
    private static final int CHUNK = 1 << 20;

    /**
     * @param poolNames          the pools, in order; each gets the same range and number of allocations
     * @param allocationsPerPool allocations of one port each, per pool; at most the range's size
     */
    record Plan(List<String> poolNames, int minPort, int maxPort, int allocationsPerPool) {
        Plan {
            poolNames = List.copyOf(poolNames);
            int size = maxPort - minPort + 1;
            if (allocationsPerPool < 1 || allocationsPerPool > size) {
                throw new IllegalArgumentException("allocations per pool must be within 1.." + size);
            }
        }

        long allocations() {
            return (long) poolNames.size() * allocationsPerPool;
        }
    }

    record Result(int pools, long allocations, long allocatedPorts, long events, Duration insert,
                  Duration maintenance) {
        Duration total() {
            return insert.plus(maintenance);
        }
    }

    /** One pool as the domain left it, and which ports it holds (ascending). */
    record SeededPool(String name, int minPort, int maxPort, int nextPort, byte[] takenBits, int[] heldPorts) {
    }

    private ScaleSeeder() {
    }

    /**
     * The domain's pool after a history that leaves {@code allocationsPerPool} ports held, spread evenly
     * over the range: the cursor hands out the whole range once (one dynamic port per request), then all
     * but every k-th port handed out are released. Spread rather than packed at the bottom, so a load on
     * the pool walks its cursor through taken ports (the pool is genuinely 10 % full where the cursor
     * goes), and the cursor ends back at the range's start, as it does after handing out the top port.
     */
    static SeededPool seededPool(String name, int minPort, int maxPort, int allocationsPerPool) {
        Pool pool = Pool.create(PoolName.of(name), PortRange.of(minPort, maxPort), List.of());
        int size = pool.range().size();
        int stride = size / allocationsPerPool;
        AllocationShape onePort = AllocationShape.dynamic(1, false);
        int[] held = new int[allocationsPerPool];
        int kept = 0;
        List<Integer> released = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int port = pool.allocate(onePort).get(0);
            if (i % stride == 0 && kept < allocationsPerPool) {
                held[kept++] = port;
            } else {
                released.add(port);
            }
        }
        pool.release(released);
        if (pool.allocatedCount() != allocationsPerPool) {
            throw new IllegalStateException("pool " + name + " holds " + pool.allocatedCount() + " ports, expected "
                    + allocationsPerPool);
        }
        java.util.Arrays.sort(held);
        return new SeededPool(name, minPort, maxPort, pool.nextPort(), pool.takenBits(), held);
    }

    /** Seeds an empty, migrated database (the scale benchmark empties its baseline's one first). */
    static Result seed(Connection connection, Plan plan) throws SQLException {
        long started = System.nanoTime();
        int poolCount = plan.poolNames().size();
        int perPool = plan.allocationsPerPool();
        List<SeededPool> pools = new ArrayList<>(poolCount);
        for (String name : plan.poolNames()) {
            pools.add(seededPool(name, plan.minPort(), plan.maxPort(), perPool));
        }
        // Creation times in the past, one millisecond apart, so ids (which start with the time) sort in
        // creation order as the product's do.
        Instant poolsCreated = Instant.now().minusMillis(plan.allocations() + 60_000);
        Instant firstAllocation = poolsCreated.plusSeconds(1);
        String[] ids = new String[Math.toIntExact(plan.allocations())];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = AllocationId.newId(firstAllocation.plusMillis(i)).value();
        }

        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            insertPools(connection, pools);
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            try (CopyWriter out = new CopyWriter(copy.copyIn("COPY allocation (id, pool_name, deployment, service,"
                    + " requested_count, contiguous, requested_ports, created_at, expires_at) FROM STDIN"))) {
                int a = 0;
                for (int p = 0; p < poolCount; p++) {
                    String pool = pools.get(p).name();
                    for (int k = 0; k < perPool; k++, a++) {
                        out.append(ids[a]).tab().append(pool).tab().append(deployment(p, k)).tab()
                                .append(service(k)).tab().append("1\tf\t\\N\t")
                                .append(firstAllocation.plusMillis(a).toString()).append("\t\\N\n");
                    }
                }
            }
            try (CopyWriter out = new CopyWriter(copy.copyIn(
                    "COPY allocated_port (pool_name, port, allocation_id) FROM STDIN"))) {
                int a = 0;
                for (SeededPool pool : pools) {
                    for (int port : pool.heldPorts()) {
                        out.append(pool.name()).tab().append(port).tab().append(ids[a++]).append("\n");
                    }
                }
            }
            long eventId = 0;
            try (CopyWriter out = new CopyWriter(copy.copyIn("COPY event (id, seq, occurred_at, event_type,"
                    + " pool_name, deployment, service, allocation_id, ports, actor) FROM STDIN"))) {
                for (SeededPool pool : pools) {
                    eventId++;
                    out.append(eventId).tab().append(eventId).tab().append(poolsCreated.toString())
                            .append("\tpool-created\t").append(pool.name()).append("\t\\N\t\\N\t\\N\t\t\\N\n");
                }
                int a = 0;
                for (int p = 0; p < poolCount; p++) {
                    SeededPool pool = pools.get(p);
                    for (int k = 0; k < perPool; k++, a++) {
                        eventId++;
                        out.append(eventId).tab().append(eventId).tab()
                                .append(firstAllocation.plusMillis(a).toString()).append("\tallocated\t")
                                .append(pool.name()).tab().append(deployment(p, k)).tab().append(service(k)).tab()
                                .append(ids[a]).tab().append(pool.heldPorts()[k]).append("\t\\N\n");
                    }
                }
            }
            try (Statement statement = connection.createStatement()) {
                // The next event the server writes continues after the seeded ones, and the sequencer
                // knows they are all numbered.
                statement.execute("SELECT setval(pg_get_serial_sequence('event', 'id'), " + eventId + ")");
                statement.execute("UPDATE event_sequencer SET last_seq = " + eventId);
            }
            connection.commit();
            long inserted = System.nanoTime();
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("VACUUM (ANALYZE) pool, allocation, allocated_port, event");
                statement.execute("CHECKPOINT");
            }
            long done = System.nanoTime();
            return new Result(poolCount, plan.allocations(), plan.allocations(), eventId,
                    Duration.ofNanos(inserted - started), Duration.ofNanos(done - inserted));
        } catch (SQLException | RuntimeException failure) {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
            throw failure;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** Ten services per deployment, a hundred deployments per pool (for 1,000 allocations). */
    static String deployment(int poolIndex, int allocationIndex) {
        return "seed-" + (poolIndex + 1) + "-" + (allocationIndex / 10);
    }

    static String service(int allocationIndex) {
        return "svc-" + (allocationIndex % 10);
    }

    private static void insertPools(Connection connection, List<SeededPool> pools) throws SQLException {
        // version 0: what Hibernate writes for a new row; reserved '': no reserved ports.
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO pool (name, min_port, max_port,"
                + " reserved, next_port, taken_bits, version, host_check) VALUES (?, ?, ?, '', ?, ?, 0, FALSE)")) {
            for (SeededPool pool : pools) {
                insert.setString(1, pool.name());
                insert.setInt(2, pool.minPort());
                insert.setInt(3, pool.maxPort());
                insert.setInt(4, pool.nextPort());
                insert.setBytes(5, pool.takenBits());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Text-format COPY rows, sent in chunks of about {@link #CHUNK} bytes. */
    private static final class CopyWriter implements AutoCloseable {
        private final CopyIn copy;
        private final StringBuilder buffer = new StringBuilder(CHUNK + 4096);

        CopyWriter(CopyIn copy) {
            this.copy = copy;
        }

        CopyWriter append(String text) throws SQLException {
            buffer.append(text);
            if (buffer.length() >= CHUNK) {
                flush();
            }
            return this;
        }

        CopyWriter append(long number) throws SQLException {
            buffer.append(number);
            return this;
        }

        CopyWriter tab() {
            buffer.append('\t');
            return this;
        }

        private void flush() throws SQLException {
            byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            buffer.setLength(0);
        }

        @Override
        public void close() throws SQLException {
            try {
                flush();
                copy.endCopy();
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
        }
    }
}
