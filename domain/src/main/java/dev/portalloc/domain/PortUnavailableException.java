package dev.portalloc.domain;

import java.util.List;

/** Specifically requested ports that are allocated, reserved or otherwise in use. */
public final class PortUnavailableException extends DomainException {
    private final PoolName pool;
    private final List<Integer> ports;

    public PortUnavailableException(PoolName pool, List<Integer> ports) {
        super((ports.size() == 1 ? "port " + ports.get(0) : "ports " + ports) + " in pool '" + pool + "' "
                + (ports.size() == 1 ? "is" : "are") + " not available");
        this.pool = pool;
        this.ports = List.copyOf(ports);
    }

    public PoolName pool() {
        return pool;
    }

    /** The offending ports, ascending. */
    public List<Integer> ports() {
        return ports;
    }
}
