package dev.portalloc.application.service;

import dev.portalloc.application.port.in.DeletePoolCommand;
import dev.portalloc.application.port.in.DeletePoolUseCase;
import dev.portalloc.application.port.out.AllocationRepository;
import dev.portalloc.application.port.out.EventLog;
import dev.portalloc.application.port.out.PoolRepository;
import dev.portalloc.application.port.out.TransactionRunner;
import dev.portalloc.domain.Event;
import dev.portalloc.domain.EventType;
import dev.portalloc.domain.Pool;
import dev.portalloc.domain.PoolNotFoundException;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

public final class DeletePoolService implements DeletePoolUseCase {
    private final PoolRepository pools;
    private final EventLog events;
    private final TransactionRunner transactions;
    private final Clock clock;
    private final Releaser releaser;

    public DeletePoolService(PoolRepository pools, AllocationRepository allocations, EventLog events,
                             TransactionRunner transactions, Clock clock) {
        this.pools = Objects.requireNonNull(pools);
        this.events = Objects.requireNonNull(events);
        this.transactions = Objects.requireNonNull(transactions);
        this.clock = Objects.requireNonNull(clock);
        this.releaser = new Releaser(allocations, events);
    }

    @Override
    public void deletePool(DeletePoolCommand command) {
        transactions.inTransaction(() -> {
            Instant now = Times.now(clock);
            Pool pool = pools.findAndLock(command.pool()).orElseThrow(() -> new PoolNotFoundException(command.pool()));
            // Expired leases no longer hold the pool.
            releaser.releaseExpired(pool, now, Integer.MAX_VALUE);
            pool.checkDeletable();
            pools.remove(pool.name());
            events.append(Event.ofPool(EventType.POOL_DELETED, pool.name(), now, Actors.nameOf(command.actor())));
            return null;
        });
    }
}
