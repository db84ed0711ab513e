package dev.portalloc.application.port.in;

import dev.portalloc.domain.DeploymentName;
import dev.portalloc.domain.InvalidInputException;
import dev.portalloc.domain.PoolName;

import java.util.Objects;
import java.util.Optional;

/**
 * Events after {@code after} (exclusive; 0 for the start of the history), oldest first, optionally of one
 * pool and one deployment.
 */
public record ListEventsQuery(long after, int limit, Optional<PoolName> pool, Optional<DeploymentName> deployment) {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    public ListEventsQuery {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(deployment, "deployment");
        if (after < 0) {
            throw new InvalidInputException("after", "after must be a sequence number of 0 or more (got " + after + ")");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("limit", "limit must be within 1.." + MAX_LIMIT + " (got " + limit + ")");
        }
    }
}
