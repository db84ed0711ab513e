package dev.portalloc.application.port.out;

import dev.portalloc.domain.Allocation;
import dev.portalloc.domain.AllocationId;
import dev.portalloc.domain.AllocationKey;
import dev.portalloc.domain.DeploymentName;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.ServiceName;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Stores {@link Allocation}s. Implementations must refuse, whatever the caller does, two allocations
 * holding the same (pool, port) and two allocations with the same (pool, deployment, service). Every
 * method must be called inside a {@link TransactionRunner} call.
 */
public interface AllocationRepository {

    Optional<Allocation> findById(AllocationId id);

    /** The allocations among {@code ids} that exist, in no particular order. */
    List<Allocation> findByIds(Collection<AllocationId> ids);

    /** The allocations among those with these keys that exist, in no particular order. */
    List<Allocation> findByKeys(Collection<AllocationKey> keys);

    /** The allocation holding this port of the pool, if any. */
    Optional<Allocation> findByPort(PoolName pool, int port);

    /** Every allocation of the deployment, in every pool, ordered by pool then id. */
    List<Allocation> findByDeployment(DeploymentName deployment);

    /** The deployment's allocations in one pool, ordered by id. */
    List<Allocation> findByPoolAndDeployment(PoolName pool, DeploymentName deployment);

    /** The pools in which the deployment holds allocations, ordered by name. */
    List<PoolName> findPoolsOfDeployment(DeploymentName deployment);

    /**
     * One page of a pool's allocations that have not expired at {@code activeAt}, ordered by id, optionally
     * narrowed to a deployment and a service, starting after {@code afterId} (exclusive) when given.
     */
    List<Allocation> findPage(PoolName pool, Optional<DeploymentName> deployment, Optional<ServiceName> service,
                              Optional<AllocationId> afterId, int limit, Instant activeAt);

    /** Up to {@code limit} of a pool's allocations expired at {@code now}, earliest expiry first. */
    List<Allocation> findExpired(PoolName pool, Instant now, int limit);

    /** Up to {@code limit} pools that hold allocations expired at {@code now}, ordered by name. */
    List<PoolName> findPoolsWithExpired(Instant now, int limit);

    /** Which of {@code pools} hold allocations expired at {@code now}, in no particular order. */
    Set<PoolName> findPoolsWithExpired(Collection<PoolName> pools, Instant now);

    /** How many ports of a pool are held by allocations expired at {@code now}. */
    int countExpiredPorts(PoolName pool, Instant now);

    /** Moves an allocation's lease end. */
    void updateExpiry(AllocationId id, Instant expiresAt);

    /**
     * Stores a new allocation; {@link DuplicateKeyException} when one of its ports is held in its pool, or
     * its (pool, deployment, service) is taken.
     */
    void add(Allocation allocation);

    void remove(AllocationId id);
}
