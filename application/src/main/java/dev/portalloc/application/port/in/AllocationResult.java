package dev.portalloc.application.port.in;

import dev.portalloc.domain.Allocation;

/** An allocation and whether this call created it (false: an identical earlier request did). */
public record AllocationResult(Allocation allocation, boolean created) {
}
