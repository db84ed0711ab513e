package dev.portalloc.application.port.in;

public interface ListAllocationsUseCase {
    /** @throws dev.portalloc.domain.PoolNotFoundException when the pool does not exist */
    AllocationPage listAllocations(ListAllocationsQuery query);
}
