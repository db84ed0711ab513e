package dev.portalloc.adapters.jdbc;

import dev.portalloc.application.port.in.AllocatePortsCommand;
import dev.portalloc.application.port.in.AllocationResult;
import dev.portalloc.application.port.in.DefinePoolCommand;
import dev.portalloc.application.port.in.EventPage;
import dev.portalloc.application.port.in.ListEventsQuery;
import dev.portalloc.application.port.in.ReleaseAllocationCommand;
import dev.portalloc.application.port.in.ResetDeploymentCommand;
import dev.portalloc.application.port.in.UseCases;
import dev.portalloc.domain.Allocation;
import dev.portalloc.domain.AllocationId;
import dev.portalloc.domain.AllocationShape;
import dev.portalloc.domain.DeploymentName;
import dev.portalloc.domain.Event;
import dev.portalloc.domain.EventType;
import dev.portalloc.domain.PoolExhaustedException;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.PortRange;
import dev.portalloc.domain.ServiceName;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
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
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event log's promise under load: two stores (two connection pools, as two service instances) on one
 * database, eight threads allocating, releasing and resetting across three pools, and one follower per
 * store polling with {@code after = <last seq seen>} all the while. Each follower must see every event
 * exactly once, in strictly increasing seq with no gaps (1..N), and the events must be exactly the
 * changes that succeeded.
 */
class EventFollowTest {
    private static final Duration RUN_TIME = Duration.ofSeconds(4);
    private static final int WRITERS = 8;
    private static final int PAGE = 200;
    private static final long SEED = 20261128L;
    private static final Map<PoolName, PortRange> POOLS = Map.of(
            PoolName.of("alpha"), PortRange.of(10000, 10999),
            PoolName.of("beta"), PortRange.of(11000, 11999),
            PoolName.of("gamma"), PortRange.of(12000, 12063));

    @Test
    void onH2() throws Exception {
        String url = H2TestDatabase.newUrl("events");
        try {
            run("H2", H2TestDatabase.settings(url).withMaxPoolSize(6), store -> {
            });
        } finally {
            H2TestDatabase.shutdown(url);
        }
    }

    @Test
    void onPostgresql() throws Exception {
        run("PostgreSQL", PostgresTestDatabase.settings().withMaxPoolSize(6), PostgresTestDatabase::truncate);
    }

    private void run(String backend, JdbcSettings settings, Consumer<JdbcStore> empty) throws Exception {
        try (JdbcStore first = JdbcStore.open(settings); JdbcStore second = JdbcStore.open(settings)) {
            empty.accept(first);
            List<JdbcStore> stores = List.of(first, second);
            List<UseCases> instances = stores.stream().map(store -> TestUseCases.of(store, Clock.systemUTC())).toList();
            POOLS.forEach((pool, range) ->
                    instances.get(0).definePool().definePool(new DefinePoolCommand(pool, range, Set.of())));

            Ledger ledger = new Ledger();
            AtomicBoolean writing = new AtomicBoolean(true);
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService threads = Executors.newFixedThreadPool(WRITERS + instances.size());
            List<Future<?>> writers = new ArrayList<>();
            List<Future<Follower>> followers = new ArrayList<>();
            long begin;
            double seconds;
            try {
                for (int i = 0; i < WRITERS; i++) {
                    writers.add(threads.submit(new Writer(i, instances.get(i % 2), ledger, start)));
                }
                for (UseCases instance : instances) {
                    followers.add(threads.submit(new Follower(instance, writing, start)));
                }
                begin = System.nanoTime();
                start.countDown();
                for (Future<?> writer : writers) {
                    writer.get(RUN_TIME.toSeconds() + 60, TimeUnit.SECONDS);
                }
                seconds = (System.nanoTime() - begin) / 1e9;
                writing.set(false);
                for (Future<Follower> follower : followers) {
                    follower.get(60, TimeUnit.SECONDS);
                }
            } finally {
                writing.set(false);
                threads.shutdownNow();
            }

            EventLogSql.Stats stats = EventLogSql.stats(first);
            List<Follower> done = new ArrayList<>();
            for (Future<Follower> follower : followers) {
                done.add(follower.get());
            }
            long total = stats.rows();
            System.out.printf("portalloc events, %s: %d events by %d writers on 2 stores in %.1f s = %.0f events/s;"
                            + " followers read %s pages, saw the last event at most %s ms after writing stopped%n",
                    backend, total, WRITERS, seconds, total / seconds,
                    done.stream().map(f -> Long.toString(f.pages)).collect(Collectors.joining("/")),
                    done.stream().map(f -> Long.toString(f.drainMillis)).collect(Collectors.joining("/")));
            System.out.printf("portalloc events, %s: operations %s; store counters %s / %s%n", backend,
                    ledger.outcomes.snapshot(), first.counters(), second.counters());

            assertThat(ledger.unexpected).as("failures other than the domain's refusals").isEmpty();
            assertThat(ledger.violations).isEmpty();
            for (JdbcStore store : stores) {
                assertThat(store.counters().unavailable()).as("transactions given up").isZero();
                assertThat(store.counters().duplicateKeys()).as("duplicate keys, a seq among them").isZero();
            }
            List<Long> oneToN = LongStream.rangeClosed(1, total).boxed().toList();
            for (Follower follower : done) {
                assertThat(follower.violations).as("seqs out of order").isEmpty();
                assertThat(follower.unexpected).isEmpty();
                // Strictly increasing (checked on every page) and all of 1..N: each exactly once.
                assertThat(follower.events).extracting(Event::seq).containsExactlyElementsOf(oneToN);
            }
            // Every row numbered, 1..N without a gap, and the sequencer's counter at N.
            assertThat(stats.sequenced()).isEqualTo(total);
            assertThat(stats.minSeq()).isEqualTo(1);
            assertThat(stats.maxSeq()).isEqualTo(total);
            assertThat(stats.lastSeq()).isEqualTo(total);
            assertThat(done.get(0).events).isEqualTo(done.get(1).events);
            assertThat(done.get(0).events).isEqualTo(EventLogSql.readAll(instances.get(1), 0));

            assertTheEventsAreTheSuccessfulChanges(done.get(0).events, ledger);
            assertThat(ledger.outcomes.count("allocate:created")).as("allocations made").isPositive();
            assertThat(ledger.outcomes.count("release")).as("releases made").isPositive();
        }
    }

