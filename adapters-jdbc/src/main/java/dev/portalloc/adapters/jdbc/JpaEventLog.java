package dev.portalloc.adapters.jdbc;

import dev.portalloc.application.port.out.EventLog;
import dev.portalloc.domain.DeploymentName;
import dev.portalloc.domain.Event;
import dev.portalloc.domain.PoolName;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The event log as rows of {@code event}, numbered when read rather than when written.
 *
 * <p>A sequence or identity value drawn while a transaction runs would not do: transactions commit in
 * another order than they draw numbers, so a reader could see 11 before 10 commits and never go back for
 * it. Instead:
 * <ul>
 * <li>{@link #append} inserts the event with {@code seq} NULL (its identity {@code id} only keeps the
 *     insert order) and touches no shared row, so writers on different pools never wait for each other.
 *     The inserts of one transaction go as one batch just before it commits.</li>
 * <li>{@link #read} first sequences: it locks the single {@code event_sequencer} row, gives the committed
 *     events that have no {@code seq} yet (up to {@link #SEQUENCING_BATCH}) the numbers
 *     {@code last_seq + 1 ..} in {@code id} order, and stores the new {@code last_seq}; then it reads
 *     {@code seq > after}. The numbers and the page commit
 *     together, in the reader's transaction.</li>
 * </ul>
 * Sequencing steps run one at a time (the row lock, held to commit), and each starts after the previous
 * one committed, so under READ COMMITTED (PostgreSQL's and H2's default) its statements see every number
 * assigned before: numbers are handed out in commit order of the steps, each above all earlier ones, and
 * the set of numbered events is always exactly 1..last_seq. A number is therefore never assigned below
 * one a reader has already seen, and there are no gaps. A step that fails rolls back with its
 * transaction and leaves the events unnumbered for the next one. (Under REPEATABLE READ a step whose
 * snapshot predates another step's commit fails at the row lock with a serialization error, which the
 * runner retries.) The unique constraint on {@code seq} would refuse a number handed out twice, whatever
 * happens.
 */
final class JpaEventLog implements EventLog {
    /** Most events one sequencing step numbers; a backlog beyond it is numbered by the following reads. */
    static final int SEQUENCING_BATCH = 10_000;

    private final JpaTransactionRunner transactions;

    JpaEventLog(JpaTransactionRunner transactions) {
        this.transactions = Objects.requireNonNull(transactions);
    }

    @Override
    public void append(Event event) {
        TransactionContext context = transactions.current();
        if (context.pendingEvents().isEmpty()) {
            context.beforeCommit(() -> insertPending(context));
        }
        context.pendingEvents().add(event);
    }

    /**
     * Inserts the events appended so far in one JDBC batch, in append order. Plain SQL: an event is never
     * read back as an entity, and an identity id would make JPA insert each one on its own.
     */
    private static void insertPending(TransactionContext context) {
        List<Event> pending = context.pendingEvents();
        if (pending.isEmpty()) {
            return;
        }
        context.entityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO event (occurred_at, event_type,"
                    + " pool_name, deployment, service, allocation_id, ports, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Event event : pending) {
                    insert.setObject(1, JdbcValues.timestamp(event.at()));
                    insert.setString(2, event.type().code());
                    insert.setString(3, event.pool().value());
                    insert.setString(4, event.deployment() == null ? null : event.deployment().value());
                    insert.setString(5, event.service() == null ? null : event.service().value());
                    insert.setString(6, event.allocationId() == null ? null : event.allocationId().value());
                    insert.setString(7, PortListCodec.encode(event.ports()));
                    insert.setString(8, event.actor());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
        pending.clear();
    }

    /**
     * Sequences newly committed events first, unless the transaction is read-only: then it returns only
     * events numbered already, which keeps the guarantee but may lag behind the latest commits.
     */
    @Override
    public List<Event> read(long after, int limit, Optional<PoolName> pool, Optional<DeploymentName> deployment) {
        if (limit < 1) {
            return List.of();
        }
        TransactionContext context = transactions.current();
        // This transaction's own events are part of what it reads.
        insertPending(context);
        if (!context.readOnly()) {
            sequencePending(context);
        }
        StringBuilder where = new StringBuilder(" where e.seq > :after");
        pool.ifPresent(p -> where.append(" and e.poolName = :pool"));
        deployment.ifPresent(d -> where.append(" and e.deployment = :deployment"));
        where.append(" order by e.seq");
        TypedQuery<Object[]> query = context.entityManager()
                .createQuery(EventMapper.SELECT_COLUMNS + where, Object[].class)
                .setParameter("after", after)
                .setMaxResults(limit);
        pool.ifPresent(p -> query.setParameter("pool", p.value()));
        deployment.ifPresent(d -> query.setParameter("deployment", d.value()));
        return query.getResultList().stream().map(EventMapper::fromRow).toList();
    }

    /**
     * Numbers the committed events that have no {@code seq} yet, in {@code id} order. Most reads find
     * none and skip the lock, so readers queue on the sequencer row only when there is work. That is
     * safe: what they read then is a prefix 1..n some earlier step committed.
     *
     * @return how many events were numbered
     */
    private int sequencePending(TransactionContext context) {
        EntityManager entityManager = context.entityManager();
        boolean anyPending = !entityManager
                .createQuery("select e.id from Event e where e.seq is null", Long.class)
                .setMaxResults(1)
                .getResultList()
                .isEmpty();
        if (!anyPending) {
            return 0;
        }
        // Bounded wait: another reader holds the row only while it numbers a batch.
        context.ensureSettings();
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            long last;
            // Waits for a concurrent step to commit; under READ COMMITTED each following statement then
            // sees that step's numbers, and every event committed before this point.
            try (PreparedStatement lock = connection.prepareStatement(
                    "SELECT last_seq FROM event_sequencer WHERE id = 1 FOR UPDATE");
                 ResultSet row = lock.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("the event_sequencer row is missing; the schema is damaged");
                }
                last = row.getLong(1);
            }
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement pending = connection.prepareStatement(
                    "SELECT id FROM event WHERE seq IS NULL ORDER BY id FETCH FIRST ? ROWS ONLY")) {
                pending.setInt(1, SEQUENCING_BATCH);
                try (ResultSet rows = pending.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getLong(1));
                    }
                }
            }
            if (ids.isEmpty()) {
                return 0;
            }
            // Primary-key updates in one batch: the same plan whatever the size of the table or the batch.
            try (PreparedStatement number = connection.prepareStatement(
                    "UPDATE event SET seq = ? WHERE id = ? AND seq IS NULL")) {
                long seq = last;
                for (long id : ids) {
                    number.setLong(1, ++seq);
                    number.setLong(2, id);
                    number.addBatch();
                }
                for (int updated : number.executeBatch()) {
                    if (updated == 0) {
                        // Only a second sequencer could do this; fail (and roll back) rather than leave a gap.
                        throw new IllegalStateException("an event was numbered by someone else while the sequencer"
                                + " row was locked");
                    }
                }
            }
            try (PreparedStatement advance = connection.prepareStatement(
                    "UPDATE event_sequencer SET last_seq = ? WHERE id = 1")) {
                advance.setLong(1, last + ids.size());
                advance.executeUpdate();
            }
            return ids.size();
        });
    }
}
