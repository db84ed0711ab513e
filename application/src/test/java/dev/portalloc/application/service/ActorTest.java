package dev.portalloc.application.service;

import dev.portalloc.application.inmemory.InMemoryStore;
import dev.portalloc.application.inmemory.ManualClock;
import dev.portalloc.application.port.in.Actor;
import dev.portalloc.application.port.in.AllocatePortsCommand;
import dev.portalloc.application.port.in.DefinePoolCommand;
import dev.portalloc.application.port.in.DeletePoolCommand;
import dev.portalloc.application.port.in.ListEventsQuery;
import dev.portalloc.application.port.in.ReleaseAllocationCommand;
import dev.portalloc.application.port.in.RenewDeploymentCommand;
import dev.portalloc.application.port.in.ResetDeploymentCommand;
import dev.portalloc.application.port.in.UseCases;
import dev.portalloc.domain.Allocation;
import dev.portalloc.domain.AllocationShape;
import dev.portalloc.domain.DeploymentName;
import dev.portalloc.domain.Event;
import dev.portalloc.domain.EventType;
import dev.portalloc.domain.InvalidInputException;
import dev.portalloc.domain.Lease;
import dev.portalloc.domain.PoolConflictException;
import dev.portalloc.domain.PoolExhaustedException;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.PortRange;
import dev.portalloc.domain.ServiceName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

/** The actor a command names is the actor of every event it causes, and only of those. */
final class ActorTest {
    private static final PoolName EDGE = PoolName.of("edge");
    private static final DeploymentName DEP = DeploymentName.of("dep-42");
    private static final Optional<Actor> DEPLOYER = Optional.of(Actor.of("deployer"));
    private static final Optional<Actor> OPERATOR = Optional.of(Actor.of("ops.team-1"));

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-27T08:00:00Z"));
    private final UseCases useCases = new InMemoryStore().useCases(clock);

    @Test
    void everyMutatingCommandRecordsItsActor() {
        useCases.definePool().definePool(new DefinePoolCommand(EDGE, PortRange.of(100, 109), Set.of(), false, OPERATOR));
        useCases.definePool().definePool(new DefinePoolCommand(EDGE, PortRange.of(100, 119), Set.of(), false, OPERATOR));
        Allocation web = allocate("web", DEPLOYER, Optional.empty());
        allocate("db", DEPLOYER, Optional.empty());
        useCases.releaseAllocation().releaseAllocation(new ReleaseAllocationCommand(web.id(), OPERATOR));
        useCases.resetDeployment().resetDeployment(new ResetDeploymentCommand(DEP, DEPLOYER));
        useCases.deletePool().deletePool(new DeletePoolCommand(EDGE, OPERATOR));

        assertThat(events()).extracting(Event::type, Event::actor).containsExactly(
                tuple(EventType.POOL_CREATED, "ops.team-1"),
                tuple(EventType.POOL_CHANGED, "ops.team-1"),
                tuple(EventType.ALLOCATED, "deployer"),
                tuple(EventType.ALLOCATED, "deployer"),
                tuple(EventType.RELEASED, "ops.team-1"),
                tuple(EventType.RELEASED, "deployer"),
                tuple(EventType.POOL_DELETED, "ops.team-1"));
    }

    @Test
    void theShortConstructorsActOnNobodysBehalf() {
        useCases.definePool().definePool(new DefinePoolCommand(EDGE, PortRange.of(100, 109), Set.of()));
        useCases.definePool().definePool(new DefinePoolCommand(EDGE, PortRange.of(100, 119), Set.of(), true));
        Allocation web = useCases.allocatePorts().allocatePorts(new AllocatePortsCommand(EDGE, DEP,
                ServiceName.of("web"), AllocationShape.dynamic(1, false))).allocation();
        useCases.allocatePorts().allocatePorts(new AllocatePortsCommand(EDGE, DEP, ServiceName.of("db"),
                AllocationShape.dynamic(1, false), Optional.of(Lease.ofSeconds(60))));
        useCases.releaseAllocation().releaseAllocation(new ReleaseAllocationCommand(web.id()));
        useCases.resetDeployment().resetDeployment(new ResetDeploymentCommand(DEP));
        useCases.deletePool().deletePool(new DeletePoolCommand(EDGE));

        assertThat(events()).hasSize(7).extracting(Event::actor).containsOnlyNulls();
    }

