package dev.portalloc.application.inmemory;

import dev.portalloc.application.port.in.UseCases;
import dev.portalloc.application.port.out.AllocationRepository;
import dev.portalloc.application.port.out.DuplicateKeyException;
import dev.portalloc.application.port.out.EventLog;
import dev.portalloc.application.port.out.HostPorts;
import dev.portalloc.application.port.out.PoolRepository;
import dev.portalloc.application.port.out.TransactionRunner;
import dev.portalloc.application.service.UseCaseFactory;
import dev.portalloc.domain.Allocation;
import dev.portalloc.domain.AllocationId;
import dev.portalloc.domain.AllocationKey;
import dev.portalloc.domain.DeploymentName;
import dev.portalloc.domain.Event;
import dev.portalloc.domain.Pool;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.PortRange;
import dev.portalloc.domain.ServiceName;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The whole store: its transaction runner, both repositories and the event log share one lock and one
 * state. Transactions run one at a time, so events are numbered in commit order.
 */
public final class InMemoryStore implements TransactionRunner {
    private final ReentrantLock lock = new ReentrantLock(true);
    private State committed = new State(new TreeMap<>(), new TreeMap<>(), new ArrayList<>());
    private State working;

    private record StoredPool(PoolName name, PortRange range, Set<Integer> reserved, boolean hostCheck, int nextPort,
                              byte[] bits) {
        static StoredPool of(Pool pool) {
            return new StoredPool(pool.name(), pool.range(), Set.copyOf(pool.reserved()), pool.hostCheck(),
                    pool.nextPort(), pool.takenBits());
        }

        Pool restore() {
            return Pool.restore(name, range, reserved, hostCheck, nextPort, bits);
        }
    }

    private record State(TreeMap<PoolName, StoredPool> pools, TreeMap<AllocationId, Allocation> allocations,
                         List<Event> events) {
        State copy() {
            return new State(new TreeMap<>(pools), new TreeMap<>(allocations), new ArrayList<>(events));
        }
    }

    private final PoolRepository pools = new PoolRepository() {
        @Override
        public Optional<Pool> findAndLock(PoolName name) {
            return find(name);
        }

        @Override
        public List<Pool> findAndLockAll(Collection<PoolName> names) {
            return names.stream().distinct().sorted().map(this::find).flatMap(Optional::stream).toList();
        }

        @Override
        public Optional<Pool> findAndLockIfFree(PoolName name) {
            return find(name);
        }

        @Override
        public List<Pool> findAndLockAllIfFree(Collection<PoolName> names) {
            // One transaction at a time: no other can hold a pool.
            return findAndLockAll(names);
        }

        @Override
        public Optional<Pool> find(PoolName name) {
            return Optional.ofNullable(state().pools.get(name)).map(StoredPool::restore);
        }

        @Override
        public List<Pool> findAll() {
            return state().pools.values().stream().map(StoredPool::restore).toList();
        }

        @Override
        public void add(Pool pool) {
            if (state().pools.containsKey(pool.name())) {
                throw new DuplicateKeyException("pool " + pool.name() + " exists", null);
            }
            state().pools.put(pool.name(), StoredPool.of(pool));
        }

        @Override
        public void update(Pool pool) {
            if (state().pools.replace(pool.name(), StoredPool.of(pool)) == null) {
                throw new IllegalStateException("pool " + pool.name() + " is not stored");
            }
        }

        @Override
        public void remove(PoolName name) {
            state().pools.remove(name);
        }
    };

