package dev.portalloc.application.port.in;

import dev.portalloc.domain.Allocation;
import dev.portalloc.domain.DeploymentName;

import java.util.List;

public interface GetDeploymentUseCase {
    /** The deployment's allocations in every pool, ordered by pool then id; empty when it holds nothing. */
    List<Allocation> getDeployment(DeploymentName deployment);
}
