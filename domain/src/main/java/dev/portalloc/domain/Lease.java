package dev.portalloc.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * How long an allocation lives unless its deployment renews it: 1 second to 365 days. An allocation
 * with a lease expires at its {@code expiresAt} exactly (see {@link Allocation#isExpiredAt}).
 */
public record Lease(Duration ttl) {
    public static final long MAX_SECONDS = Duration.ofDays(365).toSeconds();

    public Lease {
        if (ttl == null || ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.getSeconds() > MAX_SECONDS) {
            throw new InvalidInputException("ttlSeconds", "ttlSeconds must be within 1.." + MAX_SECONDS
                    + (ttl == null ? "" : " (got " + ttl.getSeconds() + ")"));
        }
    }

    public static Lease ofSeconds(long seconds) {
        return new Lease(Duration.ofSeconds(seconds));
    }

    /** When a lease granted or renewed at {@code now} ends. */
    public Instant expiresAt(Instant now) {
        return now.plus(ttl);
    }
}
