package dev.portalloc.adapters.jdbc;

import dev.portalloc.application.inmemory.ManualClock;
import dev.portalloc.application.port.in.AllocatePortsCommand;
import dev.portalloc.application.port.in.AllocationResult;
import dev.portalloc.application.port.in.DefinePoolCommand;
import dev.portalloc.application.port.in.ReleaseAllocationCommand;
import dev.portalloc.application.port.in.RenewDeploymentCommand;
import dev.portalloc.application.port.in.UseCases;
import dev.portalloc.domain.Allocation;
import dev.portalloc.domain.AllocationId;
import dev.portalloc.domain.AllocationNotFoundException;
import dev.portalloc.domain.AllocationShape;
import dev.portalloc.domain.DeploymentName;
import dev.portalloc.domain.Event;
import dev.portalloc.domain.EventType;
import dev.portalloc.domain.Lease;
import dev.portalloc.domain.Pool;
import dev.portalloc.domain.PoolExhaustedException;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.PortRange;
import dev.portalloc.domain.ServiceName;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Expiry under load: two stores (two service instances) on one database share a clock the test moves
 * forward, so one-second leases end within a tenth of a real second. Six threads allocate (most with a
 * lease), release and renew across three pools while one reaper per instance runs in small batches, and
 * the allocations themselves reclaim expired ports. Afterwards every allocation whose lease ran out was
 * released exactly once, as one {@code expired} event; nothing expired is left; each pool's count equals
 * its port rows; and no transaction hit a duplicate key or was given up.
 */
class ConcurrentReaperTest {
    private static final Duration RUN_TIME = Duration.ofSeconds(3);
    private static final int ALLOCATORS = 6;
    private static final int REAP_BATCH = 3;
    /** The shared clock moves this far every {@link #TICK} of real time: leases of 1 s last about 100 ms. */
    private static final Duration STEP = Duration.ofMillis(100);
    private static final Duration TICK = Duration.ofMillis(10);
    private static final long SEED = 20261129L;
    private static final Map<PoolName, PortRange> POOLS = Map.of(
            PoolName.of("north"), PortRange.of(10000, 10199),
            PoolName.of("south"), PortRange.of(11000, 11063),
            PoolName.of("west"), PortRange.of(12000, 12999));

    @Test
    void onH2() throws Exception {
        String url = H2TestDatabase.newUrl("reaper");
        try {
            run("H2", H2TestDatabase.settings(url).withMaxPoolSize(5), store -> {
            });
        } finally {
            H2TestDatabase.shutdown(url);
        }
    }

    @Test
    void onPostgresql() throws Exception {
        run("PostgreSQL", PostgresTestDatabase.settings().withMaxPoolSize(5), PostgresTestDatabase::truncate);
    }

