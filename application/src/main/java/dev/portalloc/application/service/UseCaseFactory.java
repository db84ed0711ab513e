package dev.portalloc.application.service;

import dev.portalloc.application.port.in.UseCases;
import dev.portalloc.application.port.out.AllocationRepository;
import dev.portalloc.application.port.out.PoolRepository;
import dev.portalloc.application.port.out.TransactionRunner;

import java.time.Clock;

/** Builds every service over one set of outbound ports, with plain constructors. */
public final class UseCaseFactory {
    private UseCaseFactory() {
    }

    public static UseCases create(PoolRepository pools, AllocationRepository allocations,
                                  TransactionRunner transactions, Clock clock) {
        PoolQueryService poolQueries = new PoolQueryService(pools, transactions);
        AllocationQueryService allocationQueries = new AllocationQueryService(pools, allocations, transactions);
        return new UseCases(
                new AllocatePortsService(pools, allocations, transactions, clock),
                new ReleaseAllocationService(pools, allocations, transactions),
                new ResetDeploymentService(pools, allocations, transactions),
                new DefinePoolService(pools, transactions),
                new DeletePoolService(pools, transactions),
                poolQueries, poolQueries,
                allocationQueries, allocationQueries, allocationQueries, allocationQueries);
    }
}