    @Test
    void anExpiryIsNobodysDoingEvenWhenAnActorsRequestSweepsItUp() {
        useCases.definePool().definePool(new DefinePoolCommand(EDGE, PortRange.of(100, 101), Set.of()));
        allocate("lease", Optional.empty(), Optional.of(Lease.ofSeconds(10)));
        allocate("kept", DEPLOYER, Optional.empty());
        clock.advance(Duration.ofSeconds(11));

        // The pool is full but for the expired lease, which this request reclaims before allocating.
        allocate("next", DEPLOYER, Optional.empty());
        useCases.resetDeployment().resetDeployment(new ResetDeploymentCommand(DEP, OPERATOR));

        assertThat(events()).extracting(Event::type, Event::service, Event::actor).containsExactly(
                tuple(EventType.POOL_CREATED, null, null),
                tuple(EventType.ALLOCATED, ServiceName.of("lease"), null),
                tuple(EventType.ALLOCATED, ServiceName.of("kept"), "deployer"),
                tuple(EventType.EXPIRED, ServiceName.of("lease"), null),
                tuple(EventType.ALLOCATED, ServiceName.of("next"), "deployer"),
                tuple(EventType.RELEASED, ServiceName.of("kept"), "ops.team-1"),
                tuple(EventType.RELEASED, ServiceName.of("next"), "ops.team-1"));
    }

    @Test
    void aLeaseThatRunsOutInsideAResetIsRecordedAsExpiredWithoutTheActor() {
        useCases.definePool().definePool(new DefinePoolCommand(EDGE, PortRange.of(100, 109), Set.of()));
        allocate("lease", DEPLOYER, Optional.of(Lease.ofSeconds(10)));
        clock.advance(Duration.ofSeconds(11));

        useCases.resetDeployment().resetDeployment(new ResetDeploymentCommand(DEP, OPERATOR));

        assertThat(events()).extracting(Event::type, Event::actor).containsExactly(
                tuple(EventType.POOL_CREATED, null),
                tuple(EventType.ALLOCATED, "deployer"),
                tuple(EventType.EXPIRED, null));
    }

    @Test
    void refusedAndIdempotentCommandsRecordNothingForTheirActor() {
        useCases.definePool().definePool(new DefinePoolCommand(EDGE, PortRange.of(100, 101), Set.of(), false, OPERATOR));
        allocate("web", DEPLOYER, Optional.empty());
        int before = events().size();

        allocate("web", OPERATOR, Optional.empty());
        useCases.definePool().definePool(new DefinePoolCommand(EDGE, PortRange.of(100, 101), Set.of(), false, DEPLOYER));
        assertThatThrownBy(() -> allocate("big", DEPLOYER, Optional.empty(), 5)).isInstanceOf(PoolExhaustedException.class);
        assertThatThrownBy(() -> useCases.deletePool().deletePool(new DeletePoolCommand(EDGE, OPERATOR)))
                .isInstanceOf(PoolConflictException.class);
        useCases.renewDeployment().renewDeployment(new RenewDeploymentCommand(DEP, Lease.ofSeconds(60)));

        assertThat(events()).hasSize(before);
    }

    @Test
    void anActorsNameFollowsTheRuleAndIsNotEchoed() {
        assertThat(Actor.of("a").name()).isEqualTo("a");
        assertThat(Actor.of("A" + "b".repeat(63)).toString()).hasSize(64);
        for (String bad : new String[] {null, "", "-x", ".x", "a b", "a:b", "a/b", "é", "x".repeat(65), "a\nb"}) {
            assertThatThrownBy(() -> Actor.of(bad)).as(String.valueOf(bad)).isInstanceOf(InvalidInputException.class)
                    .satisfies(e -> {
                        assertThat(((InvalidInputException) e).field()).isEqualTo("actor");
                        if (bad != null && !bad.isEmpty()) {
                            assertThat(e.getMessage()).doesNotContain(bad);
                        }
                    });
        }
    }

    @Test
    void commandsRequireAnActorOptionalNotNull() {
        assertThatThrownBy(() -> new DeletePoolCommand(EDGE, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ResetDeploymentCommand(DEP, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new DefinePoolCommand(EDGE, PortRange.of(1, 2), Set.of(), false, null))
                .isInstanceOf(NullPointerException.class);
    }

    private Allocation allocate(String service, Optional<Actor> actor, Optional<Lease> lease) {
        return allocate(service, actor, lease, 1);
    }

    private Allocation allocate(String service, Optional<Actor> actor, Optional<Lease> lease, int count) {
        return useCases.allocatePorts().allocatePorts(new AllocatePortsCommand(EDGE, DEP, ServiceName.of(service),
                AllocationShape.dynamic(count, false), lease, actor)).allocation();
    }

    private List<Event> events() {
        return useCases.listEvents().listEvents(new ListEventsQuery(0, 1000, Optional.empty(), Optional.empty())).events();
    }
}
