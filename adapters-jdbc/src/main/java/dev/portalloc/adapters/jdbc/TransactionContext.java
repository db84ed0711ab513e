package dev.portalloc.adapters.jdbc;

import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * What one transaction attempt holds: its EntityManager, the pools it has locked (the only entities it
 * keeps managed) and whether the lock timeout is set on its connection yet. Lives on one thread only.
 */
final class TransactionContext {
    private final EntityManager entityManager;
    private final Vendor vendor;
    private final Duration lockTimeout;
    private final boolean readOnly;
    private final Map<String, PoolJpaEntity> lockedPools = new HashMap<>();
    private boolean lockTimeoutSet;

    TransactionContext(EntityManager entityManager, Vendor vendor, Duration lockTimeout, boolean readOnly) {
        this.entityManager = entityManager;
        this.vendor = vendor;
        this.lockTimeout = lockTimeout;
        this.readOnly = readOnly;
    }

    EntityManager entityManager() {
        return entityManager;
    }

    boolean readOnly() {
        return readOnly;
    }

    Map<String, PoolJpaEntity> lockedPools() {
        return lockedPools;
    }

    /**
     * Bounds lock waits for the rest of this transaction, once, before its first row lock. Done here
     * rather than per statement: one round trip per locking transaction, none for the others.
     */
    void ensureLockTimeout() {
        if (lockTimeoutSet) {
            return;
        }
        String sql = vendor.lockTimeoutStatement(lockTimeout);
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
        });
        lockTimeoutSet = true;
    }
}
