package dev.portalloc.application.service;

import dev.portalloc.application.port.in.ReleaseAllocationCommand;
import dev.portalloc.application.port.in.ReleaseAllocationUseCase;
import dev.portalloc.application.port.out.AllocationRepository;
import dev.portalloc.application.port.out.PoolRepository;
import dev.portalloc.application.port.out.TransactionRunner;
import dev.portalloc.domain.Allocation;
import dev.portalloc.domain.AllocationNotFoundException;
import dev.portalloc.domain.Pool;

import java.util.Objects;

public final class ReleaseAllocationService implements ReleaseAllocationUseCase {
    private final PoolRepository pools;
    private final AllocationRepository allocations;
    private final TransactionRunner transactions;

    public ReleaseAllocationService(PoolRepository pools, AllocationRepository allocations,
                                    TransactionRunner transactions) {
        this.pools = Objects.requireNonNull(pools);
        this.allocations = Objects.requireNonNull(allocations);
        this.transactions = Objects.requireNonNull(transactions);
    }

    @Override
    public void releaseAllocation(ReleaseAllocationCommand command) {
        transactions.inTransaction(() -> {
            AllocationNotFoundException notFound = new AllocationNotFoundException(command.id().value());
            Allocation unlocked = allocations.findById(command.id()).orElseThrow(() -> notFound);
            Pool pool = pools.findAndLock(unlocked.pool()).orElseThrow(() -> notFound);
            // Read again under the lock: a concurrent release may have won.
            Allocation allocation = allocations.findById(command.id()).orElseThrow(() -> notFound);
            pool.release(allocation.ports());
            allocations.remove(allocation.id());
            pools.update(pool);
            return null;
        });
    }
}
