package dev.portalloc.adapters.web;

import java.util.List;

/**
 * The JSON shapes of request bodies. Every member is optional at the JSON level (absent is
 * {@code null}); the routes decide which are required, and the domain value objects validate values.
 */
final class RequestBodies {
    private RequestBodies() {
    }

    /** {@code PUT /v1/pools/{pool}}. */
    record PoolDefinitionBody(Integer minPort, Integer maxPort, List<Integer> reserved) {
    }

    /** {@code POST /v1/pools/{pool}/allocations}; {@code ttlSeconds} is refused before binding. */
    record AllocationBody(String deployment, String service, Integer count, List<Integer> ports, Boolean contiguous) {
    }
}
