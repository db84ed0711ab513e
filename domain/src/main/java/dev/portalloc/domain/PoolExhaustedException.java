package dev.portalloc.domain;

/** Not enough free ports (or no free run long enough) to satisfy the whole request. */
public final class PoolExhaustedException extends DomainException {
    private final PoolName pool;
    private final int requested;
    private final int available;
    private final boolean contiguous;

    public PoolExhaustedException(PoolName pool, int requested, int available, boolean contiguous) {
        super(contiguous
                ? "pool '" + pool + "' has no free run of " + requested + " consecutive ports (" + available + " ports free)"
                : "pool '" + pool + "' has " + available + " free ports, " + requested + " requested");
        this.pool = pool;
        this.requested = requested;
        this.available = available;
        this.contiguous = contiguous;
    }

    public PoolName pool() {
        return pool;
    }

    public int requested() {
        return requested;
    }

    public int available() {
        return available;
    }

    public boolean contiguous() {
        return contiguous;
    }
}
