package dev.portalloc.application.service;

import dev.portalloc.application.port.out.AllocationRepository;
import dev.portalloc.application.port.out.EventLog;
import dev.portalloc.domain.Allocation;
import dev.portalloc.domain.Event;
import dev.portalloc.domain.EventType;
import dev.portalloc.domain.Pool;

import java.time.Instant;
import java.util.Objects;

/**
 * Gives an allocation's ports back to its pool, removes it and records why: the one way every service
 * releases. Callers hold the pool's lock and store the pool afterwards.
 */
final class Releaser {
    private final AllocationRepository allocations;
    private final EventLog events;

    Releaser(AllocationRepository allocations, EventLog events) {
        this.allocations = Objects.requireNonNull(allocations);
        this.events = Objects.requireNonNull(events);
    }

    /** Releases one allocation; an expired one is recorded as expired whatever the reason given. */
    void release(Pool pool, Allocation allocation, EventType reason, Instant now) {
        pool.release(allocation.ports());
        allocations.remove(allocation.id());
        EventType type = allocation.isExpiredAt(now) ? EventType.EXPIRED : reason;
        events.append(Event.of(type, allocation, now, null));
    }

    /**
     * Releases up to {@code limit} of the pool's expired allocations.
     *
     * @return how many were released
     */
    int releaseExpired(Pool pool, Instant now, int limit) {
        int released = 0;
        for (Allocation expired : allocations.findExpired(pool.name(), now, limit)) {
            release(pool, expired, EventType.EXPIRED, now);
            released++;
        }
        return released;
    }
}
