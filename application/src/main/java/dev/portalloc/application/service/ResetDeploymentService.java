package dev.portalloc.application.service;

import dev.portalloc.application.port.in.ResetDeploymentCommand;
import dev.portalloc.application.port.in.ResetDeploymentUseCase;
import dev.portalloc.application.port.out.AllocationRepository;
import dev.portalloc.application.port.out.PoolRepository;
import dev.portalloc.application.port.out.TransactionRunner;
import dev.portalloc.domain.Allocation;
import dev.portalloc.domain.Pool;
import dev.portalloc.domain.PoolName;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

public final class ResetDeploymentService implements ResetDeploymentUseCase {
    private final PoolRepository pools;
    private final AllocationRepository allocations;
    private final TransactionRunner transactions;

    public ResetDeploymentService(PoolRepository pools, AllocationRepository allocations,
                                  TransactionRunner transactions) {
        this.pools = Objects.requireNonNull(pools);
        this.allocations = Objects.requireNonNull(allocations);
        this.transactions = Objects.requireNonNull(transactions);
    }

    @Override
    public int resetDeployment(ResetDeploymentCommand command) {
        return transactions.inTransaction(() -> {
            int released = 0;
            // Name order: two transactions locking several pools can never wait on each other in a cycle.
            List<PoolName> poolNames = allocations.findPoolsOfDeployment(command.deployment()).stream().sorted().toList();
            for (PoolName poolName : poolNames) {
                Optional<Pool> locked = pools.findAndLock(poolName);
                if (locked.isEmpty()) {
                    continue;
                }
                Pool pool = locked.get();
                // Read under the lock, so nothing released concurrently is counted twice.
                for (Allocation allocation : allocations.findByPoolAndDeployment(poolName, command.deployment())) {
                    pool.release(allocation.ports());
                    allocations.remove(allocation.id());
                    released += allocation.ports().size();
                }
                pools.update(pool);
            }
            return released;
        });
    }
}
