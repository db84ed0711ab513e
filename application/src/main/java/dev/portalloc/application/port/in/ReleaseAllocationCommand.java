package dev.portalloc.application.port.in;

import dev.portalloc.domain.AllocationId;

import java.util.Objects;

public record ReleaseAllocationCommand(AllocationId id) {
    public ReleaseAllocationCommand {
        Objects.requireNonNull(id, "id");
    }
}
