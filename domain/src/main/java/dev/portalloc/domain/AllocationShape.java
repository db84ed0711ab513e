package dev.portalloc.domain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What an allocation request asks for: a count of dynamic ports, optionally as one contiguous run,
 * or exactly the listed ports. Two requests with the same (pool, deployment, service) are the same
 * request, and so idempotent, exactly when their shapes are equal.
 *
 * @param count          how many ports, 1..{@value #MAX_COUNT}
 * @param requestedPorts the exact ports asked for, ascending; empty for dynamic ports
 * @param contiguous     whether the ports must form one run p, p+1, ...
 */
public record AllocationShape(int count, List<Integer> requestedPorts, boolean contiguous) {
    public static final int MAX_COUNT = 1024;

    public AllocationShape {
        requestedPorts = List.copyOf(requestedPorts);
    }

    /** Dynamic ports: {@code count} of them, from the pool's cursor. */
    public static AllocationShape dynamic(int count, boolean contiguous) {
        return of(count, null, contiguous);
    }

    /** Exactly these ports. */
    public static AllocationShape specific(List<Integer> ports) {
        return of(null, ports, false);
    }

    /**
     * Validates and normalises request members as the API states them: {@code count} defaults to 1,
     * or to the number of {@code ports}; when both are given they must agree.
     */
    public static AllocationShape of(Integer count, List<Integer> ports, boolean contiguous) {
        List<Integer> requested = ports == null ? List.of() : ports;
        int effectiveCount = count != null ? count : (requested.isEmpty() ? 1 : requested.size());
        if (effectiveCount < 1 || effectiveCount > MAX_COUNT) {
            throw new InvalidInputException("count", "count must be within 1.." + MAX_COUNT + " (got " + effectiveCount + ")");
        }
        if (ports != null && ports.isEmpty()) {
            throw new InvalidInputException("ports", "ports, when given, must list at least one port");
        }
        if (!requested.isEmpty() && requested.size() != effectiveCount) {
            throw new InvalidInputException("count", "count " + effectiveCount + " does not match the "
                    + requested.size() + " ports listed");
        }
        Set<Integer> seen = new HashSet<>();
        for (Integer port : requested) {
            if (port == null) {
                throw new InvalidInputException("ports", "ports must be port numbers");
            }
            PortRange.requireValidPort("ports", port);
            if (!seen.add(port)) {
                throw new InvalidInputException("ports", "port " + port + " is listed twice");
            }
        }
        List<Integer> sorted = new ArrayList<>(requested);
        sorted.sort(null);
        if (contiguous && !sorted.isEmpty() && sorted.get(sorted.size() - 1) - sorted.get(0) != sorted.size() - 1) {
            throw new InvalidInputException("ports", "contiguous ports must form one run p, p+1, ... (got " + sorted + ")");
        }
        return new AllocationShape(effectiveCount, sorted, contiguous);
    }

    public boolean isSpecific() {
        return !requestedPorts.isEmpty();
    }

    /** A short human description, for messages. */
    public String describe() {
        if (isSpecific()) {
            return "ports " + requestedPorts;
        }
        return count + (contiguous ? " contiguous" : "") + (count == 1 ? " port" : " ports");
    }
}
