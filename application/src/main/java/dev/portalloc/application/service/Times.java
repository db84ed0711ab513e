package dev.portalloc.application.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Time as the services record it. */
final class Times {
    private Times() {
    }

    /** Now, at the millisecond precision every backend stores, so what is returned is what is stored. */
    static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
