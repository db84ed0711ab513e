package dev.portalloc.domain;

/** A service of a deployment: {@code ^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$}. */
public record ServiceName(String value) {
    public ServiceName {
        Names.require("service", value, Names.DEPLOYMENT_OR_SERVICE);
    }

    public static ServiceName of(String value) {
        return new ServiceName(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
