package dev.portalloc.application.service;

import dev.portalloc.application.port.in.Actor;
import dev.portalloc.application.port.out.AllocationRepository;
import dev.portalloc.application.port.out.EventLog;
import dev.portalloc.domain.Allocation;
import dev.portalloc.domain.Event;
import dev.portalloc.domain.EventType;
import dev.portalloc.domain.Pool;
import dev.portalloc.domain.PoolName;

import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

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
     * Releases one allocation, recorded as released by the actor; an expired one is recorded as expired
     * and without an actor: its lease ran out by itself, whoever's request happened to sweep it up.
     *
     * @return whether the allocation was still active (its ports were still the deployment's)
     */
    boolean release(Pool pool, Allocation allocation, Instant now, Optional<Actor> actor) {
        pool.release(allocation.ports());
        allocations.remove(allocation.id());
        boolean expired = allocation.isExpiredAt(now);
        events.append(Event.of(expired ? EventType.EXPIRED : EventType.RELEASED, allocation, now,
                expired ? null : Actors.nameOf(actor)));
        return !expired;
    }

    /** Releases every expired allocation of the pools, asking the store once which pools hold any. */
    void releaseExpired(Collection<Pool> pools, Instant now) {
        Set<PoolName> withExpired = allocations.findPoolsWithExpired(pools.stream().map(Pool::name).toList(), now);
        for (Pool pool : pools) {
            if (withExpired.contains(pool.name())) {
                releaseExpired(pool, now, Integer.MAX_VALUE);
            }
        }
    }

    /**
     * Releases up to {@code limit} of the pool's expired allocations.
     *
     * @return how many were released
     */
    int releaseExpired(Pool pool, Instant now, int limit) {
        int released = 0;
        for (Allocation expired : allocations.findExpired(pool.name(), now, limit)) {
            release(pool, expired, now, Optional.empty());
            released++;
        }
        return released;
    }
}
