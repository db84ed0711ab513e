package dev.portalloc.adapters.jdbc;

import dev.portalloc.application.contract.AllocationRepositoryContract;
import dev.portalloc.application.contract.EventLogContract;
import dev.portalloc.application.contract.PoolRepositoryContract;
import dev.portalloc.application.contract.StoreFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;

/**
 * Every store contract on PostgreSQL. Opening a store (migration, Hibernate boot) is the slow part, so
 * one store serves the whole class and each test starts from emptied tables.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class PostgresStoreContractTest {
    private JdbcStore store;

    @BeforeAll
    void openStore() {
        store = JdbcStore.open(PostgresTestDatabase.settings()
                .withLockTimeout(TransactionRunnerContract.LOCK_TIMEOUT)
                .withMaxAttempts(TransactionRunnerContract.MAX_ATTEMPTS));
    }

    @AfterAll
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    private StoreFixture emptied() {
        PostgresTestDatabase.truncate(store);
        return new JdbcStoreFixture(store, () -> {
        });
    }

    @Nested
    final class Pools extends PoolRepositoryContract {
        @Override
        protected StoreFixture openStore() {
            return emptied();
        }
    }

    @Nested
    final class Allocations extends AllocationRepositoryContract {
        @Override
        protected StoreFixture openStore() {
            return emptied();
        }
    }

    @Nested
    final class Events extends EventLogContract {
        @Override
        protected StoreFixture openStore() {
            return emptied();
        }
    }

    @Nested
    final class Transactions extends TransactionRunnerContract {
        @Override
        protected JdbcStore emptyStore() {
            PostgresTestDatabase.truncate(store);
            return store;
        }
    }

    @Nested
    final class Sequencing extends EventSequencingContract {
        @Override
        protected JdbcStore emptyStore() {
            PostgresTestDatabase.truncate(store);
            return store;
        }
    }
}
