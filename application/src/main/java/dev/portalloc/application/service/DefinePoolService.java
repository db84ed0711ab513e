package dev.portalloc.application.service;

import dev.portalloc.application.port.in.DefinePoolCommand;
import dev.portalloc.application.port.in.DefinePoolUseCase;
import dev.portalloc.application.port.in.PoolDefinitionResult;
import dev.portalloc.application.port.out.AllocationRepository;
import dev.portalloc.application.port.out.DuplicateKeyException;
import dev.portalloc.application.port.out.EventLog;
import dev.portalloc.application.port.out.HostPorts;
import dev.portalloc.application.port.out.PoolRepository;
import dev.portalloc.application.port.out.TransactionRunner;
import dev.portalloc.domain.Event;
import dev.portalloc.domain.EventType;
import dev.portalloc.domain.Pool;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

public final class DefinePoolService implements DefinePoolUseCase {
    private final PoolRepository pools;
    private final EventLog events;
    private final TransactionRunner transactions;
    private final Clock clock;
    private final Summaries summaries;

    public DefinePoolService(PoolRepository pools, AllocationRepository allocations, EventLog events,
                             HostPorts hostPorts, TransactionRunner transactions, Clock clock) {
        this.pools = Objects.requireNonNull(pools);
        this.events = Objects.requireNonNull(events);
        this.transactions = Objects.requireNonNull(transactions);
        this.clock = Objects.requireNonNull(clock);
        this.summaries = new Summaries(allocations, hostPorts);
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
            Instant now = Times.now(clock);
            Optional<Pool> existing = pools.findAndLock(command.pool());
            if (existing.isEmpty()) {
                Pool pool = Pool.create(command.pool(), command.range(), command.reserved(), command.hostCheck());
                pools.add(pool);
                events.append(Event.ofPool(EventType.POOL_CREATED, pool.name(), now, Actors.nameOf(command.actor())));
                return new PoolDefinitionResult(summaries.of(pool, now), true);
            }
            Pool pool = existing.get();
            if (changeExisting && !pool.isDefinedAs(command.range(), command.reserved(), command.hostCheck())) {
                pool.redefine(command.range(), command.reserved(), command.hostCheck());
                pools.update(pool);
                events.append(Event.ofPool(EventType.POOL_CHANGED, pool.name(), now, Actors.nameOf(command.actor())));
            }
            return new PoolDefinitionResult(summaries.of(pool, now), false);
        });
    }
}
