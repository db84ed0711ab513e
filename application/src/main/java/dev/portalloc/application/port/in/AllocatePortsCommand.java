package dev.portalloc.application.port.in;

import dev.portalloc.domain.AllocationShape;
import dev.portalloc.domain.DeploymentName;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.ServiceName;

import java.util.Objects;

/** Allocate ports of {@code shape} in {@code pool} for one service of one deployment. */
public record AllocatePortsCommand(PoolName pool, DeploymentName deployment, ServiceName service,
                                   AllocationShape shape) {
    public AllocatePortsCommand {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(shape, "shape");
    }
}
