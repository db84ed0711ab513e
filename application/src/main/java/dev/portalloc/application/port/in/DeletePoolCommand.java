package dev.portalloc.application.port.in;

import dev.portalloc.domain.PoolName;

import java.util.Objects;
import java.util.Optional;

/** @param actor who asks, recorded in the {@code pool-deleted} event; empty when nobody in particular */
public record DeletePoolCommand(PoolName pool, Optional<Actor> actor) {
    public DeletePoolCommand {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(actor, "actor");
    }

    /** On nobody's behalf in particular. */
    public DeletePoolCommand(PoolName pool) {
        this(pool, Optional.empty());
    }
}
