package dev.portalloc.application.service;

import dev.portalloc.application.port.in.Actor;
import dev.portalloc.application.port.out.AllocationRepository;
import dev.portalloc.application.port.out.PoolRepository;
import dev.portalloc.application.port.out.StoreUnavailableException;
import dev.portalloc.application.port.out.TransactionRunner;
import dev.portalloc.domain.Allocation;
import dev.portalloc.domain.AllocationId;
import dev.portalloc.domain.AllocationKey;
import dev.portalloc.domain.AllocationNotFoundException;
import dev.portalloc.domain.DomainException;
import dev.portalloc.domain.Pool;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.PoolNotFoundException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Group commit of allocations and releases. Requests that arrive while this instance's transaction runs
 * wait, and are then decided together in the next one: each pool they touch locked once, in name order,
 * its expired leases released once, every request decided in arrival order, one commit. One transaction
 * and one commit then serve many requests instead of one each, which is what bounds a
 * one-request-per-transaction design on a busy pool: its lock is held through every commit.
 *
 * <p>Each request stays all or nothing. A request refused by a rule ({@link DomainException}) is refused
 * alone: work must decide before it changes anything, so the refusal leaves nothing behind, and the rest
 * of the batch commits. When the transaction itself fails, every request of the batch runs again in a
 * transaction of its own, so one request that breaks a transaction cannot take others with it; only the
 * store being unavailable fails the batch as a whole. Nobody hears of success before the commit.
 *
 * <p>A batch waits for a pool that another transaction holds (another instance's batch, the reaper, a
 * reset) for one lock timeout at most. Then it runs again without waiting: the pools still held are left
 * out, and their requests move to a queue of each such pool's own, whose batches wait for its lock with
 * the store's retries. While that queue exists, later requests for the pool, releases included, go to it
 * without a wait in the shared queue. So a pool held for long delays the instance's other requests by one
 * lock timeout when it is found held, and fails, if it stays held, only the requests for that pool.
 *
 * <p>A caller that waits for its answer lends its thread: the first caller to find no transaction running
 * for its queue runs a batch, then hands over to the first caller still waiting, who runs the next. An
 * asynchronous request ({@link #runAsync}, {@link #releaseAsync}) has no thread waiting: its batch runs on
 * a thread of the committer's own, made when first needed, and the request's future completes on it after
 * the commit (or on a second one of them, which shares a batch's answers when there are several). So a
 * server answering many requests at once holds no thread per request while they wait.
 *
 * <p>A batch starts once as many requests wait as the queue's previous batch held, or after half that
 * batch's time at most ({@link #MAX_GATHER} at most). The callers just answered are mostly on their way
 * back with their next request; without the wait, the first of them would start a batch alone and the
 * rest would wait a whole transaction for the one after it. A queue idle for longer than its last batch
 * took starts at once, so a lone request never waits.
 */
final class GroupCommitter {
    /** Requests decided in one transaction at most: bounds how long one batch holds its locks. */
    static final int MAX_BATCH = 128;
    /** The longest a batch waits for requests expected to join it. */
    static final Duration MAX_GATHER = Duration.ofMillis(2);
    /** How many asynchronous answers a batch needs before a second committer thread helps give them. */
    static final int SHARED_ANSWERS_FROM = 4;

    /**
     * One request's work on its pool, run inside the batch's transaction with the pool locked and its
     * expired leases already released.
     */
    @FunctionalInterface
    interface PoolWork<T> {
        /**
         * Decides, then changes the pool and writes through the repositories. A refusal must be thrown
         * before any change: the batch goes on and commits.
         *
         * @param existing the allocation that holds the request's key, as the batch's earlier requests left it
         */
        T apply(Pool pool, Instant now, Optional<Allocation> existing);
    }

    private final PoolRepository pools;
    private final AllocationRepository allocations;
    private final Releaser releaser;
    private final TransactionRunner transactions;
    private final Clock clock;
    private final long maxGatherNanos;
    /** Requests for any pool, decided in batches that skip pools held elsewhere. Guarded by {@code this}. */
    private final Queue shared = new Queue(null);
    /** A queue per pool that was held elsewhere when a batch wanted it, while it has requests. Guarded by {@code this}. */
    private final Map<PoolName, Queue> held = new HashMap<>();
    /**
     * Runs the batches that no waiting caller leads, those of asynchronous requests: threads made when
     * needed, daemons, ended after a minute without work.
     */
    private final Executor leaders = Executors.newCachedThreadPool(new LeaderThreads());

    GroupCommitter(PoolRepository pools, AllocationRepository allocations, Releaser releaser,
                   TransactionRunner transactions, Clock clock) {
        this(pools, allocations, releaser, transactions, clock, MAX_GATHER);
    }

    /** With another bound on the wait for a batch's requests, for tests that could not meet the usual one. */
    GroupCommitter(PoolRepository pools, AllocationRepository allocations, Releaser releaser,
                   TransactionRunner transactions, Clock clock, Duration maxGather) {
        this.maxGatherNanos = maxGather.toNanos();
        this.pools = Objects.requireNonNull(pools);
        this.allocations = Objects.requireNonNull(allocations);
        this.releaser = Objects.requireNonNull(releaser);
        this.transactions = Objects.requireNonNull(transactions);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Runs work for the key on its pool in the next batch, and returns once that batch has committed. */
    <T> T run(AllocationKey key, PoolWork<T> work) {
        return submit(new Request<>(Objects.requireNonNull(key), null, Objects.requireNonNull(work), false));
    }

    /**
     * Runs work for the key on its pool in the next batch, without waiting for it: the future completes
     * once that batch has committed, on one of the committer's threads.
     */
    <T> CompletableFuture<T> runAsync(AllocationKey key, PoolWork<T> work) {
        Request<T> request = new Request<>(Objects.requireNonNull(key), null, Objects.requireNonNull(work), true);
        submitAsync(request, null);
        return request.done;
    }

    /**
     * Releases an allocation in the next batch, which finds its pool, and returns once that batch has
     * committed.
     *
     * @throws AllocationNotFoundException no such allocation, or it expired
     */
    void release(AllocationId id, Optional<Actor> actor) {
        submit(releaseRequest(id, actor, false));
    }

    /**
     * Releases an allocation in the next batch, without waiting for it: the future completes once that
     * batch has committed, exceptionally with {@link AllocationNotFoundException} if there was nothing to
     * release.
     */
    CompletableFuture<Void> releaseAsync(AllocationId id, Optional<Actor> actor) {
        Request<Void> request = releaseRequest(id, actor, true);
        submitAsync(request, null);
        return request.done;
    }

    private Request<Void> releaseRequest(AllocationId id, Optional<Actor> actor, boolean async) {
        Objects.requireNonNull(id);
        Objects.requireNonNull(actor);
        return new Request<Void>(null, id, null, async) {
            @Override
            void decide(Pool locked, Instant now, BatchReads reads) {
                Allocation allocation = reads.released.remove(id);
                if (allocation == null) {
                    // Released by an earlier request, reaped as expired, or never there.
                    refuse(new AllocationNotFoundException(id.value()));
                    return;
                }
                releaser.release(locked, allocation, now, actor);
                reads.changed(allocation.key());
                succeed(null);
            }
        };
    }

    private <T> T submit(Request<T> request) {
        PoolName heldPool = null;
        while (true) {
            Queue queue = join(request, heldPool);
            if (queue != null || request.awaitTurn()) {
                lead(queue != null ? queue : request.queue);
            }
            heldPool = request.heldPool;
            if (heldPool == null) {
                return request.outcome();
            }
            request.requeue();
        }
    }

    /** Queues an asynchronous request; when its queue has no batch running, one is started for it. */
    private void submitAsync(Request<?> request, PoolName heldPool) {
        Queue queue = join(request, heldPool);
        if (queue != null) {
            // Not on the caller's thread: it may serve a request of its own that waits for this one.
            onLeaderThread(() -> lead(queue));
        }
    }

    /**
     * Adds the request to its queue: the queue of the pool named, else the shared one.
     *
     * @return the queue, when no batch of it runs and the caller must lead it; else null
     */
    private synchronized Queue join(Request<?> request, PoolName heldPool) {
        Queue queue;
        if (heldPool != null) {
            queue = held.computeIfAbsent(heldPool, Queue::new);
        } else {
            // While its pool has a queue of its own, a request joins that queue at once rather than
            // be left out of a shared batch first.
            queue = request.key == null ? shared : held.getOrDefault(request.pool(), shared);
        }
        request.queue = queue;
        queue.waiting.add(request);
        if (queue.gathering && queue.waiting.size() >= queue.expected) {
            notifyAll();
        }
        boolean lead = !queue.running;
        queue.running = true;
        return lead ? queue : null;
    }

    /**
     * Runs the queue's next batch, hands the queue over, then tells the batch's requests. Handing over
     * first lets the next batch gather while the answers go out.
     */
    private void lead(Queue queue) {
        List<Request<?>> batch = gather(queue);
        long started = System.nanoTime();
        try {
            attempt(batch, queue == shared ? Locking.WAIT_ONCE : Locking.WAIT);
        } finally {
            try {
                handOver(queue, batch.size(), started);
            } finally {
                answer(batch);
            }
        }
    }

    /**
     * Tells the batch's requests their outcome. A committer thread with {@link #SHARED_ANSWERS_FROM} or more
     * asynchronous answers to give shares them with a second one: an answer over HTTP costs tens of
     * microseconds, and the batch's callers send their next requests only once answered, so the next
     * batch gathers sooner when they are answered two at a time.
     */
    private void answer(List<Request<?>> batch) {
        Answers answers = new Answers(batch);
        if (Thread.currentThread() instanceof LeaderThread
                && batch.stream().filter(request -> request.async).count() >= SHARED_ANSWERS_FROM) {
            onLeaderThread(answers::tell);
        }
        answers.tell();
    }

    /** A batch's answers, taken one at a time by whichever thread is free. */
    private final class Answers {
        private final List<Request<?>> batch;
        private final AtomicInteger next = new AtomicInteger();

        Answers(List<Request<?>> batch) {
            this.batch = batch;
        }

        /** Tells the requests no thread has taken yet, even when telling one fails; then throws the first failure. */
        void tell() {
            RuntimeException runtime = null;
            Error error = null;
            for (int i = next.getAndIncrement(); i < batch.size(); i = next.getAndIncrement()) {
                try {
                    finish(batch.get(i));
                } catch (RuntimeException failure) {
                    runtime = runtime == null ? failure : runtime;
                } catch (Error failure) {
                    error = error == null ? failure : error;
                }
            }
            if (error != null) {
                throw error;
            }
            if (runtime != null) {
                throw runtime;
            }
        }
    }

    /**
     * Runs work on one of the committer's threads, or on the current thread when none can be had: a queue
     * handed to a thread that never starts would keep its requests waiting for good.
     */
    private void onLeaderThread(Runnable work) {
        try {
            leaders.execute(work);
        } catch (RuntimeException | Error noThread) {
            work.run();
        }
    }

    /**
     * Tells a request its batch is over. A caller that waits finds out itself whether its pool was left
     * to a queue of its own; an asynchronous request is moved to that queue here, or completed.
     */
    private void finish(Request<?> request) {
        if (!request.async) {
            request.finish();
        } else if (request.heldPool != null) {
            submitAsync(request, request.heldPool);
        } else if (Thread.currentThread() instanceof LeaderThread) {
            request.complete();
        } else {
            // A waiting caller led the batch: the future's callbacks must not hold it up.
            onLeaderThread(request::complete);
        }
    }

    /**
     * Waits for the requests the queue's last batch suggests are coming, then takes the next batch. Its
     * caller leads the queue and waits first in it, so the batch holds the caller's own request.
     */
    private synchronized List<Request<?>> gather(Queue queue) {
        long now = System.nanoTime();
        boolean recent = now - queue.lastEnded <= queue.lastNanos;
        queue.expected = recent ? queue.lastSize : 1;
        long deadline = now + Math.min(queue.lastNanos / 2, maxGatherNanos);
        try {
            while (queue.waiting.size() < queue.expected) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                queue.gathering = true;
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        } catch (InterruptedException interrupted) {
            // The caller's request is still to be decided: start now, and leave the interrupt to its caller.
            Thread.currentThread().interrupt();
        } finally {
            queue.gathering = false;
        }
        return queue.takeBatch();
    }

    private void handOver(Queue queue, int batchSize, long started) {
        Request<?> next;
        synchronized (this) {
            queue.lastEnded = System.nanoTime();
            queue.lastNanos = queue.lastEnded - started;
            queue.lastSize = batchSize;
            next = queue.waiting.peek();
            if (next == null) {
                queue.running = false;
                if (queue.pool != null) {
                    held.remove(queue.pool, queue);
                }
                return;
            }
        }
        if (next.async) {
            onLeaderThread(() -> lead(queue));
        } else {
            next.lead();
        }
    }

    /** How a batch locks its pools. */
    private enum Locking {
        /**
         * The shared queue's first try: one attempt that waits for the pools held elsewhere, except those
         * with a queue of their own, whose requests go to that queue at once.
         */
        WAIT_ONCE,
        /** The shared queue after that: pools held elsewhere are left to queues of their own. */
        SKIP_HELD,
        /** A pool's own queue: waits for its lock, with the store's retries. */
        WAIT
    }

    private void attempt(List<Request<?>> batch, Locking locking) {
        Locking after = locking == Locking.WAIT_ONCE ? Locking.SKIP_HELD : locking;
        try {
            if (locking == Locking.WAIT_ONCE) {
                try {
                    transactions.inTransactionOnce(() -> decide(batch, Locking.WAIT_ONCE));
                    return;
                } catch (StoreUnavailableException heldTooLong) {
                    // A pool held for a whole lock timeout, or the store in trouble: once more, without
                    // waiting for pools held elsewhere and with the store's retries.
                }
            }
            transactions.inTransaction(() -> decide(batch, after));
        } catch (StoreUnavailableException unavailable) {
            batch.forEach(request -> request.fail(unavailable));
        } catch (RuntimeException | Error failure) {
            // Nothing the failed attempt decided stands.
            batch.forEach(request -> request.fail(failure));
            if (batch.size() > 1 && failure instanceof RuntimeException) {
                for (Request<?> request : batch) {
                    // Without waiting again for what the batch waited for already.
                    attempt(List.of(request), after);
                }
            }
        }
    }

    private synchronized Set<PoolName> poolsWithOwnQueue() {
        return Set.copyOf(held.keySet());
    }

    /**
     * One attempt at the batch: runs again from the start when the transaction is retried.
     *
     * @return nothing, so that it can be the transaction's work
     */
    private Void decide(List<Request<?>> batch, Locking locking) {
        batch.forEach(Request::reset);
        Instant now = Times.now(clock);
        List<AllocationId> released = batch.stream().map(request -> request.allocation).filter(Objects::nonNull).toList();
        // Only to learn which pools to lock; what is released is read again under the locks.
        Map<AllocationId, PoolName> poolOfReleased = new HashMap<>();
        if (!released.isEmpty()) {
            allocations.findByIds(released).forEach(allocation -> poolOfReleased.put(allocation.id(), allocation.pool()));
        }
        Map<PoolName, List<Request<?>>> byPool = new TreeMap<>();
        for (Request<?> request : batch) {
            PoolName pool = request.key != null ? request.pool() : poolOfReleased.get(request.allocation);
            if (pool == null) {
                request.refuse(new AllocationNotFoundException(request.allocation.value()));
            } else {
                byPool.computeIfAbsent(pool, name -> new ArrayList<>()).add(request);
            }
        }
        Set<PoolName> withOwnQueue = locking == Locking.WAIT_ONCE ? poolsWithOwnQueue() : Set.of();
        List<PoolName> toLock = byPool.keySet().stream().filter(name -> !withOwnQueue.contains(name)).toList();
        // Name order, like every transaction that locks several pools: no two can wait on each other in a cycle.
        Map<PoolName, Pool> locked = new TreeMap<>();
        (locking == Locking.SKIP_HELD ? pools.findAndLockAllIfFree(toLock) : pools.findAndLockAll(toLock))
                .forEach(pool -> locked.put(pool.name(), pool));
        byPool.forEach((name, requests) -> {
            if (locked.containsKey(name)) {
                return;
            }
            for (Request<?> request : requests) {
                if (locking == Locking.SKIP_HELD || withOwnQueue.contains(name)) {
                    // Held elsewhere, or gone: the pool's own queue waits for its lock and finds out which.
                    request.heldPool = name;
                } else {
                    request.refuse(request.allocation == null ? new PoolNotFoundException(name)
                            : new AllocationNotFoundException(request.allocation.value()));
                }
            }
        });
        // Expired leases give their ports back before anything is decided, without waiting for a reaper.
        releaser.releaseExpired(locked.values(), now);
        BatchReads reads = new BatchReads();
        if (!poolOfReleased.isEmpty()) {
            allocations.findByIds(poolOfReleased.keySet()).forEach(allocation -> reads.released.put(allocation.id(), allocation));
        }
        List<AllocationKey> keys = locked.keySet().stream().flatMap(name -> byPool.get(name).stream())
                .map(request -> request.key).filter(Objects::nonNull).distinct().toList();
        if (!keys.isEmpty()) {
            allocations.findByKeys(keys).forEach(allocation -> reads.byKey.put(allocation.key(), allocation));
        }
        for (Map.Entry<PoolName, Pool> entry : locked.entrySet()) {
            Pool pool = entry.getValue();
            for (Request<?> request : byPool.get(entry.getKey())) {
                request.decide(pool, now, reads);
            }
            if (pool.changeCount() > 0) {
                pools.update(pool);
            }
        }
        return null;
    }

    /**
     * What a batch reads under its locks for all its requests at once: the allocations its releases name,
     * and those holding its allocations' keys. A key a request of the batch has changed is read again.
     */
    private final class BatchReads {
        /** The allocations released by the batch's requests, by id, until one of them releases it. */
        final Map<AllocationId, Allocation> released = new HashMap<>();
        final Map<AllocationKey, Allocation> byKey = new HashMap<>();
        private final Set<AllocationKey> changed = new HashSet<>();

        Optional<Allocation> byKey(AllocationKey key) {
            if (changed.contains(key)) {
                return allocations.findByKeys(List.of(key)).stream().findFirst();
            }
            return Optional.ofNullable(byKey.get(key));
        }

        void changed(AllocationKey key) {
            changed.add(key);
        }
    }

    /** Names the leaders' threads, and makes them daemons: an idle committer keeps no process alive. */
    private static final class LeaderThreads implements ThreadFactory {
        private static final AtomicInteger CREATED = new AtomicInteger();

        @Override
        public Thread newThread(Runnable work) {
            Thread thread = new LeaderThread(work, "portalloc-batch-" + CREATED.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }

    /** A thread of the committer's own, on which asynchronous requests' futures complete. */
    private static final class LeaderThread extends Thread {
        LeaderThread(Runnable work, String name) {
            super(work, name);
        }
    }

    /** Requests waiting for a transaction, and whether one of theirs runs. */
    private static final class Queue {
        /** The pool whose lock this queue's batches wait for; null for the shared queue. */
        final PoolName pool;
        final ArrayDeque<Request<?>> waiting = new ArrayDeque<>();
        boolean running;
        /** Whether a leader waits for {@link #expected} requests before it takes its batch. */
        boolean gathering;
        int expected;
        /** The last batch: how many requests it held, how long it ran, and when it ended (nano time). */
        int lastSize;
        long lastNanos;
        long lastEnded;

        Queue(PoolName pool) {
            this.pool = pool;
        }

        List<Request<?>> takeBatch() {
            List<Request<?>> batch = new ArrayList<>(Math.min(waiting.size(), MAX_BATCH));
            while (!waiting.isEmpty() && batch.size() < MAX_BATCH) {
                batch.add(waiting.poll());
            }
            return batch;
        }
    }

    private static class Request<T> {
        /** What the work allocates for, or null for a release. */
        final AllocationKey key;
        /** The allocation released, or null. */
        final AllocationId allocation;
        /** What to do with the locked pool; null for a release, which overrides {@link #decide}. */
        private final PoolWork<T> work;
        /** Whether no caller waits for the request: its outcome goes to {@link #done}. */
        final boolean async;
        /** Completed with the outcome of an asynchronous request. */
        final CompletableFuture<T> done = new CompletableFuture<>();
        /**
         * Completed when a waiting caller's request is decided (false) or its caller must lead (true); new
         * for each queue it joins.
         */
        private CompletableFuture<Boolean> turn = new CompletableFuture<>();
        /** The queue the request last joined. Guarded by the committer. */
        Queue queue;
        private T result;
        private Throwable failure;
        /** Set when the batch left the request's pool to that pool's own queue, held by another transaction. */
        PoolName heldPool;

        Request(AllocationKey key, AllocationId allocation, PoolWork<T> work, boolean async) {
            this.key = key;
            this.allocation = allocation;
            this.work = work;
            this.async = async;
        }

        /** The pool the work is for, or null for a release, whose batch finds it from {@link #allocation}. */
        final PoolName pool() {
            return key == null ? null : key.pool();
        }

        void decide(Pool locked, Instant now, BatchReads reads) {
            long changesBefore = locked.changeCount();
            try {
                succeed(work.apply(locked, now, reads.byKey(key)));
                reads.changed(key);
            } catch (DomainException refusal) {
                if (locked.changeCount() != changesBefore) {
                    // Work that changed the pool and then refused would commit half a request.
                    throw new IllegalStateException("work on pool '" + pool() + "' changed it before refusing", refusal);
                }
                refuse(refusal);
            }
        }

        final void succeed(T value) {
            result = value;
            failure = null;
        }

        final void refuse(DomainException refusal) {
            fail(refusal);
        }

        final void fail(Throwable cause) {
            result = null;
            failure = cause;
            heldPool = null;
        }

        /** Undecided again, for an attempt that decides from the start. */
        final void reset() {
            result = null;
            failure = null;
            heldPool = null;
        }

        /** Ready to join another queue; the caller's thread only, before it joins under the committer's lock. */
        final void requeue() {
            turn = new CompletableFuture<>();
        }

        /** Blocks until this request is decided (false) or its caller must lead its queue (true). */
        final boolean awaitTurn() {
            return turn.join();
        }

        final void lead() {
            turn.complete(true);
        }

        final void finish() {
            turn.complete(false);
        }

        /** Completes {@link #done} with the outcome. */
        final void complete() {
            if (failure != null) {
                done.completeExceptionally(failure);
            } else {
                done.complete(result);
            }
        }

        final T outcome() {
            if (failure instanceof Error error) {
                throw error;
            }
            if (failure != null) {
                // Only rules' refusals and what the transaction threw are recorded: both unchecked.
                throw (RuntimeException) failure;
            }
            return result;
        }
    }
}
