package dev.portalloc.application.port.in;

import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.PortRange;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Create a pool, or change its range, reserved ports and host check.
 *
 * @param hostCheck whether the pool describes the machine the allocator runs on, so that ports other
 *                  processes listen on are never handed out
 * @param actor     who asks, recorded in the {@code pool-created} or {@code pool-changed} event; empty
 *                  when nobody in particular
 */
public record DefinePoolCommand(PoolName pool, PortRange range, Set<Integer> reserved, boolean hostCheck,
                                Optional<Actor> actor) {
    public DefinePoolCommand {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(range, "range");
        reserved = reserved == null ? Set.of() : Set.copyOf(reserved);
        Objects.requireNonNull(actor, "actor");
    }

    /** On nobody's behalf in particular. */
    public DefinePoolCommand(PoolName pool, PortRange range, Set<Integer> reserved, boolean hostCheck) {
        this(pool, range, reserved, hostCheck, Optional.empty());
    }

    /** A pool without host check, on nobody's behalf in particular. */
    public DefinePoolCommand(PoolName pool, PortRange range, Set<Integer> reserved) {
        this(pool, range, reserved, false, Optional.empty());
    }
}
