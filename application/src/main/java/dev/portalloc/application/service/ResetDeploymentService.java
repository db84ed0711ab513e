package dev.portalloc.application.service;

import dev.portalloc.application.port.in.ResetDeploymentCommand;
import dev.portalloc.application.port.in.ResetDeploymentUseCase;
import dev.portalloc.application.port.out.AllocationRepository;
import dev.portalloc.application.port.out.EventLog;
import dev.portalloc.application.port.out.PoolRepository;
import dev.portalloc.application.port.out.TransactionRunner;
import dev.portalloc.domain.Allocation;
import dev.portalloc.domain.Pool;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

public final class ResetDeploymentService implements ResetDeploymentUseCase {
    private final PoolRepository pools;
    private final AllocationRepository allocations;
    private final TransactionRunner transactions;
    private final Clock clock;
    private final Releaser releaser;

    public ResetDeploymentService(PoolRepository pools, AllocationRepository allocations, EventLog events,
                                  TransactionRunner transactions, Clock clock) {
        this.pools = Objects.requireNonNull(pools);
        this.allocations = Objects.requireNonNull(allocations);
        this.transactions = Objects.requireNonNull(transactions);
        this.clock = Objects.requireNonNull(clock);
        this.releaser = new Releaser(allocations, events);
    }

    @Override
    public int resetDeployment(ResetDeploymentCommand command) {
        return transactions.inTransaction(() -> {
            Instant now = Times.now(clock);
            int released = 0;
            for (Pool pool : LockedPools.ofDeployment(pools, allocations, command.deployment())) {
                // Read under the lock, so nothing released concurrently is counted twice.
                for (Allocation allocation : allocations.findByPoolAndDeployment(pool.name(), command.deployment())) {
                    // Expired ports were no longer the deployment's: they are released, not counted.
                    if (releaser.release(pool, allocation, now, command.actor())) {
                        released += allocation.ports().size();
                    }
                }
                pools.update(pool);
            }
            return released;
        });
    }
}
