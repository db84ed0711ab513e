package dev.portalloc.application.service;

import dev.portalloc.application.port.in.ReleaseAllocationCommand;
import dev.portalloc.application.port.in.ReleaseAllocationUseCase;
import dev.portalloc.application.port.out.AllocationRepository;
import dev.portalloc.application.port.out.EventLog;
import dev.portalloc.application.port.out.PoolRepository;
import dev.portalloc.application.port.out.TransactionRunner;
import dev.portalloc.domain.Allocation;
import dev.portalloc.domain.AllocationNotFoundException;
import dev.portalloc.domain.Pool;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

public final class ReleaseAllocationService implements ReleaseAllocationUseCase {
    private final PoolRepository pools;
    private final AllocationRepository allocations;
    private final TransactionRunner transactions;
    private final Clock clock;
    private final Releaser releaser;

    public ReleaseAllocationService(PoolRepository pools, AllocationRepository allocations, EventLog events,
                                    TransactionRunner transactions, Clock clock) {
        this.pools = Objects.requireNonNull(pools);
        this.allocations = Objects.requireNonNull(allocations);
        this.transactions = Objects.requireNonNull(transactions);
        this.clock = Objects.requireNonNull(clock);
        this.releaser = new Releaser(allocations, events);
    }

    @Override
    public void releaseAllocation(ReleaseAllocationCommand command) {
        transactions.inTransaction(() -> {
            Instant now = Times.now(clock);
            AllocationNotFoundException notFound = new AllocationNotFoundException(command.id().value());
            // An expired allocation is gone for every reader; releasing it is the reaper's business.
            Allocation unlocked = allocations.findById(command.id()).filter(a -> !a.isExpiredAt(now))
                    .orElseThrow(() -> notFound);
            Pool pool = pools.findAndLock(unlocked.pool()).orElseThrow(() -> notFound);
            // Read again under the lock: a concurrent release may have won.
            Allocation allocation = allocations.findById(command.id()).orElseThrow(() -> notFound);
            releaser.release(pool, allocation, now, command.actor());
            pools.update(pool);
            return null;
        });
    }
}
