package dev.portalloc.application.port.out;

import java.util.function.Supplier;

/**
 * Runs one use-case call as one transaction: everything the work does through the repositories
 * commits together, or nothing does. Implementations may run {@code work} more than once when the
 * store reports a transient failure (lock timeout, deadlock, lost connection), so work must have no
 * effect outside the repositories; after a bounded number of attempts they throw
 * {@link StoreUnavailableException}. A {@link dev.portalloc.domain.DomainException} rolls back and is
 * rethrown as it is.
 */
public interface TransactionRunner {

    <T> T inTransaction(Supplier<T> work);

    /**
     * {@link #inTransaction} with one attempt only: a transient failure ends it at once with
     * {@link StoreUnavailableException}. For callers that have a better way to go on than running the
     * same work again.
     */
    <T> T inTransactionOnce(Supplier<T> work);

    /** For work that only reads; implementations may skip locking and flushing. */
    default <T> T readOnly(Supplier<T> work) {
        return inTransaction(work);
    }
}
