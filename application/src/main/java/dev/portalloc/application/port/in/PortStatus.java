package dev.portalloc.application.port.in;

import dev.portalloc.domain.Allocation;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.PortState;

import java.util.Optional;

/** Who, if anyone, holds one port of a pool. */
public record PortStatus(PoolName pool, int port, PortState state, Optional<Allocation> allocation) {
}
