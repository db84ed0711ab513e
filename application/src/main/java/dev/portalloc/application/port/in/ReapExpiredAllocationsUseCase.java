package dev.portalloc.application.port.in;

/**
 * Releases allocations whose lease has ended, recording an {@code expired} event for each. Runs in
 * bounded batches, one transaction per pool, and passes over a pool that is busy at that moment (its
 * next allocation reclaims expired ports itself), so it never makes allocations wait. Any number of
 * reapers may run at once: each expired allocation is released exactly once.
 */
public interface ReapExpiredAllocationsUseCase {
    /**
     * @param batchSize at most this many allocations per pool and this many pools in one call
     * @return how many allocations were released
     */
    int reapExpiredAllocations(int batchSize);
}
