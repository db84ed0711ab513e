package dev.portalloc.application.port.in;

import java.util.Objects;

/** Every inbound port, as one value to hand to an adapter. */
public record UseCases(AllocatePortsUseCase allocatePorts, ReleaseAllocationUseCase releaseAllocation,
                       ResetDeploymentUseCase resetDeployment, DefinePoolUseCase definePool,
                       DeletePoolUseCase deletePool, GetPoolUseCase getPool, ListPoolsUseCase listPools,
                       GetAllocationUseCase getAllocation, ListAllocationsUseCase listAllocations,
                       GetDeploymentUseCase getDeployment, LookUpPortUseCase lookUpPort,
                       RenewDeploymentUseCase renewDeployment, ReapExpiredAllocationsUseCase reapExpiredAllocations,
                       ListEventsUseCase listEvents) {
    public UseCases {
        Objects.requireNonNull(allocatePorts);
        Objects.requireNonNull(releaseAllocation);
        Objects.requireNonNull(resetDeployment);
        Objects.requireNonNull(definePool);
        Objects.requireNonNull(deletePool);
        Objects.requireNonNull(getPool);
        Objects.requireNonNull(listPools);
        Objects.requireNonNull(getAllocation);
        Objects.requireNonNull(listAllocations);
        Objects.requireNonNull(getDeployment);
        Objects.requireNonNull(lookUpPort);
        Objects.requireNonNull(renewDeployment);
        Objects.requireNonNull(reapExpiredAllocations);
        Objects.requireNonNull(listEvents);
    }
}
