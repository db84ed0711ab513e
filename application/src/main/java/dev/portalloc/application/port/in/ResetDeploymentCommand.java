package dev.portalloc.application.port.in;

import dev.portalloc.domain.DeploymentName;

import java.util.Objects;
import java.util.Optional;

/** @param actor who asks, recorded in each {@code released} event; empty when nobody in particular */
public record ResetDeploymentCommand(DeploymentName deployment, Optional<Actor> actor) {
    public ResetDeploymentCommand {
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(actor, "actor");
    }

    /** On nobody's behalf in particular. */
    public ResetDeploymentCommand(DeploymentName deployment) {
        this(deployment, Optional.empty());
    }
}
