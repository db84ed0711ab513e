package dev.portalloc.adapters.jdbc;

import dev.portalloc.application.contract.AllocationRepositoryContract;
import dev.portalloc.application.contract.EventLogContract;
import dev.portalloc.application.contract.PoolRepositoryContract;
import dev.portalloc.application.contract.StoreFixture;
import org.junit.jupiter.api.Nested;

/** Every store contract on H2, each test on a fresh in-memory database. */
final class H2StoreContractTest {

    static JdbcStore openEmpty(String url) {
        return JdbcStore.open(H2TestDatabase.settings(url)
                .withLockTimeout(TransactionRunnerContract.LOCK_TIMEOUT)
                .withMaxAttempts(TransactionRunnerContract.MAX_ATTEMPTS));
    }

    static StoreFixture freshStore() {
        String url = H2TestDatabase.newUrl("contract");
        JdbcStore store = openEmpty(url);
        return new JdbcStoreFixture(store, () -> {
            store.close();
            H2TestDatabase.shutdown(url);
        });
    }

    @Nested
    final class Pools extends PoolRepositoryContract {
        @Override
        protected StoreFixture openStore() {
            return freshStore();
        }
    }

    @Nested
    final class Allocations extends AllocationRepositoryContract {
        @Override
        protected StoreFixture openStore() {
            return freshStore();
        }
    }

    @Nested
    final class Events extends EventLogContract {
        @Override
        protected StoreFixture openStore() {
            return freshStore();
        }
    }

    @Nested
    final class Transactions extends TransactionRunnerContract {
        private String url;

        @Override
        protected JdbcStore emptyStore() {
            url = H2TestDatabase.newUrl("transactions");
            return openEmpty(url);
        }

        @Override
        protected void release(JdbcStore store) {
            store.close();
            H2TestDatabase.shutdown(url);
        }
    }

    @Nested
    final class Sequencing extends EventSequencingContract {
        private String url;

        @Override
        protected JdbcStore emptyStore() {
            url = H2TestDatabase.newUrl("sequencing");
            return openEmpty(url);
        }

        @Override
        protected void release(JdbcStore store) {
            store.close();
            H2TestDatabase.shutdown(url);
        }
    }
}