    private void run(String backend, JdbcSettings settings, Consumer<JdbcStore> empty) throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-27T08:00:00Z"));
        try (JdbcStore first = JdbcStore.open(settings); JdbcStore second = JdbcStore.open(settings)) {
            empty.accept(first);
            List<JdbcStore> stores = List.of(first, second);
            List<UseCases> instances = stores.stream().map(store -> TestUseCases.of(store, clock)).toList();
            POOLS.forEach((pool, range) ->
                    instances.get(0).definePool().definePool(new DefinePoolCommand(pool, range, Set.of())));

            Ledger ledger = new Ledger();
            AtomicBoolean allocating = new AtomicBoolean(true);
            AtomicBoolean draining = new AtomicBoolean(false);
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService threads = Executors.newFixedThreadPool(ALLOCATORS + instances.size() + 1);
            List<Future<?>> allocators = new ArrayList<>();
            List<Future<Reaper>> reapers = new ArrayList<>();
            double seconds;
            try {
                for (int i = 0; i < ALLOCATORS; i++) {
                    allocators.add(threads.submit(new Allocator(i, instances.get(i % 2), ledger, start)));
                }
                for (UseCases instance : instances) {
                    reapers.add(threads.submit(new Reaper(instance, draining, start, ledger)));
                }
                Future<?> ticking = threads.submit(() -> {
                    start.await();
                    while (allocating.get()) {
                        Thread.sleep(TICK.toMillis());
                        clock.advance(STEP);
                    }
                    return null;
                });
                long begin = System.nanoTime();
                start.countDown();
                for (Future<?> allocator : allocators) {
                    allocator.get(RUN_TIME.toSeconds() + 60, TimeUnit.SECONDS);
                }
                seconds = (System.nanoTime() - begin) / 1e9;
                allocating.set(false);
                ticking.get(10, TimeUnit.SECONDS);
                // Every lease handed out has ended now; the reapers drain what is left, still side by side.
                clock.advance(Duration.ofDays(1));
                draining.set(true);
                for (Future<Reaper> reaper : reapers) {
                    reaper.get(60, TimeUnit.SECONDS);
                }
            } finally {
                allocating.set(false);
                draining.set(true);
                threads.shutdownNow();
            }
            long reaped = 0;
            List<String> perReaper = new ArrayList<>();
            for (Future<Reaper> reaper : reapers) {
                reaped += reaper.get().released;
                perReaper.add(reaper.get().released + " in " + reaper.get().calls + " calls");
            }

            Instant now = clock.instant();
            List<Event> events = EventLogSql.readAll(instances.get(1), 0);
            Map<EventType, List<AllocationId>> byType = events.stream().filter(e -> e.allocationId() != null)
                    .collect(Collectors.groupingBy(Event::type,
                            Collectors.mapping(Event::allocationId, Collectors.toList())));
            List<AllocationId> expired = byType.getOrDefault(EventType.EXPIRED, List.of());
            System.out.printf("portalloc reaper, %s: %d allocations (%d leased) in %.1f s; %d expired, %d of them"
                            + " by the reapers (%s), the rest reclaimed by allocations; outcomes %s%n",
                    backend, ledger.created.size(), ledger.leased().size(), seconds, expired.size(), reaped,
                    String.join(" / ", perReaper), ledger.outcomes.snapshot());
            System.out.printf("portalloc reaper, %s: store counters %s / %s%n", backend, first.counters(),
                    second.counters());

            assertThat(ledger.unexpected).as("failures other than the domain's refusals").isEmpty();
            for (JdbcStore store : stores) {
                assertThat(store.counters().duplicateKeys()).as("duplicate keys").isZero();
                assertThat(store.counters().unavailable()).as("transactions given up").isZero();
            }
            // Released exactly once: one expired event per allocation whose lease ran out, none for the rest.
            assertThat(expired).doesNotHaveDuplicates();
            Set<AllocationId> shouldHaveExpired = new HashSet<>(ledger.leased());
            shouldHaveExpired.removeAll(ledger.released);
            assertThat(Set.copyOf(expired)).isEqualTo(shouldHaveExpired);
            assertThat(byType.getOrDefault(EventType.RELEASED, List.of()))
                    .doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(ledger.released);
            assertThat(byType.get(EventType.ALLOCATED)).containsExactlyInAnyOrderElementsOf(ledger.created.keySet());
            assertThat(reaped).as("released by the reapers").isPositive().isLessThanOrEqualTo(expired.size());

            // Nothing expired is left, what is left is what never had a lease, and every pool agrees with its rows.
            assertThat(first.transactions().readOnly(() -> first.allocations().findPoolsWithExpired(now, 10))).isEmpty();
            Set<AllocationId> forever = new HashSet<>(ledger.created.keySet());
            forever.removeAll(ledger.leased());
            forever.removeAll(ledger.released);
            Map<PoolName, Integer> portRows = portRowsByPool(first);
            Set<AllocationId> stored = new HashSet<>();
            first.transactions().readOnly(() -> {
                for (PoolName name : POOLS.keySet()) {
                    Pool pool = first.pools().find(name).orElseThrow();
                    assertThat(pool.allocatedCount()).as("allocated count of %s", name)
                            .isEqualTo(portRows.getOrDefault(name, 0));
                    assertThat(first.allocations().countExpiredPorts(name, now)).isZero();
                    first.allocations().findPage(name, Optional.empty(), Optional.empty(), Optional.empty(),
                            10_000, now).forEach(a -> stored.add(a.id()));
                }
                return null;
            });
            assertThat(stored).isEqualTo(forever);
            assertThat(EventLogSql.stats(first).lastSeq()).isEqualTo(events.size());
        }
    }

    private static Map<PoolName, Integer> portRowsByPool(JdbcStore store) {
        Map<PoolName, Integer> rows = new HashMap<>();
        try (Connection connection = store.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(
                     "SELECT pool_name, COUNT(*) FROM allocated_port GROUP BY pool_name")) {
            while (result.next()) {
                rows.put(PoolName.of(result.getString(1)), result.getInt(2));
            }
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
        } catch (SQLException failure) {
            throw new IllegalStateException("counting port rows failed", failure);
        }
        return rows;
    }

    /** What the allocators did, shared. */
    private static final class Ledger {
        final Map<AllocationId, Allocation> created = new ConcurrentHashMap<>();
        final Set<AllocationId> released = ConcurrentHashMap.newKeySet();
        final Outcomes outcomes = new Outcomes();
        final Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();

        Set<AllocationId> leased() {
            return created.values().stream().filter(a -> a.expiresAt() != null).map(Allocation::id)
                    .collect(Collectors.toSet());
        }
    }

    /**
     * Allocates into its own deployments (four in five with a one-second lease), releases its own
     * allocations and now and then renews a deployment. A release that finds its allocation gone means
     * the lease ran out first: that allocation must end as an expired event.
     */
    private static final class Allocator extends TimedWorker<Void> {
        private final UseCases useCases;
        private final Ledger ledger;
        private final List<DeploymentName> deployments;
        private final List<PoolName> pools = POOLS.keySet().stream().sorted().toList();
        private final List<Allocation> mine = new ArrayList<>();
        private int services;

        Allocator(int index, UseCases useCases, Ledger ledger, CountDownLatch start) {
            super(SEED + index, start, RUN_TIME, Integer.MAX_VALUE, ledger.unexpected, true);
            this.useCases = useCases;
            this.ledger = ledger;
            this.deployments = List.of(DeploymentName.of("r" + index + "-a"), DeploymentName.of("r" + index + "-b"));
        }

        @Override
        protected void step(int dice) {
            if (dice < 65 || mine.isEmpty()) {
                allocate();
            } else if (dice < 95) {
                release();
            } else {
                renew();
            }
        }

        @Override
        protected Void result() {
            return null;
        }

        private void allocate() {
            PoolName pool = pools.get(random.nextInt(pools.size()));
            Optional<Lease> lease = random.nextInt(5) == 0 ? Optional.empty() : Optional.of(Lease.ofSeconds(1));
            AllocatePortsCommand command = new AllocatePortsCommand(pool, deployments.get(random.nextInt(2)),
                    ServiceName.of("svc-" + services++), AllocationShape.dynamic(1 + random.nextInt(3), false), lease);
            try {
                AllocationResult result = useCases.allocatePorts().allocatePorts(command);
                assertThat(result.created()).isTrue();
                ledger.created.put(result.allocation().id(), result.allocation());
                mine.add(result.allocation());
                ledger.outcomes.record("allocate");
            } catch (PoolExhaustedException exhausted) {
                ledger.outcomes.record("allocate:exhausted");
            }
        }

        private void release() {
            Allocation allocation = mine.remove(random.nextInt(mine.size()));
            try {
                useCases.releaseAllocation().releaseAllocation(new ReleaseAllocationCommand(allocation.id()));
                ledger.released.add(allocation.id());
                ledger.outcomes.record("release");
            } catch (AllocationNotFoundException gone) {
                assertThat(allocation.expiresAt()).as("only a leased allocation goes by itself").isNotNull();
                ledger.outcomes.record("release:expired-first");
            }
        }

        private void renew() {
            useCases.renewDeployment().renewDeployment(
                    new RenewDeploymentCommand(deployments.get(random.nextInt(2)), Lease.ofSeconds(1)));
            ledger.outcomes.record("renew");
        }
    }

    /**
     * One instance's reaper: small batches in a loop while the allocators run, then until a call after
     * the last lease ended finds nothing left.
     */
    private static final class Reaper implements Callable<Reaper> {
        private final UseCases useCases;
        private final AtomicBoolean draining;
        private final CountDownLatch start;
        private final Ledger ledger;
        long released;
        long calls;

        Reaper(UseCases useCases, AtomicBoolean draining, CountDownLatch start, Ledger ledger) {
            this.useCases = useCases;
            this.draining = draining;
            this.start = start;
            this.ledger = ledger;
        }

        @Override
        public Reaper call() throws InterruptedException {
            start.await();
            while (true) {
                // Read before the call: a call that starts after every lease ended and finds nothing ends it.
                boolean last = draining.get();
                int count;
                try {
                    count = useCases.reapExpiredAllocations().reapExpiredAllocations(REAP_BATCH);
                } catch (RuntimeException failure) {
                    ledger.unexpected.add(failure);
                    return this;
                }
                calls++;
                released += count;
                if (count == 0) {
                    if (last) {
                        return this;
                    }
                    Thread.sleep(2);
                }
            }
        }
    }
}
