package dev.portalloc.adapters.jdbc;

import dev.portalloc.application.port.out.EventLog;
import dev.portalloc.domain.Event;
import dev.portalloc.domain.EventType;
import dev.portalloc.domain.PoolName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How {@link JpaEventLog} numbers events, step by step, with transactions held open on purpose: an event
 * committed late is numbered after one committed early whatever their insert order, readers never wait
 * for writers, a reader waits for another reader's numbering and continues after it, and numbering that
 * rolls back leaves no gap. Run on H2 and PostgreSQL.
 */
abstract class EventSequencingContract {
    private static final PoolName EDGE = PoolName.of("edge");
    private static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");

    private JdbcStore store;
    private ExecutorService background;

    /** An empty store opened with {@link TransactionRunnerContract#LOCK_TIMEOUT}. Called before each test. */
    protected abstract JdbcStore emptyStore();

    /** Called after each test with the store {@link #emptyStore} returned. */
    protected void release(JdbcStore store) {
    }

    @BeforeEach
    final void openStore() {
        store = emptyStore();
        background = Executors.newCachedThreadPool();
    }

    @AfterEach
    final void releaseStore() {
        background.shutdownNow();
        release(store);
    }

    @Test
    void anEventCommittedLateIsNumberedAfterOneCommittedEarlyAndReadersDoNotWaitForWriters() throws Exception {
        CountDownLatch appended = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        // Inserted first (the lower id), committed last.
        Future<?> slowWriter = background.submit(() -> tx(() -> {
            log().append(event("inserted-first"));
            appended.countDown();
            await(commit);
            return null;
        }));
        assertThat(appended.await(10, TimeUnit.SECONDS)).isTrue();
        append("inserted-second");

        long start = System.nanoTime();
        List<Event> first = read(0);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).as("a read does not wait for an open writer").isLessThan(TransactionRunnerContract.LOCK_TIMEOUT);
        assertThat(first).extracting(Event::actor, Event::seq).containsExactly(org.assertj.core.groups.Tuple.tuple(
                "inserted-second", 1L));

        commit.countDown();
        slowWriter.get(10, TimeUnit.SECONDS);
        assertThat(read(1)).extracting(Event::actor, Event::seq).containsExactly(org.assertj.core.groups.Tuple.tuple(
                "inserted-first", 2L));
        assertThat(read(0)).extracting(Event::seq).containsExactly(1L, 2L);
    }

    @Test
    void aReaderWaitsForAnotherReadersNumberingAndContinuesAfterIt() throws Exception {
        append("one");
        CountDownLatch numbered = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        Future<List<Event>> firstReader = background.submit(() -> tx(() -> {
            List<Event> seen = log().read(0, 100, Optional.empty(), Optional.empty());
            numbered.countDown();
            await(commit);
            return seen;
        }));
        assertThat(numbered.await(10, TimeUnit.SECONDS)).isTrue();
        append("two");

        // Blocks on the sequencer row until the first reader commits, then numbers "two" as 2.
        Future<List<Event>> secondReader = background.submit(() -> read(0));
        Thread.sleep(TransactionRunnerContract.LOCK_TIMEOUT.toMillis() / 4);
        assertThat(secondReader).isNotDone();
        commit.countDown();

        assertThat(firstReader.get(10, TimeUnit.SECONDS)).extracting(Event::actor, Event::seq)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("one", 1L));
        assertThat(secondReader.get(10, TimeUnit.SECONDS)).extracting(Event::actor, Event::seq)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("one", 1L),
                        org.assertj.core.groups.Tuple.tuple("two", 2L));
        assertThat(store.counters().duplicateKeys()).isZero();
    }

    @Test
    void numberingThatRollsBackLeavesNoGap() {
        append("one");
        append("two");
        assertThatThrownBy(() -> tx(() -> {
            assertThat(log().read(0, 100, Optional.empty(), Optional.empty())).hasSize(2);
            throw new IllegalStateException("the reader's transaction fails after numbering");
        })).hasMessageContaining("fails after numbering");
        append("three");

        assertThat(read(0)).extracting(Event::actor, Event::seq).containsExactly(
                org.assertj.core.groups.Tuple.tuple("one", 1L),
                org.assertj.core.groups.Tuple.tuple("two", 2L),
                org.assertj.core.groups.Tuple.tuple("three", 3L));
        assertThat(EventLogSql.stats(store).lastSeq()).isEqualTo(3);
    }

    @Test
    void aReadOnlyReadReturnsOnlyWhatIsNumberedAlready() {
        append("one");
        assertThat(store.transactions().readOnly(() -> log().read(0, 10, Optional.empty(), Optional.empty()))).isEmpty();
        assertThat(read(0)).hasSize(1);
        append("two");
        assertThat(store.transactions().readOnly(() -> log().read(0, 10, Optional.empty(), Optional.empty())))
                .extracting(Event::actor).containsExactly("one");
    }

    @Test
    void aLargeBacklogIsNumberedInOrderAcrossReads() {
        int count = JpaEventLog.SEQUENCING_BATCH + 5;
        // Written in one plain batch: ten thousand appends one by one would only make the test slow.
        EventLogSql.insertUnsequenced(store, EDGE, T0, java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> "e" + i).toList());

        List<Event> firstPage = read(0, 1000);
        assertThat(EventLogSql.stats(store).lastSeq()).as("one step numbers one batch").isEqualTo(JpaEventLog.SEQUENCING_BATCH);
        List<Event> lastPage = read(count - 10, 1000);

        assertThat(firstPage).hasSize(1000);
        assertThat(firstPage.get(0).actor()).isEqualTo("e0");
        assertThat(lastPage).extracting(Event::actor).containsExactly(java.util.stream.IntStream.range(count - 10, count)
                .mapToObj(i -> "e" + i).toArray(String[]::new));
        assertThat(lastPage.get(9).seq()).isEqualTo(count);
    }

    private EventLog log() {
        return store.events();
    }

    private void append(String actor) {
        tx(() -> {
            log().append(event(actor));
            return null;
        });
    }

    private List<Event> read(long after) {
        return read(after, 100);
    }

    private List<Event> read(long after, int limit) {
        return tx(() -> log().read(after, limit, Optional.empty(), Optional.empty()));
    }

    /** The actor field tells the events apart. */
    private static Event event(String actor) {
        return new Event(Event.UNSEQUENCED, T0, EventType.POOL_CHANGED, EDGE, null, null, null, List.of(), actor);
    }

    private <T> T tx(Supplier<T> work) {
        return store.transactions().inTransaction(work);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not let go in time");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }
}
