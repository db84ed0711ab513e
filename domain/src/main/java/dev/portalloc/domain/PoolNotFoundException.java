package dev.portalloc.domain;

public final class PoolNotFoundException extends DomainException {
    private final PoolName pool;

    public PoolNotFoundException(PoolName pool) {
        super("pool '" + pool + "' does not exist");
        this.pool = pool;
    }

    public PoolName pool() {
        return pool;
    }
}
