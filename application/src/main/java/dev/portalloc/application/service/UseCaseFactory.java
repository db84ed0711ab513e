package dev.portalloc.application.service;

import dev.portalloc.application.port.in.UseCases;
import dev.portalloc.application.port.out.AllocationRepository;
import dev.portalloc.application.port.out.EventLog;
import dev.portalloc.application.port.out.HostPorts;
import dev.portalloc.application.port.out.PoolRepository;
import dev.portalloc.application.port.out.TransactionRunner;

import java.time.Clock;
import java.util.Objects;

/**
 * Builds every service over one set of outbound ports, with plain constructors.
 *
 * @param hostPorts what this machine says about its ports, for pools with host check
 * @param clock     the time every service reads; tests pass one they control
 */
public record UseCaseFactory(PoolRepository pools, AllocationRepository allocations, EventLog events,
                             HostPorts hostPorts, TransactionRunner transactions, Clock clock) {
    public UseCaseFactory {
        Objects.requireNonNull(pools);
        Objects.requireNonNull(allocations);
        Objects.requireNonNull(events);
        Objects.requireNonNull(hostPorts);
        Objects.requireNonNull(transactions);
        Objects.requireNonNull(clock);
    }

    public UseCases create() {
        PoolQueryService poolQueries = new PoolQueryService(pools, allocations, hostPorts, transactions, clock);
        AllocationQueryService allocationQueries = new AllocationQueryService(pools, allocations, transactions, clock);
        Releaser releaser = new Releaser(allocations, events);
        GroupCommitter committer = new GroupCommitter(pools, allocations, releaser, transactions, clock);
        return new UseCases(
                new AllocatePortsService(allocations, events, hostPorts, committer),
                new ReleaseAllocationService(committer),
                new ResetDeploymentService(pools, allocations, events, transactions, clock),
                new DefinePoolService(pools, allocations, events, hostPorts, transactions, clock),
                new DeletePoolService(pools, allocations, events, transactions, clock),
                poolQueries, poolQueries,
                allocationQueries, allocationQueries, allocationQueries, allocationQueries,
                new RenewDeploymentService(pools, allocations, transactions, clock),
                new ReapExpiredAllocationsService(pools, allocations, events, transactions, clock),
                new EventQueryService(events, transactions));
    }
}
