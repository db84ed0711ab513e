package dev.portalloc.application.service;

import dev.portalloc.application.port.in.AllocatePortsCommand;
import dev.portalloc.application.port.in.AllocatePortsUseCase;
import dev.portalloc.application.port.in.AllocationResult;
import dev.portalloc.application.port.out.AllocationRepository;
import dev.portalloc.application.port.out.EventLog;
import dev.portalloc.application.port.out.HostPorts;
import dev.portalloc.application.port.out.PoolRepository;
import dev.portalloc.application.port.out.TransactionRunner;
import dev.portalloc.domain.Allocation;
import dev.portalloc.domain.AllocationConflictException;
import dev.portalloc.domain.AllocationId;
import dev.portalloc.domain.Event;
import dev.portalloc.domain.EventType;
import dev.portalloc.domain.Pool;
import dev.portalloc.domain.PoolNotFoundException;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntPredicate;

public final class AllocatePortsService implements AllocatePortsUseCase {
    private final PoolRepository pools;
    private final AllocationRepository allocations;
    private final EventLog events;
    private final HostPorts hostPorts;
    private final TransactionRunner transactions;
    private final Clock clock;
    private final Releaser releaser;

    public AllocatePortsService(PoolRepository pools, AllocationRepository allocations, EventLog events,
                                HostPorts hostPorts, TransactionRunner transactions, Clock clock) {
        this.pools = Objects.requireNonNull(pools);
        this.allocations = Objects.requireNonNull(allocations);
        this.events = Objects.requireNonNull(events);
        this.hostPorts = Objects.requireNonNull(hostPorts);
        this.transactions = Objects.requireNonNull(transactions);
        this.clock = Objects.requireNonNull(clock);
        this.releaser = new Releaser(allocations, events);
    }

    @Override
    public AllocationResult allocatePorts(AllocatePortsCommand command) {
        return transactions.inTransaction(() -> {
            Instant now = Times.now(clock);
            // The pool lock serialises every decision about this pool, across processes.
            Pool pool = pools.findAndLock(command.pool()).orElseThrow(() -> new PoolNotFoundException(command.pool()));
            // Expired leases give their ports back before anything is decided, without waiting for a reaper.
            boolean reclaimed = releaser.releaseExpired(pool, now, Integer.MAX_VALUE) > 0;
            Optional<Allocation> existing = allocations.findByKey(command.pool(), command.deployment(), command.service());
            if (existing.isPresent()) {
                if (!existing.get().shape().equals(command.shape())) {
                    throw new AllocationConflictException(existing.get());
                }
                if (reclaimed) {
                    pools.update(pool);
                }
                return new AllocationResult(existing.get(), false);
            }
            IntPredicate inUseOnHost = pool.hostCheck() ? hostPorts.listening() : port -> false;
            List<Integer> ports = pool.allocate(command.shape(), inUseOnHost);
            Allocation allocation = new Allocation(AllocationId.newId(now), pool.name(), command.deployment(),
                    command.service(), ports, command.shape(), now,
                    command.lease().map(lease -> lease.expiresAt(now)).orElse(null));
            allocations.add(allocation);
            events.append(Event.of(EventType.ALLOCATED, allocation, now, Actors.nameOf(command.actor())));
            pools.update(pool);
            return new AllocationResult(allocation, true);
        });
    }
}
