package dev.portalloc.embedded;

import dev.portalloc.application.port.in.AllocatePortsCommand;
import dev.portalloc.application.port.in.RenewDeploymentCommand;
import dev.portalloc.application.port.in.ResetDeploymentCommand;
import dev.portalloc.application.port.in.UseCases;
import dev.portalloc.domain.Allocation;
import dev.portalloc.domain.AllocationShape;
import dev.portalloc.domain.DeploymentName;
import dev.portalloc.domain.Lease;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.ServiceName;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One deployment's ports in one pool, in the shape of the original allocator: {@code allocate},
 * {@code allocateN}, {@code reset}. Every call is a use case over the persistent store, so the rules
 * are the same as over HTTP: allocations are idempotent per service (asking again for the same service
 * with the same count returns the same ports; another count is an
 * {@link dev.portalloc.domain.AllocationConflictException}), all or nothing, and survive restarts.
 * Holds no state of its own; safe to share between threads.
 */
public final class DeploymentSession {
    private final UseCases useCases;
    private final DeploymentName deployment;
    private final PoolName pool;

    DeploymentSession(UseCases useCases, DeploymentName deployment, PoolName pool) {
        this.useCases = Objects.requireNonNull(useCases);
        this.deployment = Objects.requireNonNull(deployment);
        this.pool = Objects.requireNonNull(pool);
    }

    public String deployment() {
        return deployment.value();
    }

    public String pool() {
        return pool.value();
    }

    /** One port for the service. */
    public int allocate(String service) {
        return allocateN(service, 1).get(0);
    }

    /** {@code count} ports for the service, ascending. */
    public List<Integer> allocateN(String service, int count) {
        return allocate(service, AllocationShape.dynamic(count, false)).ports();
    }

    /** Any allocation shape: contiguous runs or specific ports. */
    public Allocation allocate(String service, AllocationShape shape) {
        return useCases.allocatePorts().allocatePorts(
                new AllocatePortsCommand(pool, deployment, ServiceName.of(service), shape)).allocation();
    }

    /**
     * An allocation that expires {@code ttl} from now unless the deployment renews it: if the platform's
     * agent dies, the ports come back without anyone calling {@link #reset()}.
     */
    public Allocation allocate(String service, AllocationShape shape, Duration ttl) {
        return useCases.allocatePorts().allocatePorts(new AllocatePortsCommand(pool, deployment,
                ServiceName.of(service), shape, Optional.of(new Lease(ttl)))).allocation();
    }

    /**
     * Extends every lease the deployment holds, in every pool, to end {@code ttl} from now.
     *
     * @return how many allocations were renewed
     */
    public int renew(Duration ttl) {
        return useCases.renewDeployment().renewDeployment(new RenewDeploymentCommand(deployment, new Lease(ttl)))
                .renewed();
    }

    /**
     * Releases everything the deployment holds, in this pool and every other, in one transaction.
     *
     * @return how many ports were released
     */
    public int reset() {
        return useCases.resetDeployment().resetDeployment(new ResetDeploymentCommand(deployment));
    }
}
