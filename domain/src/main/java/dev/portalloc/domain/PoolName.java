package dev.portalloc.domain;

/** A pool's name: {@code ^[a-z0-9][a-z0-9._-]{0,62}$}. Names order pools for locking. */
public record PoolName(String value) implements Comparable<PoolName> {
    public PoolName {
        Names.require("pool", value, Names.POOL);
    }

    public static PoolName of(String value) {
        return new PoolName(value);
    }

    @Override
    public int compareTo(PoolName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
