package dev.portalloc.application.service;

import dev.portalloc.application.port.in.DefinePoolCommand;
import dev.portalloc.application.port.in.DefinePoolUseCase;
import dev.portalloc.application.port.in.PoolDefinitionResult;
import dev.portalloc.application.port.in.PoolSummary;
import dev.portalloc.application.port.out.DuplicateKeyException;
import dev.portalloc.application.port.out.PoolRepository;
import dev.portalloc.application.port.out.TransactionRunner;
import dev.portalloc.domain.Pool;

import java.util.Objects;
import java.util.Optional;

public final class DefinePoolService implements DefinePoolUseCase {
    private final PoolRepository pools;
    private final TransactionRunner transactions;

    public DefinePoolService(PoolRepository pools, TransactionRunner transactions) {
        this.pools = Objects.requireNonNull(pools);
        this.transactions = Objects.requireNonNull(transactions);
    }

    @Override
    public PoolDefinitionResult definePool(DefinePoolCommand command) {
        return define(command, true);
    }

    @Override
    public PoolDefinitionResult definePoolIfAbsent(DefinePoolCommand command) {
        return define(command, false);
    }

    private PoolDefinitionResult define(DefinePoolCommand command, boolean changeExisting) {
        try {
            return defineOnce(command, changeExisting);
        } catch (DuplicateKeyException lostRace) {
            // Another caller created the pool between our look-up and our insert: now it exists.
            return defineOnce(command, changeExisting);
        }
    }

    private PoolDefinitionResult defineOnce(DefinePoolCommand command, boolean changeExisting) {
        return transactions.inTransaction(() -> {
            Optional<Pool> existing = pools.findAndLock(command.pool());
            if (existing.isEmpty()) {
                Pool pool = Pool.create(command.pool(), command.range(), command.reserved());
                pools.add(pool);
                return new PoolDefinitionResult(PoolSummary.of(pool), true);
            }
            Pool pool = existing.get();
            if (changeExisting && !pool.isDefinedAs(command.range(), command.reserved())) {
                pool.redefine(command.range(), command.reserved());
                pools.update(pool);
            }
            return new PoolDefinitionResult(PoolSummary.of(pool), false);
        });
    }
}
