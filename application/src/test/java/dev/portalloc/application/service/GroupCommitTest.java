package dev.portalloc.application.service;

import dev.portalloc.application.inmemory.InMemoryStore;
import dev.portalloc.application.port.in.AllocatePortsCommand;
import dev.portalloc.application.port.in.AllocationResult;
import dev.portalloc.application.port.in.DefinePoolCommand;
import dev.portalloc.application.port.in.ListAllocationsQuery;
import dev.portalloc.application.port.in.ReleaseAllocationCommand;
import dev.portalloc.application.port.in.UseCases;
import dev.portalloc.application.port.out.HostPorts;
import dev.portalloc.application.port.out.PoolRepository;
import dev.portalloc.application.port.out.StoreUnavailableException;
import dev.portalloc.application.port.out.TransactionRunner;
import dev.portalloc.domain.Allocation;
import dev.portalloc.domain.AllocationId;
import dev.portalloc.domain.AllocationKey;
import dev.portalloc.domain.AllocationNotFoundException;
import dev.portalloc.domain.AllocationShape;
import dev.portalloc.domain.EventType;
import dev.portalloc.domain.Pool;
import dev.portalloc.domain.DeploymentName;
import dev.portalloc.domain.PoolExhaustedException;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.PortRange;
import dev.portalloc.domain.ServiceName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Group commit over the in-memory store: the first allocation's transaction is held open at its commit
 * while more allocations for the same pool arrive, so they must wait and then share one transaction.
 */
final class GroupCommitTest {
    private static final PoolName POOL = PoolName.of("edge");
    private static final AllocationKey KEY = new AllocationKey(POOL, DeploymentName.of("dep"), ServiceName.of("web"));
    private static final int QUEUED = 10;

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-27T08:00:00Z"), ZoneOffset.UTC);
    private final InMemoryStore store = new InMemoryStore();
    private final HeldRunner runner = new HeldRunner(store);
    private final HeldElsewhere pools = new HeldElsewhere(store.pools());
    private final UseCases useCases = new UseCaseFactory(pools, store.allocations(), store.events(),
            HostPorts.NONE, runner, clock).create();
    private final ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void stopCallers() {
        callers.shutdownNow();
    }

    @Test
    void requestsThatArriveWhileTheirPoolsTransactionRunsAreDecidedInOneTransactionAndAnsweredAfterItsCommit()
            throws Exception {
        define(10000, 10099);
        Future<AllocationResult> first = holdFirstTransaction();
        List<Future<AllocationResult>> queued = queue(QUEUED, i -> single("dep-" + i));

        assertThat(queued).noneMatch(Future::isDone);
        assertThat(first).isNotDone();
        runner.commitHeld();

        List<Integer> ports = new ArrayList<>(first.get(10, TimeUnit.SECONDS).allocation().ports());
        for (Future<AllocationResult> answer : queued) {
            ports.addAll(answer.get(10, TimeUnit.SECONDS).allocation().ports());
        }
        assertThat(ports).hasSize(QUEUED + 1).doesNotHaveDuplicates();
        assertThat(runner.transactions()).as("the held one, then one for every request queued behind it").isEqualTo(2);
        assertThat(allocationCount()).isEqualTo(QUEUED + 1);
    }

