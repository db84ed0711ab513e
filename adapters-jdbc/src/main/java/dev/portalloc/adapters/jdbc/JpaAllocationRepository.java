package dev.portalloc.adapters.jdbc;

import dev.portalloc.application.port.out.AllocationRepository;
import dev.portalloc.application.port.out.DuplicateKeyException;
import dev.portalloc.domain.Allocation;
import dev.portalloc.domain.AllocationId;
import dev.portalloc.domain.AllocationKey;
import dev.portalloc.domain.DeploymentName;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.ServiceName;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import org.hibernate.Session;
import org.hibernate.jdbc.ReturningWork;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Allocations as rows of {@code allocation} plus one {@code allocated_port} row per port. Never N+1:
 * look-ups and a deployment's allocations are one query joining the ports; a page (where a row limit
 * must count allocations, not ports) is one query for the allocations and one for their ports (one per
 * thousand allocations).
 * Nothing read stays managed. New allocations are inserted together, in one batch per table, and removed
 * ones deleted together, when the transaction commits or before any other query; until then the
 * look-ups by id and by key take them into account, so a transaction always sees exactly what it has done. A duplicate among them is
 * refused when added; one with rows already stored is refused by the database when they are inserted.
 * What every allocation and release runs is plain SQL ({@link AllocationSql}); the rest is JPQL.
 */
final class JpaAllocationRepository implements AllocationRepository {
    /** Values per query for look-ups by a list of ids or names. */
    private static final int CHUNK = 1000;

    private final JpaTransactionRunner transactions;

    JpaAllocationRepository(JpaTransactionRunner transactions) {
        this.transactions = Objects.requireNonNull(transactions);
    }

    @Override
    public Optional<Allocation> findById(AllocationId id) {
        return findByIds(List.of(id)).stream().findFirst();
    }

    @Override
    public List<Allocation> findByIds(Collection<AllocationId> ids) {
        Map<AllocationId, Allocation> pending = pending();
        List<Allocation> found = new ArrayList<>(ids.stream().distinct().map(pending::get).filter(Objects::nonNull).toList());
        List<String> stored = ids.stream().distinct().filter(id -> !pending.containsKey(id)).map(AllocationId::value).toList();
        found.addAll(notRemoved(inChunks(stored, chunk -> sql(connection -> AllocationSql.findByIds(connection, chunk)))));
        return found;
    }

    @Override
    public List<Allocation> findByKeys(Collection<AllocationKey> keys) {
        Set<AllocationKey> wanted = new HashSet<>(keys);
        List<Allocation> found = new ArrayList<>();
        for (Allocation pending : pending().values()) {
            if (wanted.remove(pending.key())) {
                found.add(pending);
            }
        }
        // Nothing pending has the keys left, so what is stored is the whole answer for them.
        found.addAll(notRemoved(inChunks(List.copyOf(wanted), chunk -> sql(connection -> AllocationSql.findByKeys(connection, chunk)))));
        return found;
    }

    @Override
    public Optional<Allocation> findByPort(PoolName pool, int port) {
        writePending();
        return first(withPorts(" where a.id in (select held.allocationId from AllocatedPort held"
                + " where held.key.poolName = :pool and held.key.port = :port)")
                .setParameter("pool", pool.value())
                .setParameter("port", port));
    }

    @Override
    public List<Allocation> findByDeployment(DeploymentName deployment) {
        writePending();
        return loadJoined(withPorts(" where a.deployment = :deployment order by a.poolName, a.id")
                .setParameter("deployment", deployment.value()));
    }

    @Override
    public List<Allocation> findByPoolAndDeployment(PoolName pool, DeploymentName deployment) {
        writePending();
        return loadJoined(withPorts(" where a.poolName = :pool and a.deployment = :deployment order by a.id")
                .setParameter("pool", pool.value())
                .setParameter("deployment", deployment.value()));
    }

    @Override
    public List<PoolName> findPoolsOfDeployment(DeploymentName deployment) {
        writePending();
        return entityManager()
                .createQuery("select distinct a.poolName from Allocation a where a.deployment = :deployment"
                        + " order by a.poolName", String.class)
                .setParameter("deployment", deployment.value())
                .getResultList()
                .stream()
                .map(PoolName::of)
                .toList();
    }

