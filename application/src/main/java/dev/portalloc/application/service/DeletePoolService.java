package dev.portalloc.application.service;

import dev.portalloc.application.port.in.DeletePoolCommand;
import dev.portalloc.application.port.in.DeletePoolUseCase;
import dev.portalloc.application.port.out.PoolRepository;
import dev.portalloc.application.port.out.TransactionRunner;
import dev.portalloc.domain.Pool;
import dev.portalloc.domain.PoolNotFoundException;

import java.util.Objects;

public final class DeletePoolService implements DeletePoolUseCase {
    private final PoolRepository pools;
    private final TransactionRunner transactions;

    public DeletePoolService(PoolRepository pools, TransactionRunner transactions) {
        this.pools = Objects.requireNonNull(pools);
        this.transactions = Objects.requireNonNull(transactions);
    }

    @Override
    public void deletePool(DeletePoolCommand command) {
        transactions.inTransaction(() -> {
            Pool pool = pools.findAndLock(command.pool()).orElseThrow(() -> new PoolNotFoundException(command.pool()));
            pool.checkDeletable();
            pools.remove(pool.name());
            return null;
        });
    }
}
