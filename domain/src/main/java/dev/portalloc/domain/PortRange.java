package dev.portalloc.domain;

/** An inclusive range of port numbers within 1..65535. */
public record PortRange(int min, int max) {
    public static final int LOWEST_PORT = 1;
    public static final int HIGHEST_PORT = 65535;

    public PortRange {
        requireValidPort("minPort", min);
        requireValidPort("maxPort", max);
        if (min > max) {
            throw new InvalidInputException("minPort", "minPort " + min + " is greater than maxPort " + max);
        }
    }

    public static PortRange of(int min, int max) {
        return new PortRange(min, max);
    }

    public static void requireValidPort(String field, int port) {
        if (port < LOWEST_PORT || port > HIGHEST_PORT) {
            throw new InvalidInputException(field, field + " must be within " + LOWEST_PORT + ".." + HIGHEST_PORT
                    + " (got " + port + ")");
        }
    }

    public boolean contains(int port) {
        return port >= min && port <= max;
    }

    public int size() {
        return max - min + 1;
    }

    @Override
    public String toString() {
        return min + "-" + max;
    }
}
