package dev.portalloc.application.service;

import dev.portalloc.application.port.in.AllocatePortsCommand;
import dev.portalloc.application.port.in.AllocatePortsUseCase;
import dev.portalloc.application.port.in.AllocationResult;
import dev.portalloc.application.port.out.AllocationRepository;
import dev.portalloc.application.port.out.EventLog;
import dev.portalloc.application.port.out.HostPorts;
import dev.portalloc.domain.Allocation;
import dev.portalloc.domain.AllocationConflictException;
import dev.portalloc.domain.AllocationId;
import dev.portalloc.domain.AllocationKey;
import dev.portalloc.domain.Event;
import dev.portalloc.domain.EventType;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntPredicate;

public final class AllocatePortsService implements AllocatePortsUseCase {
    private final AllocationRepository allocations;
    private final EventLog events;
    private final HostPorts hostPorts;
    private final GroupCommitter committer;

    AllocatePortsService(AllocationRepository allocations, EventLog events, HostPorts hostPorts,
                         GroupCommitter committer) {
        this.allocations = Objects.requireNonNull(allocations);
        this.events = Objects.requireNonNull(events);
        this.hostPorts = Objects.requireNonNull(hostPorts);
        this.committer = Objects.requireNonNull(committer);
    }

    @Override
    public AllocationResult allocatePorts(AllocatePortsCommand command) {
        return committer.run(keyOf(command), work(command));
    }

    @Override
    public CompletableFuture<AllocationResult> allocatePortsAsync(AllocatePortsCommand command) {
        return committer.runAsync(keyOf(command), work(command));
    }

    private static AllocationKey keyOf(AllocatePortsCommand command) {
        return new AllocationKey(command.pool(), command.deployment(), command.service());
    }

    /**
     * The decision, run in a batch: the pool's lock, held by the batch, serialises every decision about
     * the pool across processes; its expired leases are already released.
     */
    private GroupCommitter.PoolWork<AllocationResult> work(AllocatePortsCommand command) {
        return (pool, now, existing) -> {
            if (existing.isPresent()) {
                if (!existing.get().shape().equals(command.shape())) {
                    throw new AllocationConflictException(existing.get());
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
            return new AllocationResult(allocation, true);
        };
    }
}
