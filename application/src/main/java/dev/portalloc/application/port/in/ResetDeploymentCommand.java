package dev.portalloc.application.port.in;

import dev.portalloc.domain.DeploymentName;

import java.util.Objects;

public record ResetDeploymentCommand(DeploymentName deployment) {
    public ResetDeploymentCommand {
        Objects.requireNonNull(deployment, "deployment");
    }
}