    private static void assertTheEventsAreTheSuccessfulChanges(List<Event> events, Ledger ledger) {
        Map<EventType, List<Event>> byType = events.stream().collect(Collectors.groupingBy(Event::type));
        assertThat(byType.keySet()).containsExactlyInAnyOrder(EventType.POOL_CREATED, EventType.ALLOCATED,
                EventType.RELEASED);
        assertThat(byType.get(EventType.POOL_CREATED)).extracting(Event::pool)
                .containsExactlyInAnyOrderElementsOf(POOLS.keySet());

        List<AllocationId> allocated = byType.get(EventType.ALLOCATED).stream().map(Event::allocationId).toList();
        assertThat(allocated).as("one allocated event per allocation").doesNotHaveDuplicates();
        assertThat(Set.copyOf(allocated)).isEqualTo(ledger.created.keySet());
        for (Event event : byType.get(EventType.ALLOCATED)) {
            Allocation allocation = ledger.created.get(event.allocationId());
            assertThat(event.pool()).isEqualTo(allocation.pool());
            assertThat(event.deployment()).isEqualTo(allocation.deployment());
            assertThat(event.service()).isEqualTo(allocation.service());
            assertThat(event.ports()).isEqualTo(allocation.ports().stream().sorted().toList());
            assertThat(event.at()).isEqualTo(allocation.createdAt());
        }

        List<AllocationId> released = byType.get(EventType.RELEASED).stream().map(Event::allocationId).toList();
        assertThat(released).doesNotHaveDuplicates();
        assertThat(Set.copyOf(released)).isEqualTo(Set.copyOf(ledger.released));
        assertThat(released).hasSize(ledger.released.size());

        // A release commits after its allocation did, so it is numbered after it.
        Map<AllocationId, Long> allocatedAt = byType.get(EventType.ALLOCATED).stream()
                .collect(Collectors.toMap(Event::allocationId, Event::seq));
        for (Event event : byType.get(EventType.RELEASED)) {
            assertThat(event.seq()).as("release of %s", event.allocationId())
                    .isGreaterThan(allocatedAt.get(event.allocationId()));
        }
    }

    /** What the writers did, shared. */
    private static final class Ledger {
        final Map<AllocationId, Allocation> created = new ConcurrentHashMap<>();
        final Queue<AllocationId> released = new ConcurrentLinkedQueue<>();
        final Outcomes outcomes = new Outcomes();
        final Queue<String> violations = new ConcurrentLinkedQueue<>();
        final Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
    }

