package dev.portalloc.domain;

import java.util.List;

/** A pool change that would strand allocated ports, or deleting a pool that still holds allocations. */
public final class PoolConflictException extends DomainException {
    private final PoolName pool;
    private final List<Integer> ports;

    public PoolConflictException(PoolName pool, String message, List<Integer> ports) {
        super(message);
        this.pool = pool;
        this.ports = List.copyOf(ports);
    }

    public PoolName pool() {
        return pool;
    }

    /** The allocated ports in the way (at most a sample when there are many), ascending. */
    public List<Integer> ports() {
        return ports;
    }
}
