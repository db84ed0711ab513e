package dev.portalloc.application.service;

import dev.portalloc.application.port.in.Actor;
import dev.portalloc.application.port.out.AllocationRepository;
import dev.portalloc.application.port.out.EventLog;
import dev.portalloc.domain.Allocation;
import dev.portalloc.domain.Event;
import dev.portalloc.domain.EventType;
import dev.portalloc.domain.Pool;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

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

    /**
     * Releases one allocation; an expired one is recorded as expired whatever the reason given, and
     * without an actor: its lease ran out by itself, whoever's request happened to sweep it up.
     */
    void release(Pool pool, Allocation allocation, EventType reason, Instant now, Optional<Actor> actor) {
        pool.release(allocation.ports());
        allocations.remove(allocation.id());
        boolean expired = allocation.isExpiredAt(now);
        EventType type = expired ? EventType.EXPIRED : reason;
        events.append(Event.of(type, allocation, now, expired ? null : Actors.nameOf(actor)));
    }

    /**
     * Releases up to {@code limit} of the pool's expired allocations.
     *
     * @return how many were released
     */
    int releaseExpired(Pool pool, Instant now, int limit) {
        int released = 0;
        for (Allocation expired : allocations.findExpired(pool.name(), now, limit)) {
            release(pool, expired, EventType.EXPIRED, now, Optional.empty());
            released++;
        }
        return released;
    }
}