    /** Allocates into its own deployments, releases and resets only its own, so it knows what each call did. */
    private static final class Writer extends TimedWorker<Void> {
        private final UseCases useCases;
        private final Ledger ledger;
        private final List<DeploymentName> deployments;
        private final List<PoolName> pools = POOLS.keySet().stream().sorted().toList();
        private final List<Allocation> mine = new ArrayList<>();
        private int services;

        Writer(int index, UseCases useCases, Ledger ledger, CountDownLatch start) {
            super(SEED + index, start, RUN_TIME, Integer.MAX_VALUE, ledger.unexpected, true);
            this.useCases = useCases;
            this.ledger = ledger;
            this.deployments = List.of(DeploymentName.of("e" + index + "-a"), DeploymentName.of("e" + index + "-b"));
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
        protected Void result() {
            return null;
        }

        private void allocate() {
            PoolName pool = pools.get(random.nextInt(pools.size()));
            AllocationShape shape = AllocationShape.dynamic(1 + random.nextInt(3), random.nextBoolean());
            AllocatePortsCommand command = new AllocatePortsCommand(pool, deployments.get(random.nextInt(2)),
                    ServiceName.of("svc-" + services++), shape);
            try {
                AllocationResult result = useCases.allocatePorts().allocatePorts(command);
                if (!result.created()) {
                    ledger.violations.add("a new key returned an existing allocation " + result.allocation());
                    return;
                }
                ledger.created.put(result.allocation().id(), result.allocation());
                mine.add(result.allocation());
                ledger.outcomes.record("allocate:created");
            } catch (PoolExhaustedException exhausted) {
                ledger.outcomes.record("allocate:exhausted");
            }
        }

        private void release() {
            Allocation allocation = mine.remove(random.nextInt(mine.size()));
            useCases.releaseAllocation().releaseAllocation(new ReleaseAllocationCommand(allocation.id()));
            ledger.released.add(allocation.id());
            ledger.outcomes.record("release");
        }

        private void reset() {
            DeploymentName deployment = deployments.get(random.nextInt(deployments.size()));
            List<Allocation> held = mine.stream().filter(a -> a.deployment().equals(deployment)).toList();
            int ports = useCases.resetDeployment().resetDeployment(new ResetDeploymentCommand(deployment));
            if (ports != held.stream().mapToInt(a -> a.ports().size()).sum()) {
                ledger.violations.add("reset of " + deployment + " released " + ports + " ports");
            }
            mine.removeAll(held);
            held.forEach(a -> ledger.released.add(a.id()));
            ledger.outcomes.record("reset");
        }
    }

    /**
     * Polls with the last seq it has seen while the writers run, then drains until the log has nothing
     * more. Checks on every page that each seq is above the one before.
     */
    private static final class Follower implements Callable<Follower> {
        private final UseCases useCases;
        private final AtomicBoolean writing;
        private final CountDownLatch start;
        final List<Event> events = new ArrayList<>();
        final List<String> violations = new ArrayList<>();
        final List<Throwable> unexpected = new ArrayList<>();
        long pages;
        long drainMillis;

        Follower(UseCases useCases, AtomicBoolean writing, CountDownLatch start) {
            this.useCases = useCases;
            this.writing = writing;
            this.start = start;
        }

        @Override
        public Follower call() throws InterruptedException {
            start.await();
            long last = 0;
            long drainStart = 0;
            int emptyAfterWriting = 0;
            // Two empty pages once writing stopped: the first may still have been numbering the rest.
            while (emptyAfterWriting < 2) {
                boolean stillWriting = writing.get();
                if (!stillWriting && drainStart == 0) {
                    drainStart = System.nanoTime();
                }
                EventPage page;
                try {
                    page = useCases.listEvents().listEvents(
                            new ListEventsQuery(last, PAGE, Optional.empty(), Optional.empty()));
                } catch (RuntimeException failure) {
                    unexpected.add(failure);
                    return this;
                }
                pages++;
                for (Event event : page.events()) {
                    if (event.seq() <= last) {
                        violations.add("seq " + event.seq() + " after " + last);
                    }
                    last = event.seq();
                    events.add(event);
                }
                if (page.events().isEmpty()) {
                    if (!stillWriting) {
                        emptyAfterWriting++;
                    } else {
                        Thread.sleep(1);
                    }
                } else {
                    emptyAfterWriting = 0;
                }
            }
            drainMillis = (System.nanoTime() - drainStart) / 1_000_000;
            return this;
        }
    }
}