    @Test
    void aBatchWaitsBrieflyForAsManyRequestsAsThePreviousOneHeld() throws Exception {
        define(10000, 10099);
        GroupCommitter committer = new GroupCommitter(pools, store.allocations(),
                new Releaser(store.allocations(), store.events()), runner, clock, Duration.ofSeconds(10));
        GroupCommitter.PoolWork<String> slow = (pool, now, existing) -> {
            sleep(300);
            return "done";
        };
        runner.holdNext();
        Future<String> first = callers.submit(() -> committer.run(KEY, (pool, now, existing) -> "first"));
        runner.awaitHeld();
        List<Future<String>> previous = queueCalls(3, i -> () -> committer.run(KEY, slow));
        runner.commitHeld();
        first.get(10, TimeUnit.SECONDS);
        for (Future<String> answer : previous) {
            answer.get(10, TimeUnit.SECONDS);
        }
        runner.resetCount();

        // The previous batch held three and ran for about 900 ms: the next one waits up to half that for three.
        List<Future<String>> next = new ArrayList<>();
        List<Thread> threads = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 3; i++) {
            next.add(callers.submit(() -> {
                threads.add(Thread.currentThread());
                return committer.run(KEY, (pool, now, existing) -> "next");
            }));
            int submitted = next.size();
            awaitWaiting(() -> threads.size() == submitted && threads.get(submitted - 1).getState() != Thread.State.RUNNABLE);
        }
        for (Future<String> answer : next) {
            assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo("next");
        }
        assertThat(runner.transactions()).as("the three requests that came one after another, in one transaction").isEqualTo(1);
    }

    @Test
    void aRequestTheRulesRefuseFailsAloneAndTheRestOfItsBatchCommits() throws Exception {
        define(10000, 10004);
        Future<AllocationResult> first = holdFirstTransaction();
        List<Future<AllocationResult>> queued = queue(4, i -> i == 1
                ? new AllocatePortsCommand(POOL, DeploymentName.of("too-big"), ServiceName.of("web"),
                        AllocationShape.dynamic(8, true))
                : single("dep-" + i));
        runner.commitHeld();

        first.get(10, TimeUnit.SECONDS);
        Throwable refusal = catchThrowable(() -> queued.get(1).get(10, TimeUnit.SECONDS));
        assertThat(refusal).hasCauseInstanceOf(PoolExhaustedException.class);
        for (int i : new int[] {0, 2, 3}) {
            assertThat(queued.get(i).get(10, TimeUnit.SECONDS).created()).isTrue();
        }
        assertThat(runner.transactions()).isEqualTo(2);
        assertThat(allocationCount()).isEqualTo(4);
    }

    @Test
    void releasesInABatchFindTheirPoolsAndASecondReleaseOfOneAllocationIsRefused() throws Exception {
        define(10000, 10099);
        Allocation held = useCases.allocatePorts().allocatePorts(single("held")).allocation();
        runner.resetCount();
        Future<AllocationResult> first = holdFirstTransaction();
        List<AllocationId> released = List.of(held.id(), held.id(), AllocationId.of("ffff"));
        List<Future<Boolean>> queued = queueCalls(released.size(), i -> () -> {
            useCases.releaseAllocation().releaseAllocation(new ReleaseAllocationCommand(released.get(i)));
            return true;
        });
        runner.commitHeld();

        first.get(10, TimeUnit.SECONDS);
        assertThat(queued.get(0).get(10, TimeUnit.SECONDS)).isTrue();
        for (int refused : new int[] {1, 2}) {
            assertThat(catchThrowable(() -> queued.get(refused).get(10, TimeUnit.SECONDS)))
                    .hasCauseInstanceOf(AllocationNotFoundException.class);
        }
        assertThat(runner.transactions()).isEqualTo(2);
        assertThat(allocationCount()).as("only the first one's allocation is left").isEqualTo(1);
        assertThat(store.inTransaction(() -> store.pools().find(POOL).orElseThrow().allocatedCount())).isEqualTo(1);
        assertThat(store.inTransaction(() -> store.events().read(0, 100, Optional.empty(), Optional.empty())))
                .filteredOn(event -> event.type() == EventType.RELEASED).hasSize(1);
    }

    @Test
    void requestsOfOneBatchSeeTheAllocationsItsEarlierRequestsMadeAndReleasedForTheirKeys() throws Exception {
        define(10000, 10099);
        Allocation old = useCases.allocatePorts().allocatePorts(single("old")).allocation();
        runner.resetCount();
        Future<AllocationResult> first = holdFirstTransaction();
        List<Future<Object>> queued = queueCalls(4, i -> () -> switch (i) {
            case 0, 1 -> useCases.allocatePorts().allocatePorts(single("twice"));
            case 2 -> {
                useCases.releaseAllocation().releaseAllocation(new ReleaseAllocationCommand(old.id()));
                yield "released";
            }
            default -> useCases.allocatePorts().allocatePorts(single("old"));
        });
        runner.commitHeld();

        first.get(10, TimeUnit.SECONDS);
        AllocationResult twice = (AllocationResult) queued.get(0).get(10, TimeUnit.SECONDS);
        AllocationResult again = (AllocationResult) queued.get(1).get(10, TimeUnit.SECONDS);
        assertThat(twice.created()).isTrue();
        assertThat(again.created()).as("the same key asked again in the batch").isFalse();
        assertThat(again.allocation()).isEqualTo(twice.allocation());
        assertThat(queued.get(2).get(10, TimeUnit.SECONDS)).isEqualTo("released");
        AllocationResult renewed = (AllocationResult) queued.get(3).get(10, TimeUnit.SECONDS);
        assertThat(renewed.created()).as("its key released earlier in the batch").isTrue();
        assertThat(renewed.allocation().id()).isNotEqualTo(old.id());
        assertThat(runner.transactions()).isEqualTo(2);
        assertThat(allocationCount()).isEqualTo(3);
    }

    @Test
    void aPoolHeldPastTheLockTimeoutFailsOnlyItsOwnRequestsAndTheRestOfTheirBatchCommits() throws Exception {
        HeldPool held = holdPoolBesideAnother();
        List<Future<Object>> queued = queueCalls(3, i -> switch (i) {
            case 0 -> () -> useCases.allocatePorts().allocatePorts(single("on-held"));
            case 1 -> () -> useCases.allocatePorts().allocatePorts(onSide(held.side(), "on-side"));
            default -> () -> {
                useCases.releaseAllocation().releaseAllocation(new ReleaseAllocationCommand(held.earlier().id()));
                return "released";
            };
        });
        runner.commitHeld();

        held.first().get(10, TimeUnit.SECONDS);
        assertThat(catchThrowable(() -> queued.get(0).get(10, TimeUnit.SECONDS)))
                .hasCauseInstanceOf(StoreUnavailableException.class);
        assertThat(((AllocationResult) queued.get(1).get(10, TimeUnit.SECONDS)).allocation().ports()).containsExactly(20001);
        assertThat(queued.get(2).get(10, TimeUnit.SECONDS)).isEqualTo("released");
        // Waited for both pools once; then locked what was free, and only the held pool's own queue waited
        // for it again.
        assertThat(pools.locks).containsExactly("wait: [edge, side]", "if free: [edge, side]", "wait: [edge]");

        pools.held.clear();
        assertThat(useCases.allocatePorts().allocatePorts(single("after")).created()).isTrue();
    }

    /** The test's pool and one beside it with an allocation; the first transaction held, then the test's pool held elsewhere. */
    private HeldPool holdPoolBesideAnother() throws InterruptedException {
        define(10000, 10099);
        PoolName side = PoolName.of("side");
        useCases.definePool().definePool(new DefinePoolCommand(side, PortRange.of(20000, 20099), Set.of()));
        Allocation earlier = useCases.allocatePorts().allocatePorts(onSide(side, "earlier")).allocation();
        Future<AllocationResult> first = holdFirstTransaction();
        pools.held.add(POOL);
        pools.locks.clear();
        return new HeldPool(side, earlier, first);
    }

    private record HeldPool(PoolName side, Allocation earlier, Future<AllocationResult> first) {
    }

    private static AllocatePortsCommand onSide(PoolName side, String deployment) {
        return new AllocatePortsCommand(side, DeploymentName.of(deployment), ServiceName.of("web"),
                AllocationShape.dynamic(1, false));
    }

    @Test
    void aBatchWhoseTransactionFailsIsRetriedOneRequestPerTransaction() throws Exception {
        define(10000, 10099);
        runner.failTransactionNumber(2, () -> new IllegalStateException("the batch's transaction broke"));
        Future<AllocationResult> first = holdFirstTransaction();
        List<Future<AllocationResult>> queued = queue(3, i -> single("dep-" + i));
        runner.commitHeld();

        first.get(10, TimeUnit.SECONDS);
        for (Future<AllocationResult> answer : queued) {
            assertThat(answer.get(10, TimeUnit.SECONDS).created()).isTrue();
        }
        assertThat(runner.transactions()).as("held, failed batch, then one each").isEqualTo(2 + 3);
        assertThat(allocationCount()).as("nothing of the failed attempt stays").isEqualTo(4);
    }

    @Test
    void anErrorInOneRequestsOwnTransactionFailsOnlyThatRequestAndNothingOfTheFailedBatchStands()
            throws Exception {
        define(10000, 10099);
        runner.failTransactionNumber(2, () -> new IllegalStateException("the batch's transaction broke"));
        runner.errorInTransactionNumber(4);
        Future<AllocationResult> first = holdFirstTransaction();
        List<Future<AllocationResult>> queued = queue(3, i -> single("dep-" + i));
        runner.commitHeld();

        first.get(10, TimeUnit.SECONDS);
        assertThat(queued.get(0).get(10, TimeUnit.SECONDS).created()).isTrue();
        assertThat(catchThrowable(() -> queued.get(1).get(10, TimeUnit.SECONDS))).hasCauseInstanceOf(AssertionError.class);
        assertThat(queued.get(2).get(10, TimeUnit.SECONDS).created()).isTrue();
        assertThat(runner.transactions()).as("held, failed batch, then one each").isEqualTo(2 + 3);
        assertThat(allocationCount()).as("the held one and the two that committed alone").isEqualTo(3);
    }

    @Test
    void aStoreThatStaysUnavailableFailsTheWholeBatchWithoutRetryingEachRequest() throws Exception {
        define(10000, 10099);
        runner.failTransactionNumbers(Set.of(2, 3), () -> new StoreUnavailableException("down", new RuntimeException("connection refused")));
        Future<AllocationResult> first = holdFirstTransaction();
        List<Future<AllocationResult>> queued = queue(3, i -> single("dep-" + i));
        runner.commitHeld();

        first.get(10, TimeUnit.SECONDS);
        for (Future<AllocationResult> answer : queued) {
            assertThat(catchThrowable(() -> answer.get(10, TimeUnit.SECONDS)))
                    .hasCauseInstanceOf(StoreUnavailableException.class);
        }
        assertThat(runner.transactions()).as("held, the batch waiting for locks once, then without").isEqualTo(3);
        assertThat(allocationCount()).isEqualTo(1);
    }

    @Test
    void workThatChangesThePoolAndThenRefusesIsAnErrorNotAHalfCommittedRequest() {
        define(10000, 10099);
        GroupCommitter committer = new GroupCommitter(store.pools(), store.allocations(),
                new Releaser(store.allocations(), store.events()), store, clock);

        assertThatThrownBy(() -> committer.run(KEY, (pool, now, existing) -> {
            pool.allocate(AllocationShape.dynamic(1, false));
            return pool.allocate(AllocationShape.dynamic(1000, true));
        })).isInstanceOf(IllegalStateException.class).hasCauseInstanceOf(PoolExhaustedException.class);
        assertThat(store.inTransaction(() -> store.pools().find(POOL).orElseThrow().allocatedCount())).isZero();
    }

    @Test
    @Timeout(60)
    void asynchronousRequestsReturnAtOnceAndAreAnsweredTogetherOnABatchThreadAfterTheCommit() throws Exception {
        define(10000, 10099);
        Future<AllocationResult> first = holdFirstTransaction();
        List<CompletableFuture<AllocationResult>> queued = new ArrayList<>();
        List<CompletableFuture<String>> answeredOn = new ArrayList<>();
        for (int i = 0; i < QUEUED; i++) {
            // On the test's own thread: a call that waited for its batch would never return while it is held.
            CompletableFuture<AllocationResult> answer = useCases.allocatePorts().allocatePortsAsync(single("dep-" + i));
            queued.add(answer);
            answeredOn.add(answer.thenApply(result -> Thread.currentThread().getName()));
        }

        assertThat(queued).noneMatch(CompletableFuture::isDone);
        runner.commitHeld();

        // Before any wait on the answers themselves: a thread waiting on a completed future may run its
        // callbacks itself.
        for (CompletableFuture<String> thread : answeredOn) {
            assertThat(thread.get(10, TimeUnit.SECONDS)).startsWith("portalloc-batch-");
        }
        List<Integer> ports = new ArrayList<>(first.get(10, TimeUnit.SECONDS).allocation().ports());
        for (CompletableFuture<AllocationResult> answer : queued) {
            ports.addAll(answer.get(10, TimeUnit.SECONDS).allocation().ports());
        }
        assertThat(ports).hasSize(QUEUED + 1).doesNotHaveDuplicates();
        assertThat(runner.transactions()).as("the held one, then one for every request queued behind it").isEqualTo(2);
    }

    @Test
    @Timeout(60)
    void theAsynchronousAnswersOfABatchAreSharedByTwoBatchThreads() throws Exception {
        define(10000, 10099);
        Future<AllocationResult> first = holdFirstTransaction();
        // The first answer to run holds its thread until another thread has given an answer: with one
        // thread answering the whole batch, that never happens.
        AtomicReference<String> heldThread = new AtomicReference<>();
        CountDownLatch answeredElsewhere = new CountDownLatch(1);
        Set<String> answeringThreads = ConcurrentHashMap.newKeySet();
        List<CompletableFuture<AllocationResult>> queued = new ArrayList<>();
        for (int i = 0; i < QUEUED; i++) {
            queued.add(useCases.allocatePorts().allocatePortsAsync(single("dep-" + i)).whenComplete((result, failure) -> {
                String thread = Thread.currentThread().getName();
                answeringThreads.add(thread);
                if (heldThread.compareAndSet(null, thread)) {
                    awaitQuietly(answeredElsewhere);
                } else if (!thread.equals(heldThread.get())) {
                    answeredElsewhere.countDown();
                }
            }));
        }
        runner.commitHeld();

        first.get(10, TimeUnit.SECONDS);
        for (CompletableFuture<AllocationResult> answer : queued) {
            assertThat(answer.get(30, TimeUnit.SECONDS).created()).isTrue();
        }
        assertThat(answeredElsewhere.getCount()).as("an answer given while the first one was held").isZero();
        assertThat(answeringThreads).hasSize(2).allMatch(name -> name.startsWith("portalloc-batch-"));
        assertThat(runner.transactions()).isEqualTo(2);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void anAsynchronousRequestIsAnsweredOnlyOnceItsOwnBatchHasCommitted() throws Exception {
        define(10000, 10099);
        runner.holdNext();
        CompletableFuture<AllocationResult> answer = useCases.allocatePorts().allocatePortsAsync(single("alone"));
        runner.awaitHeld();

        assertThat(answer).as("its transaction has run its work but not committed").isNotDone();
        runner.commitHeld();
        assertThat(answer.get(10, TimeUnit.SECONDS).created()).isTrue();
        assertThat(runner.transactions()).isEqualTo(1);
    }

    @Test
    void anAsynchronousRequestTheRulesRefuseFailsOnlyItsOwnFuture() throws Exception {
        define(10000, 10004);
        Future<AllocationResult> first = holdFirstTransaction();
        CompletableFuture<AllocationResult> tooBig = useCases.allocatePorts().allocatePortsAsync(new AllocatePortsCommand(
                POOL, DeploymentName.of("too-big"), ServiceName.of("web"), AllocationShape.dynamic(8, true)));
        CompletableFuture<AllocationResult> fits = useCases.allocatePorts().allocatePortsAsync(single("fits"));
        CompletableFuture<Void> unknown = useCases.releaseAllocation()
                .releaseAllocationAsync(new ReleaseAllocationCommand(AllocationId.of("ffff")));
        runner.commitHeld();

        first.get(10, TimeUnit.SECONDS);
        assertThat(catchThrowable(() -> tooBig.get(10, TimeUnit.SECONDS))).hasCauseInstanceOf(PoolExhaustedException.class);
        assertThat(fits.get(10, TimeUnit.SECONDS).created()).isTrue();
        assertThat(catchThrowable(() -> unknown.get(10, TimeUnit.SECONDS))).hasCauseInstanceOf(AllocationNotFoundException.class);
        assertThat(runner.transactions()).isEqualTo(2);
        assertThat(allocationCount()).isEqualTo(2);
    }

    @Test
    void anAsynchronousRequestForAPoolHeldPastTheLockTimeoutMovesToThatPoolsOwnQueue() throws Exception {
        HeldPool held = holdPoolBesideAnother();
        CompletableFuture<AllocationResult> onHeld = useCases.allocatePorts().allocatePortsAsync(single("on-held"));
        CompletableFuture<AllocationResult> onSide = useCases.allocatePorts().allocatePortsAsync(onSide(held.side(), "on-side"));
        CompletableFuture<Void> released = useCases.releaseAllocation()
                .releaseAllocationAsync(new ReleaseAllocationCommand(held.earlier().id()));
        runner.commitHeld();

        held.first().get(10, TimeUnit.SECONDS);
        assertThat(catchThrowable(() -> onHeld.get(10, TimeUnit.SECONDS))).hasCauseInstanceOf(StoreUnavailableException.class);
        assertThat(onSide.get(10, TimeUnit.SECONDS).allocation().ports()).containsExactly(20001);
        released.get(10, TimeUnit.SECONDS);
        assertThat(pools.locks).containsExactly("wait: [edge, side]", "if free: [edge, side]", "wait: [edge]");

        pools.held.clear();
        assertThat(useCases.allocatePorts().allocatePortsAsync(single("after")).get(10, TimeUnit.SECONDS).created()).isTrue();
    }

    @Test
    void waitingCallersAndAsynchronousRequestsQueuedTogetherShareOneBatch() throws Exception {
        define(10000, 10099);
        Future<AllocationResult> first = holdFirstTransaction();
        List<Future<AllocationResult>> waitingFirst = queue(1, i -> single("waiting-first"));
        CompletableFuture<AllocationResult> async = useCases.allocatePorts().allocatePortsAsync(single("async"));
        CompletableFuture<String> answeredOn = async.thenApply(result -> Thread.currentThread().getName());
        List<Future<AllocationResult>> waitingLast = queue(1, i -> single("waiting-last"));
        runner.commitHeld();

        // The first waiting caller leads that batch; the asynchronous answer still leaves its thread alone.
        // Asked before any wait on the answer itself, which could run the callback on the waiting thread.
        assertThat(answeredOn.get(10, TimeUnit.SECONDS)).startsWith("portalloc-batch-");
        first.get(10, TimeUnit.SECONDS);
        assertThat(waitingFirst.get(0).get(10, TimeUnit.SECONDS).created()).isTrue();
        assertThat(async.get(10, TimeUnit.SECONDS).created()).isTrue();
        assertThat(waitingLast.get(0).get(10, TimeUnit.SECONDS).created()).isTrue();
        assertThat(runner.transactions()).isEqualTo(2);
        assertThat(allocationCount()).isEqualTo(4);
    }

    @Test
    void manyAsynchronousRequestsAndWaitingCallersAtOnceAreAllAnsweredWithoutAPortHandedOutTwice() throws Exception {
        define(10000, 19999);
        int asyncCount = 600;
        int callers = 4;
        int perCaller = 60;
        List<Future<List<Integer>>> waiting = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            int caller = c;
            waiting.add(this.callers.submit(() -> {
                List<Integer> ports = new ArrayList<>();
                for (int i = 0; i < perCaller; i++) {
                    ports.addAll(useCases.allocatePorts().allocatePorts(single("caller-" + caller + "-" + i)).allocation().ports());
                }
                return ports;
            }));
        }
        List<CompletableFuture<AllocationResult>> async = new ArrayList<>();
        for (int i = 0; i < asyncCount; i++) {
            async.add(useCases.allocatePorts().allocatePortsAsync(single("async-" + i)));
        }
        // Half of them released as soon as they are answered, each release itself asynchronous.
        List<CompletableFuture<Void>> releases = new ArrayList<>();
        for (int i = 0; i < asyncCount; i += 2) {
            releases.add(async.get(i).thenCompose(result -> useCases.releaseAllocation()
                    .releaseAllocationAsync(new ReleaseAllocationCommand(result.allocation().id()))));
        }

        List<Integer> ports = new ArrayList<>();
        for (CompletableFuture<AllocationResult> answer : async) {
            ports.addAll(answer.get(30, TimeUnit.SECONDS).allocation().ports());
        }
        for (Future<List<Integer>> answer : waiting) {
            ports.addAll(answer.get(30, TimeUnit.SECONDS));
        }
        CompletableFuture.allOf(releases.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertThat(ports).hasSize(asyncCount + callers * perCaller).doesNotHaveDuplicates();
        int left = asyncCount / 2 + callers * perCaller;
        assertThat(store.inTransaction(() -> store.pools().find(POOL).orElseThrow().allocatedCount())).isEqualTo(left);
    }

    private Future<AllocationResult> holdFirstTransaction() throws InterruptedException {
        runner.holdNext();
        Future<AllocationResult> first = callers.submit(() -> useCases.allocatePorts().allocatePorts(single("first")));
        runner.awaitHeld();
        return first;
    }

    private List<Future<AllocationResult>> queue(int count, IntFunction<AllocatePortsCommand> command)
            throws InterruptedException {
        return queueCalls(count, i -> {
            AllocatePortsCommand request = command.apply(i);
            return () -> useCases.allocatePorts().allocatePorts(request);
        });
    }

    /** Submits calls and returns once every caller waits for its turn. */
    private <T> List<Future<T>> queueCalls(int count, IntFunction<Callable<T>> call) throws InterruptedException {
        List<Future<T>> answers = new ArrayList<>();
        List<Thread> threads = new CopyOnWriteArrayList<>();
        CountDownLatch started = new CountDownLatch(count);
        for (int i = 0; i < count; i++) {
            Callable<T> request = call.apply(i);
            answers.add(callers.submit(() -> {
                threads.add(Thread.currentThread());
                started.countDown();
                return request.call();
            }));
            // One at a time, so the queue's order is the order of the list.
            awaitWaiting(() -> threads.size() == answers.size()
                    && threads.get(threads.size() - 1).getState() == Thread.State.WAITING);
        }
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        return answers;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    private static void awaitWaiting(Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.get()) {
            assertThat(System.nanoTime()).as("callers waiting in time").isLessThan(deadline);
            Thread.sleep(2);
        }
    }

    private AllocatePortsCommand single(String deployment) {
        return new AllocatePortsCommand(POOL, DeploymentName.of(deployment), ServiceName.of("web"), AllocationShape.dynamic(1, false));
    }

    private void define(int min, int max) {
        useCases.definePool().definePool(new DefinePoolCommand(POOL, PortRange.of(min, max), Set.of()));
        runner.resetCount();
    }

    private int allocationCount() {
        return useCases.listAllocations().listAllocations(
                new ListAllocationsQuery(POOL, Optional.empty(), Optional.empty(), Optional.empty(), ListAllocationsQuery.MAX_LIMIT)).allocations().size();
    }

    /**
     * The in-memory store's pools, some of them held by another transaction past the lock timeout: a wait
     * for one fails as the store's would after its retries, and locking without waiting leaves it out.
     * Every lock asked for is recorded.
     */
    private static final class HeldElsewhere implements PoolRepository {
        private final PoolRepository store;
        final Set<PoolName> held = ConcurrentHashMap.newKeySet();
        final List<String> locks = new CopyOnWriteArrayList<>();

        HeldElsewhere(PoolRepository store) {
            this.store = store;
        }

        @Override
        public Optional<Pool> findAndLock(PoolName name) {
            return findAndLockAll(List.of(name)).stream().findFirst();
        }

        @Override
        public List<Pool> findAndLockAll(Collection<PoolName> names) {
            locks.add("wait: " + names);
            if (names.stream().anyMatch(held::contains)) {
                throw new StoreUnavailableException("timed out waiting for a lock", null);
            }
            return store.findAndLockAll(names);
        }

        @Override
        public Optional<Pool> findAndLockIfFree(PoolName name) {
            locks.add("if free: [" + name + "]");
            return held.contains(name) ? Optional.empty() : store.findAndLockIfFree(name);
        }

        @Override
        public List<Pool> findAndLockAllIfFree(Collection<PoolName> names) {
            locks.add("if free: " + names);
            return store.findAndLockAllIfFree(names.stream().filter(name -> !held.contains(name)).toList());
        }

        @Override
        public Optional<Pool> find(PoolName name) {
            return store.find(name);
        }

        @Override
        public List<Pool> findAll() {
            return store.findAll();
        }

        @Override
        public void add(Pool pool) {
            store.add(pool);
        }

        @Override
        public void update(Pool pool) {
            store.update(pool);
        }

        @Override
        public void remove(PoolName name) {
            store.remove(name);
        }
    }

    /**
     * The in-memory store's transactions, counted, one of them held open before its commit until the test
     * lets it go, and one of them made to fail after its work ran.
     */
    private static final class HeldRunner implements TransactionRunner {
        private final InMemoryStore store;
        private final AtomicInteger transactions = new AtomicInteger();
        private volatile boolean holdNext;
        private final CountDownLatch held = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        private volatile Set<Integer> failingTransactions = Set.of();
        private volatile int erringTransaction;
        private volatile Supplier<RuntimeException> failure;

        HeldRunner(InMemoryStore store) {
            this.store = store;
        }

        @Override
        public <T> T inTransaction(Supplier<T> work) {
            int number = transactions.incrementAndGet();
            boolean hold = holdNext;
            holdNext = false;
            return store.inTransaction(() -> {
                T result = work.get();
                if (hold) {
                    held.countDown();
                    await(release);
                }
                if (failingTransactions.contains(number)) {
                    throw failure.get();
                }
                if (number == erringTransaction) {
                    throw new AssertionError("transaction " + number + " hit an error");
                }
                return result;
            });
        }

        @Override
        public <T> T inTransactionOnce(Supplier<T> work) {
            return inTransaction(work);
        }

        @Override
        public <T> T readOnly(Supplier<T> work) {
            return store.inTransaction(work);
        }

        void holdNext() {
            holdNext = true;
        }

        void awaitHeld() throws InterruptedException {
            assertThat(held.await(10, TimeUnit.SECONDS)).as("the first transaction reached its commit").isTrue();
        }

        void commitHeld() {
            release.countDown();
        }

        void failTransactionNumber(int number, Supplier<RuntimeException> failure) {
            failTransactionNumbers(Set.of(number), failure);
        }

        void failTransactionNumbers(Set<Integer> numbers, Supplier<RuntimeException> failure) {
            this.failure = failure;
            this.failingTransactions = numbers;
        }

        void errorInTransactionNumber(int number) {
            this.erringTransaction = number;
        }

        void resetCount() {
            transactions.set(0);
        }

        int transactions() {
            return transactions.get();
        }

        private static void await(CountDownLatch latch) {
            try {
                assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(interrupted);
            }
        }
    }
}
