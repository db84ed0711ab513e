package dev.portalloc.application.service;

import dev.portalloc.application.port.in.RenewDeploymentCommand;
import dev.portalloc.application.port.in.RenewDeploymentUseCase;
import dev.portalloc.application.port.in.RenewalResult;
import dev.portalloc.application.port.out.AllocationRepository;
import dev.portalloc.application.port.out.PoolRepository;
import dev.portalloc.application.port.out.TransactionRunner;
import dev.portalloc.domain.Allocation;
import dev.portalloc.domain.Pool;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

public final class RenewDeploymentService implements RenewDeploymentUseCase {
    private final PoolRepository pools;
    private final AllocationRepository allocations;
    private final TransactionRunner transactions;
    private final Clock clock;

    public RenewDeploymentService(PoolRepository pools, AllocationRepository allocations,
                                  TransactionRunner transactions, Clock clock) {
        this.pools = Objects.requireNonNull(pools);
        this.allocations = Objects.requireNonNull(allocations);
        this.transactions = Objects.requireNonNull(transactions);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public RenewalResult renewDeployment(RenewDeploymentCommand command) {
        return transactions.inTransaction(() -> {
            Instant now = Times.now(clock);
            Instant expiresAt = command.lease().expiresAt(now);
            int renewed = 0;
            // Under the pools' locks, so a renewal and a reaper never disagree about an allocation.
            for (Pool pool : LockedPools.ofDeployment(pools, allocations, command.deployment())) {
                for (Allocation allocation : allocations.findByPoolAndDeployment(pool.name(), command.deployment())) {
                    if (allocation.expiresAt() != null && !allocation.isExpiredAt(now)) {
                        allocations.updateExpiry(allocation.id(), expiresAt);
                        renewed++;
                    }
                }
            }
            return new RenewalResult(command.deployment(), expiresAt, renewed);
        });
    }
}
