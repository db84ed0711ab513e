package dev.portalloc.adapters.jdbc;

import dev.portalloc.application.port.in.AllocatePortsCommand;
import dev.portalloc.application.port.in.AllocationResult;
import dev.portalloc.application.port.in.DefinePoolCommand;
import dev.portalloc.application.port.in.ReleaseAllocationCommand;
import dev.portalloc.application.port.in.ResetDeploymentCommand;
import dev.portalloc.application.port.in.UseCases;
import dev.portalloc.domain.Allocation;
import dev.portalloc.domain.AllocationId;
import dev.portalloc.domain.AllocationNotFoundException;
import dev.portalloc.domain.AllocationShape;
import dev.portalloc.domain.DeploymentName;
import dev.portalloc.domain.Pool;
import dev.portalloc.domain.PoolExhaustedException;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.PortRange;
import dev.portalloc.domain.PortState;
import dev.portalloc.domain.PortUnavailableException;
import dev.portalloc.domain.ServiceName;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two stores (two connection pools, as two service instances would have) on one database, with 16
 * threads allocating, releasing and resetting across three pools, one small enough to run out. A
 * shared map tracks who holds each port: a port leaves it before its release is asked for and enters
 * it after its allocation committed, so finding a port already there means two allocations held it at
 * once. At the end the map must equal the database's allocated ports exactly.
 */
class ConcurrentAllocationTest {
    private static final Duration RUN_TIME = Duration.ofSeconds(4);
    private static final int THREADS = 16;
    private static final int MAX_OPERATIONS_PER_THREAD = 50_000;
    private static final long SEED = 20261127L;

    private static final PoolName SMALL = PoolName.of("small");
    private static final PoolName MEDIUM = PoolName.of("medium");
    private static final PoolName LARGE = PoolName.of("large");
    private static final Map<PoolName, PortRange> RANGES = Map.of(
            SMALL, PortRange.of(20000, 20063),
            MEDIUM, PortRange.of(21000, 21999),
            LARGE, PortRange.of(30000, 39999));
    private static final Map<PoolName, Set<Integer>> RESERVED = Map.of(
            SMALL, Set.of(20010),
            MEDIUM, Set.copyOf(IntStream.rangeClosed(21500, 21509).boxed().toList()),
            LARGE, Set.of());

    @Test
    void onH2() throws Exception {
        String url = H2TestDatabase.newUrl("concurrency");
        try {
            run("H2", H2TestDatabase.settings(url).withMaxPoolSize(THREADS / 2), store -> {
            });
        } finally {
            H2TestDatabase.shutdown(url);
        }
    }

    @Test
    void onPostgresql() throws Exception {
        run("PostgreSQL", PostgresTestDatabase.settings().withMaxPoolSize(THREADS / 2), PostgresTestDatabase::truncate);
    }

    private record PortKey(PoolName pool, int port) {
    }

