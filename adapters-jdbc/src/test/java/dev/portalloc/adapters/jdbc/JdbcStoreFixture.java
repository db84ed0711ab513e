package dev.portalloc.adapters.jdbc;

import dev.portalloc.application.contract.StoreFixture;
import dev.portalloc.application.port.out.AllocationRepository;
import dev.portalloc.application.port.out.EventLog;
import dev.portalloc.application.port.out.PoolRepository;
import dev.portalloc.application.port.out.TransactionRunner;

/** A {@link JdbcStore} as the application's contract tests see a store. */
final class JdbcStoreFixture implements StoreFixture {
    private final JdbcStore store;
    private final Runnable onClose;

    JdbcStoreFixture(JdbcStore store, Runnable onClose) {
        this.store = store;
        this.onClose = onClose;
    }

    @Override
    public PoolRepository pools() {
        return store.pools();
    }

    @Override
    public AllocationRepository allocations() {
        return store.allocations();
    }

    @Override
    public EventLog events() {
        return store.events();
    }

    @Override
    public TransactionRunner transactions() {
        return store.transactions();
    }

    @Override
    public void close() {
        onClose.run();
    }
}
