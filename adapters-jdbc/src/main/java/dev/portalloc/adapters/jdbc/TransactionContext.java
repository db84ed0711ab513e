package dev.portalloc.adapters.jdbc;

import dev.portalloc.domain.Allocation;
import dev.portalloc.domain.AllocationId;
import dev.portalloc.domain.Event;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one transaction attempt holds: its EntityManager, the pools it has locked (the only entities it
 * keeps managed), the allocation rows and events it has yet to write and whether its settings are applied yet. Lives on one thread only.
 */
final class TransactionContext {
    private final EntityManager entityManager;
    private final Vendor vendor;
    private final Duration lockTimeout;
    private final boolean readOnly;
    private final Map<String, PoolJpaEntity> lockedPools = new HashMap<>();
    private final List<Event> pendingEvents = new ArrayList<>();
    private final Map<AllocationId, Allocation> pendingAllocations = new LinkedHashMap<>();
    private final Set<AllocationId> pendingRemovals = new LinkedHashSet<>();
    private final List<Runnable> beforeCommit = new ArrayList<>();
    private boolean settingsApplied;

    TransactionContext(EntityManager entityManager, Vendor vendor, Duration lockTimeout, boolean readOnly) {
        this.entityManager = entityManager;
        this.vendor = vendor;
        this.lockTimeout = lockTimeout;
        this.readOnly = readOnly;
    }

    EntityManager entityManager() {
        return entityManager;
    }

    Vendor vendor() {
        return vendor;
    }

    boolean readOnly() {
        return readOnly;
    }

    Map<String, PoolJpaEntity> lockedPools() {
        return lockedPools;
    }

    /** Events appended by this transaction and not inserted yet. */
    List<Event> pendingEvents() {
        return pendingEvents;
    }

    /** Allocations added by this transaction and not inserted yet, in the order they were added. */
    Map<AllocationId, Allocation> pendingAllocations() {
        return pendingAllocations;
    }

    /** Stored allocations removed by this transaction and not deleted yet. */
    Set<AllocationId> pendingRemovals() {
        return pendingRemovals;
    }

    /** Work that must reach the database before the transaction commits, run in registration order. */
    void beforeCommit(Runnable work) {
        beforeCommit.add(work);
    }

    void runBeforeCommit() {
        beforeCommit.forEach(Runnable::run);
    }

    /**
     * Applies {@link Vendor#transactionSettings} for the rest of this transaction, once, before its first
     * row lock or plain SQL statement: one round trip for the transactions that need it, none for the others.
     */
    void ensureSettings() {
        if (settingsApplied) {
            return;
        }
        String sql = vendor.transactionSettings(lockTimeout);
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
        });
        settingsApplied = true;
    }
}