    private void run(String backend, JdbcSettings settings, Consumer<JdbcStore> empty) throws Exception {
        try (JdbcStore first = JdbcStore.open(settings); JdbcStore second = JdbcStore.open(settings)) {
            empty.accept(first);
            List<JdbcStore> stores = List.of(first, second);
            List<UseCases> instances = stores.stream()
                    .map(store -> TestUseCases.of(store, Clock.systemUTC()))
                    .toList();
            for (PoolName pool : RANGES.keySet()) {
                instances.get(0).definePool().definePool(new DefinePoolCommand(pool, RANGES.get(pool), RESERVED.get(pool)));
            }

            Tracker tracker = new Tracker();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            List<Future<List<Allocation>>> workers = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                workers.add(threads.submit(new Worker(i, instances.get(i % 2), tracker, start)));
            }
            long begin = System.nanoTime();
            start.countDown();
            List<Allocation> stillHeld = new ArrayList<>();
            try {
                for (Future<List<Allocation>> worker : workers) {
                    stillHeld.addAll(worker.get(RUN_TIME.toSeconds() + 120, TimeUnit.SECONDS));
                }
            } finally {
                threads.shutdownNow();
            }
            double seconds = (System.nanoTime() - begin) / 1e9;

            report(backend, tracker, stores, seconds);

            assertThat(tracker.violations).as("ports held by two allocations at once, or wrong counts").isEmpty();
            assertThat(tracker.unexpected).as("failures other than the domain's refusals").isEmpty();
            assertThat(tracker.outcomes.count("allocate:created")).as("successful allocations").isPositive();
            assertThat(tracker.outcomes.count("allocate:exhausted")).as("the small pool ran out at least once").isPositive();
            for (JdbcStore store : stores) {
                assertThat(store.counters().duplicateKeys()).as("duplicate keys").isZero();
                assertThat(store.counters().unavailable()).as("transactions given up").isZero();
                // Pools are locked in name order: no two transactions ever wait on each other in a cycle.
                assertThat(store.counters().retries(TransientCause.DEADLOCK)).as("deadlocks").isZero();
            }
            assertThatTheDatabaseHoldsExactly(first, tracker, stillHeld);
        }
    }

    /** Every successful allocation is accounted for: the map equals the stored ports, pool by pool. */
    private static void assertThatTheDatabaseHoldsExactly(JdbcStore store, Tracker tracker, List<Allocation> stillHeld) {
        Map<PortKey, AllocationId> stored = new HashMap<>();
        Set<AllocationId> storedIds = new HashSet<>();
        store.transactions().readOnly(() -> {
            for (PoolName name : RANGES.keySet()) {
                Pool pool = store.pools().find(name).orElseThrow();
                int rows = 0;
                Optional<AllocationId> after = Optional.empty();
                while (true) {
                    List<Allocation> page = store.allocations().findPage(name, Optional.empty(), Optional.empty(),
                            after, 500, Instant.now());
                    for (Allocation allocation : page) {
                        storedIds.add(allocation.id());
                        for (int port : allocation.ports()) {
                            assertThat(stored.put(new PortKey(name, port), allocation.id())).isNull();
                            assertThat(pool.stateOf(port)).isEqualTo(PortState.ALLOCATED);
                            rows++;
                        }
                    }
                    if (page.size() < 500) {
                        break;
                    }
                    after = Optional.of(page.get(page.size() - 1).id());
                }
                assertThat(pool.allocatedCount()).as("allocated count of pool %s", name).isEqualTo(rows);
            }
            return null;
        });
        assertThat(stored).isEqualTo(Map.copyOf(tracker.held));
        assertThat(storedIds).isEqualTo(stillHeld.stream().map(Allocation::id).collect(Collectors.toSet()));
    }

    private static void report(String backend, Tracker tracker, List<JdbcStore> stores, double seconds) {
        long operations = tracker.outcomes.total();
        Map<String, Long> outcomes = tracker.outcomes.snapshot();
        System.out.printf("portalloc concurrency, %s: %d operations by %d threads on 2 stores in %.1f s = %.0f operations/s%n",
                backend, operations, THREADS, seconds, operations / seconds);
        System.out.printf("portalloc concurrency, %s: outcomes %s%n", backend, outcomes);
        for (int i = 0; i < stores.size(); i++) {
            System.out.printf("portalloc concurrency, %s: store %d %s%n", backend, i + 1, stores.get(i).counters());
        }
    }

    /** What every thread saw, shared. */
    private static final class Tracker {
        final ConcurrentHashMap<PortKey, AllocationId> held = new ConcurrentHashMap<>();
        final Outcomes outcomes = new Outcomes();
        final Queue<String> violations = new ConcurrentLinkedQueue<>();
        final Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();

        void took(Allocation allocation) {
            for (int port : allocation.ports()) {
                AllocationId before = held.putIfAbsent(new PortKey(allocation.pool(), port), allocation.id());
                if (before != null) {
                    violations.add("port " + allocation.pool() + ":" + port + " of allocation " + allocation.id()
                            + " is still held by " + before);
                }
            }
        }

        void giveBack(Allocation allocation) {
            for (int port : allocation.ports()) {
                if (!held.remove(new PortKey(allocation.pool(), port), allocation.id())) {
                    violations.add("port " + allocation.pool() + ":" + port + " of allocation " + allocation.id()
                            + " was not tracked as held by it");
                }
            }
        }

        /** A release that failed: the allocation may well still hold its ports. */
        void putBack(List<Allocation> allocations) {
            allocations.forEach(this::took);
        }
    }

    /**
     * One thread: allocates into its own deployments, releases its own allocations and resets its own
     * deployments, so it knows exactly what each call must do; the ports and pool locks it competes
     * for are everyone's. Returns the allocations it still holds.
     */
    private static final class Worker extends TimedWorker<List<Allocation>> {
        private final UseCases useCases;
        private final Tracker tracker;
        private final List<DeploymentName> deployments;
        private final List<Allocation> mine = new ArrayList<>();
        private AllocatePortsCommand previous;
        private int services;

        Worker(int index, UseCases useCases, Tracker tracker, CountDownLatch start) {
            super(SEED + index, start, RUN_TIME, MAX_OPERATIONS_PER_THREAD, tracker.unexpected, false);
            this.useCases = useCases;
            this.tracker = tracker;
            this.deployments = List.of(DeploymentName.of("w" + index + "-a"), DeploymentName.of("w" + index + "-b"),
                    DeploymentName.of("w" + index + "-c"));
        }

        @Override
        protected void step(int dice) {
            if (dice < 55 || mine.isEmpty()) {
                allocate();
            } else if (dice < 88) {
                release();
            } else {
                reset();
            }
        }

        @Override
        protected List<Allocation> result() {
            return mine;
        }

        private void allocate() {
            AllocatePortsCommand command = previous != null && random.nextInt(20) == 0 ? previous : newCommand();
            previous = command;
            try {
                AllocationResult result = useCases.allocatePorts().allocatePorts(command);
                Allocation allocation = result.allocation();
                if (result.created()) {
                    tracker.took(allocation);
                    mine.add(allocation);
                    tracker.outcomes.record("allocate:created");
                } else {
                    // The same request again: it must be the allocation this thread already holds.
                    if (!mine.contains(allocation)) {
                        tracker.violations.add("a repeated request returned " + allocation + " which this thread does not hold");
                    }
                    tracker.outcomes.record("allocate:repeated");
                }
            } catch (PoolExhaustedException exhausted) {
                tracker.outcomes.record("allocate:exhausted");
            } catch (PortUnavailableException unavailable) {
                tracker.outcomes.record("allocate:port-unavailable");
            }
        }

        private AllocatePortsCommand newCommand() {
            int which = random.nextInt(10);
            PoolName pool = which < 4 ? SMALL : which < 7 ? MEDIUM : LARGE;
            int kind = random.nextInt(100);
            AllocationShape shape;
            if (kind < 40) {
                shape = AllocationShape.dynamic(1, false);
            } else if (kind < 65) {
                shape = AllocationShape.dynamic(2 + random.nextInt(7), false);
            } else if (kind < 80) {
                shape = AllocationShape.dynamic(2 + random.nextInt(7), true);
            } else {
                PortRange range = RANGES.get(pool);
                Set<Integer> ports = new LinkedHashSet<>();
                int wanted = 1 + random.nextInt(3);
                while (ports.size() < wanted) {
                    ports.add(range.min() + random.nextInt(range.size()));
                }
                shape = AllocationShape.specific(List.copyOf(ports));
            }
            DeploymentName deployment = deployments.get(random.nextInt(deployments.size()));
            return new AllocatePortsCommand(pool, deployment, ServiceName.of("svc-" + services++), shape);
        }

        private void release() {
            Allocation allocation = mine.remove(random.nextInt(mine.size()));
            tracker.giveBack(allocation);
            try {
                useCases.releaseAllocation().releaseAllocation(new ReleaseAllocationCommand(allocation.id()));
                tracker.outcomes.record("release:released");
            } catch (AllocationNotFoundException notFound) {
                // Only this thread releases its allocations: it must have been there.
                tracker.violations.add("allocation " + allocation.id() + " was gone before its release");
                tracker.outcomes.record("release:not-found");
            } catch (RuntimeException failure) {
                tracker.putBack(List.of(allocation));
                mine.add(allocation);
                throw failure;
            }
        }

        private void reset() {
            DeploymentName deployment = deployments.get(random.nextInt(deployments.size()));
            List<Allocation> claimed = mine.stream().filter(a -> a.deployment().equals(deployment)).toList();
            mine.removeAll(claimed);
            claimed.forEach(tracker::giveBack);
            int expected = claimed.stream().mapToInt(a -> a.ports().size()).sum();
            try {
                int released = useCases.resetDeployment().resetDeployment(new ResetDeploymentCommand(deployment));
                if (released != expected) {
                    tracker.violations.add("reset of " + deployment + " released " + released + " ports, not " + expected);
                }
                tracker.outcomes.record("reset:done");
            } catch (RuntimeException failure) {
                tracker.putBack(claimed);
                mine.addAll(claimed);
                throw failure;
            }
        }
    }
}
