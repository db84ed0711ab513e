package dev.portalloc.application.service;

import dev.portalloc.application.port.out.PoolRepository;
import dev.portalloc.application.port.out.StoreUnavailableException;
import dev.portalloc.application.port.out.TransactionRunner;
import dev.portalloc.domain.DomainException;
import dev.portalloc.domain.Pool;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.PoolNotFoundException;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Group commit: work on pools that arrives while a transaction on the same lane is running waits, and is
 * then decided together under one lock per pool and committed in one transaction. Every pool belongs to
 * one lane, so the work queued for a pool is always decided in the order it arrived, one batch at a time.
 * One transaction and one commit then serve many requests instead of one each, which is what bounds a
 * one-request-per-transaction design on a single pool: the lock is held through every commit.
 *
 * <p>Each request stays all or nothing. A request refused by a rule ({@link DomainException}) is refused
 * alone: work must decide before it changes anything, so the refusal leaves nothing behind, and the rest
 * of the batch commits. When the transaction itself fails, every request of the batch runs again in a
 * transaction of its own, so one request that breaks a transaction cannot take others with it; only the
 * store being unavailable fails the batch as a whole. Nobody hears of success before the commit.
 *
 * <p>There is no thread of its own: the first caller to find its lane idle runs the batch it finds, then
 * hands the lane to the first caller still waiting, with the batch that has gathered meanwhile.
 */
final class GroupCommitter {
    /** Requests decided in one transaction at most: bounds how long one batch holds its locks. */
    static final int MAX_BATCH = 128;

    /**
     * One request's work on its pool, run inside the batch's transaction with the pool locked and its
     * expired leases already released.
     */
    @FunctionalInterface
    interface PoolWork<T> {
        /**
         * Decides, then changes the pool and writes through the repositories. A refusal must be thrown
         * before any change: the batch goes on and commits.
         */
        T apply(Pool pool, Instant now);
    }

    private final PoolRepository pools;
    private final Releaser releaser;
    private final TransactionRunner transactions;
    private final Clock clock;
    private final Lane[] lanes;

    GroupCommitter(PoolRepository pools, Releaser releaser, TransactionRunner transactions, Clock clock, int laneCount) {
        if (laneCount < 1) {
            throw new IllegalArgumentException("laneCount must be at least 1 (got " + laneCount + ")");
        }
        this.pools = Objects.requireNonNull(pools);
        this.releaser = Objects.requireNonNull(releaser);
        this.transactions = Objects.requireNonNull(transactions);
        this.clock = Objects.requireNonNull(clock);
        this.lanes = new Lane[laneCount];
        Arrays.setAll(lanes, i -> new Lane());
    }

    /** Runs work on the pool in the next batch of its lane, and returns once that batch has committed. */
    <T> T run(PoolName pool, PoolWork<T> work) {
        Request<T> request = new Request<>(Objects.requireNonNull(pool), Objects.requireNonNull(work));
        lanes[Math.floorMod(pool.hashCode(), lanes.length)].submit(request);
        return request.outcome();
    }

    private final class Lane {
        private final ArrayDeque<Request<?>> waiting = new ArrayDeque<>();
        private boolean running;

        void submit(Request<?> request) {
            List<Request<?>> batch = null;
            synchronized (this) {
                waiting.add(request);
                if (!running) {
                    running = true;
                    batch = takeBatch();
                }
            }
            if (batch == null) {
                batch = request.awaitTurn();
                if (batch.isEmpty()) {
                    return;
                }
            }
            try {
                execute(batch);
            } finally {
                handOver();
            }
        }

        private void handOver() {
            List<Request<?>> next;
            synchronized (this) {
                next = takeBatch();
                if (next.isEmpty()) {
                    running = false;
                    return;
                }
            }
            next.get(0).lead(next);
        }

        private List<Request<?>> takeBatch() {
            List<Request<?>> batch = new ArrayList<>(Math.min(waiting.size(), MAX_BATCH));
            while (!waiting.isEmpty() && batch.size() < MAX_BATCH) {
                batch.add(waiting.poll());
            }
            return batch;
        }
    }

    private void execute(List<Request<?>> batch) {
        try {
            transactions.inTransaction(() -> {
                decide(batch);
                return null;
            });
        } catch (StoreUnavailableException unavailable) {
            batch.forEach(request -> request.fail(unavailable));
        } catch (RuntimeException failure) {
            if (batch.size() == 1) {
                batch.get(0).fail(failure);
            } else {
                for (Request<?> request : batch) {
                    execute(List.of(request));
                }
            }
        } catch (Error error) {
            batch.forEach(request -> request.fail(error));
            throw error;
        } finally {
            batch.forEach(Request::finish);
        }
    }

    /** One attempt at the batch: runs again from the start when the transaction is retried. */
    private void decide(List<Request<?>> batch) {
        Instant now = Times.now(clock);
        Map<PoolName, List<Request<?>>> byPool = new TreeMap<>();
        for (Request<?> request : batch) {
            byPool.computeIfAbsent(request.pool, name -> new ArrayList<>()).add(request);
        }
        // Name order, like every transaction that locks several pools: no two can wait on each other in a cycle.
        for (Map.Entry<PoolName, List<Request<?>>> entry : byPool.entrySet()) {
            Pool pool = pools.findAndLock(entry.getKey()).orElse(null);
            if (pool == null) {
                entry.getValue().forEach(request -> request.refuse(new PoolNotFoundException(entry.getKey())));
                continue;
            }
            byte[] takenBefore = pool.takenBits();
            int cursorBefore = pool.nextPort();
            // Expired leases give their ports back before anything is decided, without waiting for a reaper.
            boolean changed = releaser.releaseExpired(pool, now, Integer.MAX_VALUE) > 0;
            for (Request<?> request : entry.getValue()) {
                request.decide(pool, now);
            }
            if (changed || pool.nextPort() != cursorBefore || !Arrays.equals(pool.takenBits(), takenBefore)) {
                pools.update(pool);
            }
        }
    }

    private static final class Request<T> {
        private final PoolName pool;
        private final PoolWork<T> work;
        private final CompletableFuture<List<Request<?>>> turn = new CompletableFuture<>();
        private T result;
        private Throwable failure;

        Request(PoolName pool, PoolWork<T> work) {
            this.pool = pool;
            this.work = work;
        }

        void decide(Pool locked, Instant now) {
            byte[] takenBefore = locked.takenBits();
            int cursorBefore = locked.nextPort();
            try {
                result = work.apply(locked, now);
                failure = null;
            } catch (DomainException refusal) {
                if (locked.nextPort() != cursorBefore || !Arrays.equals(locked.takenBits(), takenBefore)) {
                    // Work that changed the pool and then refused would commit half a request.
                    throw new IllegalStateException("work on pool '" + pool + "' changed it before refusing", refusal);
                }
                refuse(refusal);
            }
        }

        void refuse(DomainException refusal) {
            result = null;
            failure = refusal;
        }

        void fail(Throwable cause) {
            result = null;
            failure = cause;
        }

        /** Blocks until this request is decided (an empty list) or its caller must run a batch (that batch). */
        List<Request<?>> awaitTurn() {
            return turn.join();
        }

        void lead(List<Request<?>> batch) {
            turn.complete(batch);
        }

        void finish() {
            turn.complete(List.of());
        }

        T outcome() {
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure instanceof Error error) {
                throw error;
            }
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
            return result;
        }
    }
}
