package dev.portalloc.application.port.in;

import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.PortRange;

import java.util.Objects;
import java.util.Set;

/**
 * Create a pool, or change its range, reserved ports and host check.
 *
 * @param hostCheck whether the pool describes the machine the allocator runs on, so that ports other
 *                  processes listen on are never handed out
 */
public record DefinePoolCommand(PoolName pool, PortRange range, Set<Integer> reserved, boolean hostCheck) {
    public DefinePoolCommand {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(range, "range");
        reserved = reserved == null ? Set.of() : Set.copyOf(reserved);
    }

    /** A pool without host check. */
    public DefinePoolCommand(PoolName pool, PortRange range, Set<Integer> reserved) {
        this(pool, range, reserved, false);
    }
}
