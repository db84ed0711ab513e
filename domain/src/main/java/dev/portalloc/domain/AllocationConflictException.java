package dev.portalloc.domain;

/** An active allocation with the same (pool, deployment, service) exists with a different shape. */
public final class AllocationConflictException extends DomainException {
    private final Allocation existing;

    public AllocationConflictException(Allocation existing) {
        super("deployment '" + existing.deployment() + "' already holds allocation " + existing.id()
                + " for service '" + existing.service() + "' in pool '" + existing.pool()
                + "' with a different shape (" + existing.shape().describe() + ")");
        this.existing = existing;
    }

    public Allocation existing() {
        return existing;
    }
}
