package dev.portalloc.application.port.in;

/**
 * Allocates ports all or nothing. Idempotent by (pool, deployment, service): while an allocation with
 * that key exists, the same shape returns it again ({@code created == false}) and another shape is an
 * {@link dev.portalloc.domain.AllocationConflictException}.
 */
public interface AllocatePortsUseCase {
    AllocationResult allocatePorts(AllocatePortsCommand command);
}
