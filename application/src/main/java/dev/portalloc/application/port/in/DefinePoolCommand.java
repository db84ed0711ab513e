package dev.portalloc.application.port.in;

import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.PortRange;

import java.util.Objects;
import java.util.Set;

/** Create a pool, or change its range and reserved ports. */
public record DefinePoolCommand(PoolName pool, PortRange range, Set<Integer> reserved) {
    public DefinePoolCommand {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(range, "range");
        reserved = reserved == null ? Set.of() : Set.copyOf(reserved);
    }
}
