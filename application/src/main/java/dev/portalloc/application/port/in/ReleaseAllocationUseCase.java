package dev.portalloc.application.port.in;

/** Releases one allocation by id; an unknown (or already released) id is an AllocationNotFoundException. */
public interface ReleaseAllocationUseCase {
    void releaseAllocation(ReleaseAllocationCommand command);
}