    @Override
    public List<Allocation> findPage(PoolName pool, Optional<DeploymentName> deployment, Optional<ServiceName> service,
                                     Optional<AllocationId> afterId, int limit, Instant activeAt) {
        writePending();
        if (limit < 1) {
            return List.of();
        }
        StringBuilder where = new StringBuilder(" where a.poolName = :pool");
        deployment.ifPresent(d -> where.append(" and a.deployment = :deployment"));
        service.ifPresent(s -> where.append(" and a.service = :service"));
        afterId.ifPresent(a -> where.append(" and a.id > :after"));
        where.append(" and (a.expiresAt is null or a.expiresAt > :activeAt)");
        // Ids are [0-9a-z] and the columns compare bytewise (COLLATE "C" on PostgreSQL), so the
        // database's order is String.compareTo's.
        where.append(" order by a.id");
        TypedQuery<Object[]> query = query(where.toString())
                .setParameter("pool", pool.value())
                .setParameter("activeAt", activeAt);
        deployment.ifPresent(d -> query.setParameter("deployment", d.value()));
        service.ifPresent(s -> query.setParameter("service", s.value()));
        afterId.ifPresent(a -> query.setParameter("after", a.value()));
        return loadPage(query.setMaxResults(limit));
    }

    @Override
    public List<Allocation> findExpired(PoolName pool, Instant now, int limit) {
        writePending();
        if (limit < 1) {
            return List.of();
        }
        // allocation_pool_expiry_ix: an index range in the wanted order, however many allocations never expire.
        return loadPage(query(" where a.poolName = :pool and a.expiresAt <= :now order by a.expiresAt, a.id")
                .setParameter("pool", pool.value())
                .setParameter("now", now)
                .setMaxResults(limit));
    }

    @Override
    public List<PoolName> findPoolsWithExpired(Instant now, int limit) {
        writePending();
        if (limit < 1) {
            return List.of();
        }
        return entityManager()
                .createQuery("select distinct a.poolName from Allocation a where a.expiresAt <= :now"
                        + " order by a.poolName", String.class)
                .setParameter("now", now)
                .setMaxResults(limit)
                .getResultList()
                .stream()
                .map(PoolName::of)
                .toList();
    }

    @Override
    public Set<PoolName> findPoolsWithExpired(Collection<PoolName> pools, Instant now) {
        writePending();
        List<String> names = pools.stream().map(PoolName::value).distinct().toList();
        return new HashSet<>(inChunks(names, chunk -> sql(connection -> AllocationSql.poolsWithExpired(connection, chunk, now))));
    }

    @Override
    public int countExpiredPorts(PoolName pool, Instant now) {
        writePending();
        Long count = entityManager()
                .createQuery("select count(*) from Allocation a join AllocatedPort p on p.allocationId = a.id"
                        + " where a.poolName = :pool and a.expiresAt <= :now", Long.class)
                .setParameter("pool", pool.value())
                .setParameter("now", now)
                .getSingleResult();
        return Math.toIntExact(count);
    }

    @Override
    public void updateExpiry(AllocationId id, Instant expiresAt) {
        writePending();
        // One statement, executed now; nothing read is managed, so nothing in memory goes stale.
        entityManager().createQuery("update Allocation a set a.expiresAt = :expiresAt where a.id = :id")
                .setParameter("expiresAt", expiresAt)
                .setParameter("id", id.value())
                .executeUpdate();
    }

    @Override
    public void add(Allocation allocation) {
        TransactionContext context = transactions.current();
        Map<AllocationId, Allocation> pending = context.pendingAllocations();
        for (Allocation other : pending.values()) {
            boolean sameKey = other.key().equals(allocation.key());
            boolean samePort = other.pool().equals(allocation.pool())
                    && other.ports().stream().anyMatch(allocation.ports()::contains);
            if (sameKey || samePort || other.id().equals(allocation.id())) {
                throw new DuplicateKeyException("allocation " + allocation.id() + " of " + allocation.deployment() + "/"
                        + allocation.service() + " would hold a port of " + allocation.ports() + " or a key that pool '"
                        + allocation.pool() + "' already has", null);
            }
        }
        scheduleWrite(context);
        pending.put(allocation.id(), allocation);
    }

