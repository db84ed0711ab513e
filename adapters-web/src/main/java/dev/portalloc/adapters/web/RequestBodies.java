package dev.portalloc.adapters.web;

import java.util.List;

/**
 * The JSON shapes of request bodies. Every member is optional at the JSON level (absent is
 * {@code null}); the routes decide which are required, and the domain value objects validate values.
 */
final class RequestBodies {
    private RequestBodies() {
    }

    /** {@code PUT /v1/pools/{pool}}; absent {@code hostCheck} is {@code false}, as absent {@code reserved} is none. */
    record PoolDefinitionBody(Integer minPort, Integer maxPort, List<Integer> reserved, Boolean hostCheck) {
    }

    /**
     * {@code POST /v1/pools/{pool}/allocations}. {@code ttlSeconds} is a {@code Long} so that any JSON
     * integer a client may send reaches the domain's {@code Lease} and its one message about the bounds.
     */
    record AllocationBody(String deployment, String service, Integer count, List<Integer> ports, Boolean contiguous,
                          Long ttlSeconds) {
    }

    /** {@code POST /v1/deployments/{deployment}/renew}; {@code ttlSeconds} is required. */
    record RenewalBody(Long ttlSeconds) {
    }
}
