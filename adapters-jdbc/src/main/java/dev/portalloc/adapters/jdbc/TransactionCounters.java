package dev.portalloc.adapters.jdbc;

import java.util.Map;

/**
 * How often a store's transactions met trouble since it was opened, for metrics and tests.
 *
 * @param retriesByCause attempts that failed transiently and were tried again, by cause
 * @param duplicateKeys  transactions refused because a write broke a uniqueness rule
 * @param unavailable    transactions given up after the last attempt
 */
public record TransactionCounters(Map<TransientCause, Long> retriesByCause, long duplicateKeys, long unavailable) {
    public TransactionCounters {
        retriesByCause = Map.copyOf(retriesByCause);
    }

    public long retries() {
        return retriesByCause.values().stream().mapToLong(Long::longValue).sum();
    }

    public long retries(TransientCause cause) {
        return retriesByCause.getOrDefault(cause, 0L);
    }
}