    @Override
    public void remove(AllocationId id) {
        TransactionContext context = transactions.current();
        if (context.pendingAllocations().remove(id) != null) {
            return;
        }
        scheduleWrite(context);
        context.pendingRemovals().add(id);
    }

    private void scheduleWrite(TransactionContext context) {
        if (context.pendingAllocations().isEmpty() && context.pendingRemovals().isEmpty()) {
            context.beforeCommit(this::writePending);
        }
    }

    /**
     * Deletes the allocations removed and inserts those added since the last time, one batch each. Deletes
     * first: a port released by one and taken by another in the same transaction changes rows in that order.
     */
    private void writePending() {
        TransactionContext context = transactions.current();
        List<AllocationId> removed = List.copyOf(context.pendingRemovals());
        List<Allocation> added = List.copyOf(context.pendingAllocations().values());
        context.pendingRemovals().clear();
        context.pendingAllocations().clear();
        sql(connection -> {
            AllocationSql.delete(connection, removed);
            AllocationSql.insert(connection, added);
            return null;
        });
    }

    /**
     * One query per thousand values, the results together: PostgreSQL takes at most 65535 parameters per
     * statement, and a reclaim may load every expired allocation of a pool.
     */
    private static <V, T> List<T> inChunks(List<V> values, Function<List<V>, Collection<T>> query) {
        List<T> results = new ArrayList<>();
        for (int from = 0; from < values.size(); from += CHUNK) {
            results.addAll(query.apply(values.subList(from, Math.min(values.size(), from + CHUNK))));
        }
        return results;
    }

    /** What is stored and not removed by this transaction yet. */
    private List<Allocation> notRemoved(List<Allocation> stored) {
        Set<AllocationId> removed = transactions.current().pendingRemovals();
        return removed.isEmpty() ? stored : stored.stream().filter(a -> !removed.contains(a.id())).toList();
    }

    private Map<AllocationId, Allocation> pending() {
        return transactions.current().pendingAllocations();
    }

    /**
     * Plain SQL on the transaction's connection, executed now, under the transaction's settings. No flush
     * first: allocations are never held by the session, and a pool the transaction adds is written when it
     * is added.
     */
    private <T> T sql(ReturningWork<T> work) {
        transactions.current().ensureSettings();
        return entityManager().unwrap(Session.class).doReturningWork(work);
    }

    private EntityManager entityManager() {
        return transactions.current().entityManager();
    }

    private TypedQuery<Object[]> query(String whereAndOrder) {
        return entityManager().createQuery(AllocationMapper.SELECT_COLUMNS + whereAndOrder, Object[].class);
    }

    private TypedQuery<Object[]> withPorts(String whereAndOrder) {
        return entityManager().createQuery(AllocationMapper.SELECT_COLUMNS_AND_PORTS + whereAndOrder, Object[].class);
    }

    /** For queries on a unique key: their rows are the ports of at most one allocation. */
    private Optional<Allocation> first(TypedQuery<Object[]> query) {
        List<Allocation> found = loadJoined(query);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    private static List<Allocation> loadJoined(TypedQuery<Object[]> query) {
        return AllocationMapper.fromJoinedRows(query.getResultList());
    }

    /** The allocation rows, then every one of their ports in a single query. */
    private List<Allocation> loadPage(TypedQuery<Object[]> query) {
        List<Object[]> rows = query.getResultList();
        if (rows.isEmpty()) {
            return List.of();
        }
        List<String> ids = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            ids.add(AllocationMapper.idOf(row));
        }
        Map<String, List<Integer>> ports = new HashMap<>();
        inChunks(ids, chunk -> entityManager()
                .createQuery("select p.allocationId, p.key.port from AllocatedPort p where p.allocationId in :ids",
                        Object[].class)
                .setParameter("ids", chunk)
                .getResultList())
                .forEach(port -> ports.computeIfAbsent((String) port[0], k -> new ArrayList<>()).add((Integer) port[1]));
        List<Allocation> allocations = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            allocations.add(AllocationMapper.fromRow(row, ports.getOrDefault(AllocationMapper.idOf(row), List.of())));
        }
        return allocations;
    }
}