    private final AllocationRepository allocations = new AllocationRepository() {
        private static final Comparator<Allocation> BY_POOL_THEN_ID =
                Comparator.comparing(Allocation::pool).thenComparing(Allocation::id);

        @Override
        public Optional<Allocation> findById(AllocationId id) {
            return Optional.ofNullable(state().allocations.get(id));
        }

        @Override
        public List<Allocation> findByIds(Collection<AllocationId> ids) {
            return ids.stream().distinct().map(state().allocations::get).filter(Objects::nonNull).toList();
        }

        @Override
        public List<Allocation> findByKeys(Collection<AllocationKey> keys) {
            Set<AllocationKey> wanted = Set.copyOf(keys);
            return state().allocations.values().stream().filter(a -> wanted.contains(a.key())).toList();
        }

        @Override
        public Optional<Allocation> findByPort(PoolName pool, int port) {
            return state().allocations.values().stream()
                    .filter(a -> a.pool().equals(pool) && a.ports().contains(port))
                    .findFirst();
        }

        @Override
        public List<Allocation> findByDeployment(DeploymentName deployment) {
            return state().allocations.values().stream()
                    .filter(a -> a.deployment().equals(deployment))
                    .sorted(BY_POOL_THEN_ID)
                    .toList();
        }

        @Override
        public List<Allocation> findByPoolAndDeployment(PoolName pool, DeploymentName deployment) {
            return state().allocations.values().stream()
                    .filter(a -> a.pool().equals(pool) && a.deployment().equals(deployment))
                    .toList();
        }

        @Override
        public List<PoolName> findPoolsOfDeployment(DeploymentName deployment) {
            return findByDeployment(deployment).stream().map(Allocation::pool).distinct().toList();
        }

        @Override
        public List<Allocation> findPage(PoolName pool, Optional<DeploymentName> deployment,
                                         Optional<ServiceName> service, Optional<AllocationId> afterId, int limit,
                                         Instant activeAt) {
            return state().allocations.values().stream()
                    .filter(a -> a.pool().equals(pool))
                    .filter(a -> !a.isExpiredAt(activeAt))
                    .filter(a -> deployment.map(a.deployment()::equals).orElse(true))
                    .filter(a -> service.map(a.service()::equals).orElse(true))
                    .filter(a -> afterId.map(after -> a.id().compareTo(after) > 0).orElse(true))
                    .limit(limit)
                    .toList();
        }

        @Override
        public List<Allocation> findExpired(PoolName pool, Instant now, int limit) {
            return state().allocations.values().stream()
                    .filter(a -> a.pool().equals(pool) && a.isExpiredAt(now))
                    .sorted(Comparator.comparing(Allocation::expiresAt).thenComparing(Allocation::id))
                    .limit(limit)
                    .toList();
        }

        @Override
        public List<PoolName> findPoolsWithExpired(Instant now, int limit) {
            return state().allocations.values().stream()
                    .filter(a -> a.isExpiredAt(now))
                    .map(Allocation::pool)
                    .distinct()
                    .sorted()
                    .limit(limit)
                    .toList();
        }

        @Override
        public Set<PoolName> findPoolsWithExpired(Collection<PoolName> pools, Instant now) {
            return state().allocations.values().stream()
                    .filter(a -> pools.contains(a.pool()) && a.isExpiredAt(now))
                    .map(Allocation::pool)
                    .collect(Collectors.toSet());
        }

        @Override
        public int countExpiredPorts(PoolName pool, Instant now) {
            return state().allocations.values().stream()
                    .filter(a -> a.pool().equals(pool) && a.isExpiredAt(now))
                    .mapToInt(a -> a.ports().size())
                    .sum();
        }

        @Override
        public void updateExpiry(AllocationId id, Instant expiresAt) {
            state().allocations.computeIfPresent(id, (key, a) -> new Allocation(a.id(), a.pool(), a.deployment(),
                    a.service(), a.ports(), a.shape(), a.createdAt(), expiresAt));
        }

        @Override
        public void add(Allocation allocation) {
            for (Allocation held : state().allocations.values()) {
                if (!held.pool().equals(allocation.pool())) {
                    continue;
                }
                if (held.deployment().equals(allocation.deployment()) && held.service().equals(allocation.service())) {
                    throw new DuplicateKeyException("an allocation for " + allocation.deployment() + "/"
                            + allocation.service() + " exists in pool " + allocation.pool(), null);
                }
                if (held.ports().stream().anyMatch(allocation.ports()::contains)) {
                    throw new DuplicateKeyException("a port of " + allocation.ports() + " is held in pool "
                            + allocation.pool(), null);
                }
            }
            if (state().allocations.putIfAbsent(allocation.id(), allocation) != null) {
                throw new DuplicateKeyException("allocation " + allocation.id() + " exists", null);
            }
        }

        @Override
        public void remove(AllocationId id) {
            state().allocations.remove(id);
        }
    };

    private final EventLog events = new EventLog() {
        @Override
        public void append(Event event) {
            List<Event> log = state().events;
            log.add(event.withSeq(log.size() + 1L));
        }

        @Override
        public List<Event> read(long after, int limit, Optional<PoolName> pool, Optional<DeploymentName> deployment) {
            return state().events.stream()
                    .filter(e -> e.seq() > after)
                    .filter(e -> pool.map(e.pool()::equals).orElse(true))
                    .filter(e -> deployment.map(d -> d.equals(e.deployment())).orElse(true))
                    .limit(limit)
                    .toList();
        }
    };

    public EventLog events() {
        return events;
    }

    /** Every use case over this store, with no host ports in use. */
    public UseCases useCases(Clock clock) {
        return new UseCaseFactory(pools, allocations, events, HostPorts.NONE, this, clock).create();
    }

    public PoolRepository pools() {
        return pools;
    }

    public AllocationRepository allocations() {
        return allocations;
    }

    @Override
    public <T> T inTransactionOnce(Supplier<T> work) {
        // Nothing here fails transiently: there is never a second attempt to leave out.
        return inTransaction(work);
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        lock.lock();
        try {
            if (working != null) {
                throw new IllegalStateException("transactions do not nest");
            }
            working = committed.copy();
            T result = work.get();
            committed = working;
            return result;
        } finally {
            working = null;
            lock.unlock();
        }
    }

    private State state() {
        if (!lock.isHeldByCurrentThread() || working == null) {
            throw new IllegalStateException("repositories are used inside a transaction");
        }
        return working;
    }
}
