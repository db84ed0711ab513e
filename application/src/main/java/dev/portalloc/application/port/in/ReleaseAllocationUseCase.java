package dev.portalloc.application.port.in;

import java.util.concurrent.CompletableFuture;

/** Releases one allocation by id; an unknown (or already released) id is an AllocationNotFoundException. */
public interface ReleaseAllocationUseCase {
    void releaseAllocation(ReleaseAllocationCommand command);

    /**
     * Releases as {@link #releaseAllocation} does, without holding the calling thread until the release is
     * durable: the future completes then, on a thread of the implementation's, or exceptionally with what
     * {@link #releaseAllocation} would have thrown. This default decides on the calling thread.
     */
    default CompletableFuture<Void> releaseAllocationAsync(ReleaseAllocationCommand command) {
        try {
            releaseAllocation(command);
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException refused) {
            return CompletableFuture.failedFuture(refused);
        }
    }
}
