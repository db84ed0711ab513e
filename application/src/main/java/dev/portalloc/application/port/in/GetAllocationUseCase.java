package dev.portalloc.application.port.in;

import dev.portalloc.domain.Allocation;
import dev.portalloc.domain.AllocationId;

public interface GetAllocationUseCase {
    /** @throws dev.portalloc.domain.AllocationNotFoundException when no such allocation exists */
    Allocation getAllocation(AllocationId id);
}
