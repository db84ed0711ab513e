package dev.portalloc.application.port.in;

import dev.portalloc.domain.AllocationShape;
import dev.portalloc.domain.DeploymentName;
import dev.portalloc.domain.Lease;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.ServiceName;

import java.util.Objects;
import java.util.Optional;

/**
 * Allocate ports of {@code shape} in {@code pool} for one service of one deployment, for good or, with a
 * {@code lease}, until the lease ends unless the deployment renews it. The lease is not part of the
 * request's identity: repeating a request with another lease returns the allocation as it is.
 *
 * @param actor who asks, recorded in the {@code allocated} event; empty when nobody in particular
 */
public record AllocatePortsCommand(PoolName pool, DeploymentName deployment, ServiceName service,
                                   AllocationShape shape, Optional<Lease> lease, Optional<Actor> actor) {
    public AllocatePortsCommand {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(actor, "actor");
    }

    /** On nobody's behalf in particular. */
    public AllocatePortsCommand(PoolName pool, DeploymentName deployment, ServiceName service,
                                AllocationShape shape, Optional<Lease> lease) {
        this(pool, deployment, service, shape, lease, Optional.empty());
    }

    /** Without a lease: the allocation lasts until released. */
    public AllocatePortsCommand(PoolName pool, DeploymentName deployment, ServiceName service, AllocationShape shape) {
        this(pool, deployment, service, shape, Optional.empty(), Optional.empty());
    }
}
