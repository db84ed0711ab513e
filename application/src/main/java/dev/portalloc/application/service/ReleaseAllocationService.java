package dev.portalloc.application.service;

import dev.portalloc.application.port.in.ReleaseAllocationCommand;
import dev.portalloc.application.port.in.ReleaseAllocationUseCase;
import dev.portalloc.application.port.out.AllocationRepository;
import dev.portalloc.application.port.out.TransactionRunner;
import dev.portalloc.domain.Allocation;
import dev.portalloc.domain.AllocationNotFoundException;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

public final class ReleaseAllocationService implements ReleaseAllocationUseCase {
    private final AllocationRepository allocations;
    private final TransactionRunner transactions;
    private final Clock clock;
    private final Releaser releaser;
    private final GroupCommitter committer;

    ReleaseAllocationService(AllocationRepository allocations, TransactionRunner transactions, Clock clock,
                             Releaser releaser, GroupCommitter committer) {
        this.allocations = Objects.requireNonNull(allocations);
        this.transactions = Objects.requireNonNull(transactions);
        this.clock = Objects.requireNonNull(clock);
        this.releaser = Objects.requireNonNull(releaser);
        this.committer = Objects.requireNonNull(committer);
    }

    @Override
    public void releaseAllocation(ReleaseAllocationCommand command) {
        AllocationNotFoundException notFound = new AllocationNotFoundException(command.id().value());
        // Only to learn the pool to lock. An expired allocation is gone for every reader; releasing it is
        // the reaper's business.
        Instant asked = Times.now(clock);
        Allocation unlocked = transactions.readOnly(() -> allocations.findById(command.id()))
                .filter(allocation -> !allocation.isExpiredAt(asked))
                .orElseThrow(() -> notFound);
        committer.run(unlocked.pool(), (pool, now) -> {
            // Read again under the lock: a concurrent release may have won.
            Allocation allocation = allocations.findById(command.id()).orElseThrow(() -> notFound);
            releaser.release(pool, allocation, now, command.actor());
            return null;
        });
    }
}
