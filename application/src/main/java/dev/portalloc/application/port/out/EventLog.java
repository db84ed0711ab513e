package dev.portalloc.application.port.out;

import dev.portalloc.domain.DeploymentName;
import dev.portalloc.domain.Event;
import dev.portalloc.domain.PoolName;

import java.util.List;
import java.util.Optional;

/**
 * The append-only audit history. Every method must be called inside a {@link TransactionRunner} call;
 * an appended event becomes part of the history exactly when its transaction commits.
 *
 * <p>The guarantee readers rely on: {@code seq} strictly increases in the order events become readable,
 * so once {@link #read} has returned an event with sequence {@code s}, no event with a sequence at or
 * below {@code s} is ever returned for the first time later. A client polling with
 * {@code after = <last seq seen>} therefore sees every event exactly once, in order, even while many
 * transactions on several pools and instances commit concurrently.
 */
public interface EventLog {

    /** Records an event of the current transaction; its {@code seq} is ignored and assigned by the log. */
    void append(Event event);

    /**
     * Up to {@code limit} events with {@code seq > after}, oldest first, optionally only those of one pool
     * and one deployment.
     */
    List<Event> read(long after, int limit, Optional<PoolName> pool, Optional<DeploymentName> deployment);
}
