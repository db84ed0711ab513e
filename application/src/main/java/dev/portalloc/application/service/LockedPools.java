package dev.portalloc.application.service;

import dev.portalloc.application.port.out.AllocationRepository;
import dev.portalloc.application.port.out.PoolRepository;
import dev.portalloc.domain.DeploymentName;
import dev.portalloc.domain.Pool;
import dev.portalloc.domain.PoolName;

import java.util.ArrayList;
import java.util.List;

/** Locks several pools for one transaction, always in name order. */
final class LockedPools {
    private LockedPools() {
    }

    /**
     * Locks every pool the deployment holds allocations in. Name order means two transactions locking
     * several pools can never wait on each other in a cycle.
     */
    static List<Pool> ofDeployment(PoolRepository pools, AllocationRepository allocations, DeploymentName deployment) {
        List<Pool> locked = new ArrayList<>();
        for (PoolName name : allocations.findPoolsOfDeployment(deployment).stream().sorted().toList()) {
            pools.findAndLock(name).ifPresent(locked::add);
        }
        return locked;
    }
}
