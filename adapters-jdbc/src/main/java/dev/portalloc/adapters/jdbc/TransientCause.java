package dev.portalloc.adapters.jdbc;

/** Why a transaction attempt failed in a way that a new attempt may not. */
public enum TransientCause {
    /** Waited longer than the lock timeout for a row another transaction holds. */
    LOCK_TIMEOUT,
    /** The database broke a lock cycle by aborting this transaction. */
    DEADLOCK,
    /** A serialization failure or a concurrent change to the same row (including a stale version). */
    SERIALIZATION,
    /** No connection could be had, or it was lost while the transaction ran. */
    CONNECTION
}
