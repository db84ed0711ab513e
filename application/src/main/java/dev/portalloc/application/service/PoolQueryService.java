package dev.portalloc.application.service;

import dev.portalloc.application.port.in.GetPoolUseCase;
import dev.portalloc.application.port.in.ListPoolsUseCase;
import dev.portalloc.application.port.in.PoolSummary;
import dev.portalloc.application.port.out.PoolRepository;
import dev.portalloc.application.port.out.TransactionRunner;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.PoolNotFoundException;

import java.util.List;
import java.util.Objects;

/** Reads pools: {@link GetPoolUseCase} and {@link ListPoolsUseCase}. */
public final class PoolQueryService implements GetPoolUseCase, ListPoolsUseCase {
    private final PoolRepository pools;
    private final TransactionRunner transactions;

    public PoolQueryService(PoolRepository pools, TransactionRunner transactions) {
        this.pools = Objects.requireNonNull(pools);
        this.transactions = Objects.requireNonNull(transactions);
    }

    @Override
    public PoolSummary getPool(PoolName pool) {
        return transactions.readOnly(() -> pools.find(pool).map(PoolSummary::of)
                .orElseThrow(() -> new PoolNotFoundException(pool)));
    }

    @Override
    public List<PoolSummary> listPools() {
        return transactions.readOnly(() -> pools.findAll().stream().map(PoolSummary::of).toList());
    }
}
