package dev.portalloc.domain;

/** A deployment session's name: {@code ^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$}. */
public record DeploymentName(String value) {
    public DeploymentName {
        Names.require("deployment", value, Names.DEPLOYMENT_OR_SERVICE);
    }

    public static DeploymentName of(String value) {
        return new DeploymentName(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
