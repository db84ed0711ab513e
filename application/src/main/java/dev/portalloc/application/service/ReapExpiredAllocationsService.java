package dev.portalloc.application.service;

import dev.portalloc.application.port.in.ReapExpiredAllocationsUseCase;
import dev.portalloc.application.port.out.AllocationRepository;
import dev.portalloc.application.port.out.EventLog;
import dev.portalloc.application.port.out.PoolRepository;
import dev.portalloc.application.port.out.TransactionRunner;
import dev.portalloc.domain.InvalidInputException;
import dev.portalloc.domain.Pool;
import dev.portalloc.domain.PoolName;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

public final class ReapExpiredAllocationsService implements ReapExpiredAllocationsUseCase {
    private final PoolRepository pools;
    private final AllocationRepository allocations;
    private final TransactionRunner transactions;
    private final Clock clock;
    private final Releaser releaser;

    public ReapExpiredAllocationsService(PoolRepository pools, AllocationRepository allocations, EventLog events,
                                         TransactionRunner transactions, Clock clock) {
        this.pools = Objects.requireNonNull(pools);
        this.allocations = Objects.requireNonNull(allocations);
        this.transactions = Objects.requireNonNull(transactions);
        this.clock = Objects.requireNonNull(clock);
        this.releaser = new Releaser(allocations, events);
    }

    @Override
    public int reapExpiredAllocations(int batchSize) {
        if (batchSize < 1) {
            throw new InvalidInputException("batchSize", "batchSize must be 1 or more");
        }
        List<PoolName> candidates = transactions.readOnly(
                () -> allocations.findPoolsWithExpired(Times.now(clock), batchSize));
        int released = 0;
        for (PoolName name : candidates) {
            // One short transaction per pool; a pool locked by someone else is left for later, so the
            // reaper never queues behind allocations (which reclaim expired ports themselves).
            released += transactions.inTransaction(() -> {
                Optional<Pool> locked = pools.findAndLockIfFree(name);
                if (locked.isEmpty()) {
                    return 0;
                }
                Pool pool = locked.get();
                // Re-read under the lock: another reaper may already have released them.
                int count = releaser.releaseExpired(pool, Times.now(clock), batchSize);
                if (count > 0) {
                    pools.update(pool);
                }
                return count;
            });
        }
        return released;
    }
}
