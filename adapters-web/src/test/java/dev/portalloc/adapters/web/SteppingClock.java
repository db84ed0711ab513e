package dev.portalloc.adapters.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves a fixed step forward each time it is read (one millisecond unless told otherwise:
 * distinct, predictable times), and that tests can move forward at will to let leases run out.
 */
final class SteppingClock extends Clock {
    private final AtomicLong millis;
    private final long stepMillis;

    SteppingClock(Instant start) {
        this(start, Duration.ofMillis(1));
    }

    /** @param step how far each reading moves the clock; zero for a clock that only moves when advanced */
    SteppingClock(Instant start, Duration step) {
        this.stepMillis = step.toMillis();
        // The first reading is start + step, as it always was.
        this.millis = new AtomicLong(start.toEpochMilli());
    }

    /** A clock that reads {@code start} until {@link #advance} moves it: every recorded time is known exactly. */
    static SteppingClock standingStill(Instant start) {
        return new SteppingClock(start, Duration.ZERO);
    }

    void advance(Duration duration) {
        millis.addAndGet(duration.toMillis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.addAndGet(stepMillis));
    }
}
