package dev.portalloc.application.contract;

import dev.portalloc.application.port.out.AllocationRepository;
import dev.portalloc.application.port.out.EventLog;
import dev.portalloc.application.port.out.PoolRepository;
import dev.portalloc.application.port.out.TransactionRunner;

/** One empty store under test: its repositories and the transaction runner they work in. */
public interface StoreFixture extends AutoCloseable {
    PoolRepository pools();

    AllocationRepository allocations();

    EventLog events();

    TransactionRunner transactions();

    @Override
    default void close() {
    }
}
