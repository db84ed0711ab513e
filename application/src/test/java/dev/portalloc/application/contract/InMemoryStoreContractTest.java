package dev.portalloc.application.contract;

import dev.portalloc.application.inmemory.InMemoryStore;
import dev.portalloc.application.port.out.AllocationRepository;
import dev.portalloc.application.port.out.EventLog;
import dev.portalloc.application.port.out.PoolRepository;
import dev.portalloc.application.port.out.TransactionRunner;
import org.junit.jupiter.api.Nested;

/** The in-memory adapters against every contract. */
final class InMemoryStoreContractTest {

    static StoreFixture inMemory() {
        InMemoryStore store = new InMemoryStore();
        return new StoreFixture() {
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
                return store;
            }
        };
    }

    @Nested
    final class Pools extends PoolRepositoryContract {
        @Override
        protected StoreFixture openStore() {
            return inMemory();
        }
    }

    @Nested
    final class Allocations extends AllocationRepositoryContract {
        @Override
        protected StoreFixture openStore() {
            return inMemory();
        }
    }

    @Nested
    final class Events extends EventLogContract {
        @Override
        protected StoreFixture openStore() {
            return inMemory();
        }
    }
}
