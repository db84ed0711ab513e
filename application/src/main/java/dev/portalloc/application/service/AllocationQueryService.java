package dev.portalloc.application.service;

import dev.portalloc.application.port.in.AllocationPage;
import dev.portalloc.application.port.in.GetAllocationUseCase;
import dev.portalloc.application.port.in.GetDeploymentUseCase;
import dev.portalloc.application.port.in.ListAllocationsQuery;
import dev.portalloc.application.port.in.ListAllocationsUseCase;
import dev.portalloc.application.port.in.LookUpPortUseCase;
import dev.portalloc.application.port.in.PortStatus;
import dev.portalloc.application.port.out.AllocationRepository;
import dev.portalloc.application.port.out.PoolRepository;
import dev.portalloc.application.port.out.TransactionRunner;
import dev.portalloc.domain.Allocation;
import dev.portalloc.domain.AllocationId;
import dev.portalloc.domain.AllocationNotFoundException;
import dev.portalloc.domain.DeploymentName;
import dev.portalloc.domain.Pool;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.PoolNotFoundException;
import dev.portalloc.domain.PortState;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Reads allocations: by id, by pool (paged), by deployment and by port. An expired allocation is gone
 * for every reader at once, whether or not a reaper has released it yet.
 */
public final class AllocationQueryService
        implements GetAllocationUseCase, ListAllocationsUseCase, GetDeploymentUseCase, LookUpPortUseCase {
    private final PoolRepository pools;
    private final AllocationRepository allocations;
    private final TransactionRunner transactions;
    private final Clock clock;

    public AllocationQueryService(PoolRepository pools, AllocationRepository allocations,
                                  TransactionRunner transactions, Clock clock) {
        this.pools = Objects.requireNonNull(pools);
        this.allocations = Objects.requireNonNull(allocations);
        this.transactions = Objects.requireNonNull(transactions);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public Allocation getAllocation(AllocationId id) {
        return transactions.readOnly(() -> allocations.findById(id).filter(active(Times.now(clock)))
                .orElseThrow(() -> new AllocationNotFoundException(id.value())));
    }

    @Override
    public AllocationPage listAllocations(ListAllocationsQuery query) {
        return transactions.readOnly(() -> {
            requirePool(query.pool());
            // One more than asked tells whether another page follows.
            List<Allocation> rows = allocations.findPage(query.pool(), query.deployment(), query.service(),
                    query.after(), query.limit() + 1, Times.now(clock));
            if (rows.size() <= query.limit()) {
                return new AllocationPage(rows, Optional.empty());
            }
            List<Allocation> page = rows.subList(0, query.limit());
            return new AllocationPage(page, Optional.of(page.get(page.size() - 1).id()));
        });
    }

    @Override
    public List<Allocation> getDeployment(DeploymentName deployment) {
        return transactions.readOnly(() -> allocations.findByDeployment(deployment).stream()
                .filter(active(Times.now(clock))).toList());
    }

    @Override
    public PortStatus lookUpPort(PoolName poolName, int port) {
        return transactions.readOnly(() -> {
            Pool pool = requirePool(poolName);
            PortState state = pool.stateOf(port);
            if (state != PortState.ALLOCATED) {
                return new PortStatus(poolName, port, state, Optional.empty());
            }
            Optional<Allocation> holder = allocations.findByPort(poolName, port).filter(active(Times.now(clock)));
            return new PortStatus(poolName, port, holder.isPresent() ? PortState.ALLOCATED : PortState.FREE, holder);
        });
    }

    private static Predicate<Allocation> active(Instant now) {
        return allocation -> !allocation.isExpiredAt(now);
    }

    private Pool requirePool(PoolName name) {
        return pools.find(name).orElseThrow(() -> new PoolNotFoundException(name));
    }
}
