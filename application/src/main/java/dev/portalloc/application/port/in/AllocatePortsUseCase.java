package dev.portalloc.application.port.in;

import java.util.concurrent.CompletableFuture;

/**
 * Allocates ports all or nothing. Idempotent by (pool, deployment, service): while an allocation with
 * that key exists, the same shape returns it again ({@code created == false}) and another shape is an
 * {@link dev.portalloc.domain.AllocationConflictException}.
 */
public interface AllocatePortsUseCase {
    AllocationResult allocatePorts(AllocatePortsCommand command);

    /**
     * Allocates as {@link #allocatePorts} does, without holding the calling thread until the allocation is
     * durable: the future completes then, on a thread of the implementation's, or exceptionally with what
     * {@link #allocatePorts} would have thrown. For callers that serve many requests on few threads.
     * This default decides on the calling thread.
     */
    default CompletableFuture<AllocationResult> allocatePortsAsync(AllocatePortsCommand command) {
        try {
            return CompletableFuture.completedFuture(allocatePorts(command));
        } catch (RuntimeException refused) {
            return CompletableFuture.failedFuture(refused);
        }
    }
}
