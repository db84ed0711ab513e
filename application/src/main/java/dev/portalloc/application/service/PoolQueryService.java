package dev.portalloc.application.service;

import dev.portalloc.application.port.in.GetPoolUseCase;
import dev.portalloc.application.port.in.ListPoolsUseCase;
import dev.portalloc.application.port.in.PoolSummary;
import dev.portalloc.application.port.out.AllocationRepository;
import dev.portalloc.application.port.out.HostPorts;
import dev.portalloc.application.port.out.PoolRepository;
import dev.portalloc.application.port.out.TransactionRunner;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.PoolNotFoundException;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Reads pools: {@link GetPoolUseCase} and {@link ListPoolsUseCase}. */
public final class PoolQueryService implements GetPoolUseCase, ListPoolsUseCase {
    private final PoolRepository pools;
    private final TransactionRunner transactions;
    private final Clock clock;
    private final Summaries summaries;

    public PoolQueryService(PoolRepository pools, AllocationRepository allocations, HostPorts hostPorts,
                            TransactionRunner transactions, Clock clock) {
        this.pools = Objects.requireNonNull(pools);
        this.transactions = Objects.requireNonNull(transactions);
        this.clock = Objects.requireNonNull(clock);
        this.summaries = new Summaries(allocations, hostPorts);
    }

    @Override
    public PoolSummary getPool(PoolName pool) {
        return transactions.readOnly(() -> {
            Instant now = Times.now(clock);
            return pools.find(pool).map(found -> summaries.of(found, now))
                    .orElseThrow(() -> new PoolNotFoundException(pool));
        });
    }

    @Override
    public List<PoolSummary> listPools() {
        return transactions.readOnly(() -> {
            Instant now = Times.now(clock);
            return pools.findAll().stream().map(pool -> summaries.of(pool, now)).toList();
        });
    }
}
