package dev.portalloc.application.port.in;

import dev.portalloc.domain.PoolName;

import java.util.Objects;

public record DeletePoolCommand(PoolName pool) {
    public DeletePoolCommand {
        Objects.requireNonNull(pool, "pool");
    }
}
