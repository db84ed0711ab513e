package dev.portalloc.application.port.in;

import dev.portalloc.domain.AllocationId;

import java.util.Objects;
import java.util.Optional;

/** @param actor who asks, recorded in the {@code released} event; empty when nobody in particular */
public record ReleaseAllocationCommand(AllocationId id, Optional<Actor> actor) {
    public ReleaseAllocationCommand {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(actor, "actor");
    }

    /** On nobody's behalf in particular. */
    public ReleaseAllocationCommand(AllocationId id) {
        this(id, Optional.empty());
    }
}
