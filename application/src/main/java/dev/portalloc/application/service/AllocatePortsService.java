package dev.portalloc.application.service;

import dev.portalloc.application.port.in.AllocatePortsCommand;
import dev.portalloc.application.port.in.AllocatePortsUseCase;
import dev.portalloc.application.port.in.AllocationResult;
import dev.portalloc.application.port.out.AllocationRepository;
import dev.portalloc.application.port.out.PoolRepository;
import dev.portalloc.application.port.out.TransactionRunner;
import dev.portalloc.domain.Allocation;
import dev.portalloc.domain.AllocationConflictException;
import dev.portalloc.domain.AllocationId;
import dev.portalloc.domain.Pool;
import dev.portalloc.domain.PoolNotFoundException;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

public final class AllocatePortsService implements AllocatePortsUseCase {
    private final PoolRepository pools;
    private final AllocationRepository allocations;
    private final TransactionRunner transactions;
    private final Clock clock;

    public AllocatePortsService(PoolRepository pools, AllocationRepository allocations, TransactionRunner transactions,
                                Clock clock) {
        this.pools = Objects.requireNonNull(pools);
        this.allocations = Objects.requireNonNull(allocations);
        this.transactions = Objects.requireNonNull(transactions);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public AllocationResult allocatePorts(AllocatePortsCommand command) {
        return transactions.inTransaction(() -> {
            // The pool lock serialises every decision about this pool, across processes.
            Pool pool = pools.findAndLock(command.pool()).orElseThrow(() -> new PoolNotFoundException(command.pool()));
            Optional<Allocation> existing = allocations.findByKey(command.pool(), command.deployment(), command.service());
            if (existing.isPresent()) {
                if (!existing.get().shape().equals(command.shape())) {
                    throw new AllocationConflictException(existing.get());
                }
                return new AllocationResult(existing.get(), false);
            }
            List<Integer> ports = pool.allocate(command.shape());
            // Stored times have millisecond precision on every backend: use it from the start.
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            Allocation allocation = new Allocation(AllocationId.newId(now), pool.name(), command.deployment(),
                    command.service(), ports, command.shape(), now, null);
            allocations.add(allocation);
            pools.update(pool);
            return new AllocationResult(allocation, true);
        });
    }
}
