package dev.portalloc.application.port.in;

import dev.portalloc.domain.DeploymentName;
import dev.portalloc.domain.Lease;

import java.util.Objects;

/** Extend every leased allocation of a deployment to end {@code lease} from now. */
public record RenewDeploymentCommand(DeploymentName deployment, Lease lease) {
    public RenewDeploymentCommand {
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(lease, "lease");
    }
}
