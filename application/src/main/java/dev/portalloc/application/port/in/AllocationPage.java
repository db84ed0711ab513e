package dev.portalloc.application.port.in;

import dev.portalloc.domain.Allocation;
import dev.portalloc.domain.AllocationId;

import java.util.List;
import java.util.Optional;

/** A page of allocations and the cursor of the next page, empty on the last page. */
public record AllocationPage(List<Allocation> allocations, Optional<AllocationId> next) {
    public AllocationPage {
        allocations = List.copyOf(allocations);
    }
}
