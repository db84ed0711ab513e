package dev.portalloc.application.port.out;

import dev.portalloc.domain.Pool;
import dev.portalloc.domain.PoolName;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Stores {@link Pool} aggregates. Every method must be called inside a {@link TransactionRunner} call. */
public interface PoolRepository {

    /**
     * Loads a pool and holds an exclusive lock on it until the transaction ends, across every process
     * sharing the store. Callers that lock several pools lock them in name order.
     */
    Optional<Pool> findAndLock(PoolName name);

    /**
     * {@link #findAndLock} for several pools at once, locked in name order: those that exist, in name order.
     */
    List<Pool> findAndLockAll(Collection<PoolName> names);

    /**
     * {@link #findAndLock}, but empty at once when another transaction holds the lock: for background
     * work that must never wait behind allocations.
     */
    Optional<Pool> findAndLockIfFree(PoolName name);

    /**
     * {@link #findAndLockAll} without waiting: a pool another transaction holds is left out, like one that
     * does not exist. For work on many pools that must not wait behind one of them.
     */
    List<Pool> findAndLockAllIfFree(Collection<PoolName> names);

    /** Loads a pool without locking it: a consistent snapshot, not a basis for decisions. */
    Optional<Pool> find(PoolName name);

    /** Every pool, ordered by name. */
    List<Pool> findAll();

    /** Stores a new pool; {@link DuplicateKeyException} when one of that name exists. */
    void add(Pool pool);

    /** Stores the new state of a pool loaded with {@link #findAndLock}. */
    void update(Pool pool);

    /** Removes a pool loaded with {@link #findAndLock}. */
    void remove(PoolName name);
}
