package dev.portalloc.application.service;

import dev.portalloc.application.inmemory.InMemoryStore;
import dev.portalloc.application.port.in.AllocatePortsCommand;
import dev.portalloc.application.port.in.AllocationPage;
import dev.portalloc.application.port.in.AllocationResult;
import dev.portalloc.application.port.in.DefinePoolCommand;
import dev.portalloc.application.port.in.DeletePoolCommand;
import dev.portalloc.application.port.in.ListAllocationsQuery;
import dev.portalloc.application.port.in.PoolDefinitionResult;
import dev.portalloc.application.port.in.PortStatus;
import dev.portalloc.application.port.in.ReleaseAllocationCommand;
import dev.portalloc.application.port.in.ResetDeploymentCommand;
import dev.portalloc.application.port.in.UseCases;
import dev.portalloc.domain.Allocation;
import dev.portalloc.domain.AllocationConflictException;
import dev.portalloc.domain.AllocationId;
import dev.portalloc.domain.AllocationNotFoundException;
import dev.portalloc.domain.AllocationShape;
import dev.portalloc.domain.DeploymentName;
import dev.portalloc.domain.InvalidInputException;
import dev.portalloc.domain.PoolConflictException;
import dev.portalloc.domain.PoolExhaustedException;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.PoolNotFoundException;
import dev.portalloc.domain.PortRange;
import dev.portalloc.domain.PortState;
import dev.portalloc.domain.PortUnavailableException;
import dev.portalloc.domain.ServiceName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The services over the in-memory store: the use-case rules that sit above the domain. */
final class UseCasesTest {
    private static final PoolName EDGE = PoolName.of("edge");
    private static final PoolName CORE = PoolName.of("core");
    private static final DeploymentName DEP = DeploymentName.of("dep-42");

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-27T08:00:00.123456Z"), ZoneOffset.UTC);
    private UseCases useCases;

    @BeforeEach
    void twoPools() {
        InMemoryStore store = new InMemoryStore();
        useCases = store.useCases(clock);
        define(EDGE, 10000, 10009, Set.of(10005));
        define(CORE, 20000, 20099, Set.of());
    }

    @Test
    void allocatesFromTheCursorAndStampsTheAllocation() {
        AllocationResult result = allocate(EDGE, "web", AllocationShape.dynamic(2, false));

        assertThat(result.created()).isTrue();
        Allocation allocation = result.allocation();
        assertThat(allocation.ports()).containsExactly(10000, 10001);
        assertThat(allocation.pool()).isEqualTo(EDGE);
        assertThat(allocation.deployment()).isEqualTo(DEP);
        assertThat(allocation.service()).isEqualTo(ServiceName.of("web"));
        assertThat(allocation.createdAt()).isEqualTo(Instant.parse("2026-11-27T08:00:00.123Z"));
        assertThat(allocation.expiresAt()).isNull();
        assertThat(useCases.getAllocation().getAllocation(allocation.id())).isEqualTo(allocation);
        assertThat(useCases.getPool().getPool(EDGE).allocated()).isEqualTo(2);
    }

    @Test
    void repeatingTheSameRequestReturnsTheSameAllocation() {
        Allocation first = allocate(EDGE, "web", AllocationShape.dynamic(2, false)).allocation();

        AllocationResult again = allocate(EDGE, "web", AllocationShape.dynamic(2, false));

        assertThat(again.created()).isFalse();
        assertThat(again.allocation()).isEqualTo(first);
        assertThat(useCases.getPool().getPool(EDGE).allocated()).isEqualTo(2);
    }

    @Test
    void theSameKeyWithAnotherShapeIsAConflict() {
        Allocation first = allocate(EDGE, "web", AllocationShape.dynamic(2, false)).allocation();

        for (AllocationShape other : List.of(AllocationShape.dynamic(3, false), AllocationShape.dynamic(2, true),
                AllocationShape.specific(List.of(10000, 10001)))) {
            assertThatThrownBy(() -> allocate(EDGE, "web", other))
                    .isInstanceOfSatisfying(AllocationConflictException.class,
                            e -> assertThat(e.existing()).isEqualTo(first));
        }
        assertThat(useCases.getPool().getPool(EDGE).allocated()).isEqualTo(2);
    }

    @Test
    void theSameServiceInAnotherPoolOrDeploymentIsIndependent() {
        allocate(EDGE, "web", AllocationShape.dynamic(1, false));
        AllocationResult core = allocate(CORE, "web", AllocationShape.dynamic(1, false));
        AllocationResult otherDeployment = useCases.allocatePorts().allocatePorts(new AllocatePortsCommand(EDGE,
                DeploymentName.of("dep-43"), ServiceName.of("web"), AllocationShape.dynamic(1, false)));

        assertThat(core.created()).isTrue();
        assertThat(otherDeployment.allocation().ports()).containsExactly(10001);
    }

    @Test
    void aFailedRequestChangesNothing() {
        allocate(EDGE, "a", AllocationShape.dynamic(3, false));
        int before = useCases.getPool().getPool(EDGE).allocated();

        assertThatThrownBy(() -> allocate(EDGE, "b", AllocationShape.dynamic(7, false)))
                .isInstanceOf(PoolExhaustedException.class);
        assertThatThrownBy(() -> allocate(EDGE, "c", AllocationShape.specific(List.of(10008, 10001))))
                .isInstanceOfSatisfying(PortUnavailableException.class, e -> assertThat(e.ports()).containsExactly(10001));
        assertThatThrownBy(() -> allocate(EDGE, "d", AllocationShape.specific(List.of(10005))))
                .isInstanceOf(PortUnavailableException.class);
        assertThatThrownBy(() -> allocate(EDGE, "e", AllocationShape.specific(List.of(10010))))
                .isInstanceOf(InvalidInputException.class);

        assertThat(useCases.getPool().getPool(EDGE).allocated()).isEqualTo(before);
        assertThat(useCases.lookUpPort().lookUpPort(EDGE, 10008).state()).isEqualTo(PortState.FREE);
        // The cursor did not move either: the next dynamic port follows the first request's.
        assertThat(allocate(EDGE, "f", AllocationShape.dynamic(1, false)).allocation().ports()).containsExactly(10003);
    }

    @Test
    void anUnknownPoolIsNotFound() {
        assertThatThrownBy(() -> allocate(PoolName.of("nope"), "web", AllocationShape.dynamic(1, false)))
                .isInstanceOf(PoolNotFoundException.class);
        assertThatThrownBy(() -> useCases.getPool().getPool(PoolName.of("nope"))).isInstanceOf(PoolNotFoundException.class);
        assertThatThrownBy(() -> useCases.lookUpPort().lookUpPort(PoolName.of("nope"), 1))
                .isInstanceOf(PoolNotFoundException.class);
        assertThatThrownBy(() -> useCases.deletePool().deletePool(new DeletePoolCommand(PoolName.of("nope"))))
                .isInstanceOf(PoolNotFoundException.class);
    }

    @Test
    void releasingFreesThePortsButTheCursorMovesOn() {
        Allocation allocation = allocate(EDGE, "web", AllocationShape.dynamic(1, false)).allocation();

        useCases.releaseAllocation().releaseAllocation(new ReleaseAllocationCommand(allocation.id()));

        assertThat(useCases.getPool().getPool(EDGE).allocated()).isZero();
        assertThatThrownBy(() -> useCases.getAllocation().getAllocation(allocation.id()))
                .isInstanceOf(AllocationNotFoundException.class);
        assertThatThrownBy(() -> useCases.releaseAllocation().releaseAllocation(new ReleaseAllocationCommand(allocation.id())))
                .isInstanceOf(AllocationNotFoundException.class);
        // The key is free again, and the just-released port is not handed out straight away.
        assertThat(allocate(EDGE, "web", AllocationShape.dynamic(1, false)).allocation().ports()).containsExactly(10001);
    }

    @Test
    void resettingADeploymentReleasesEverythingItHoldsInEveryPool() {
        allocate(EDGE, "web", AllocationShape.dynamic(2, false));
        allocate(EDGE, "db", AllocationShape.specific(List.of(10009)));
        allocate(CORE, "web", AllocationShape.dynamic(4, true));
        Allocation kept = useCases.allocatePorts().allocatePorts(new AllocatePortsCommand(EDGE,
                DeploymentName.of("other"), ServiceName.of("web"), AllocationShape.dynamic(1, false))).allocation();

        int released = useCases.resetDeployment().resetDeployment(new ResetDeploymentCommand(DEP));

        assertThat(released).isEqualTo(7);
        assertThat(useCases.getDeployment().getDeployment(DEP)).isEmpty();
        assertThat(useCases.getPool().getPool(EDGE).allocated()).isEqualTo(1);
        assertThat(useCases.getPool().getPool(CORE).allocated()).isZero();
        assertThat(useCases.getAllocation().getAllocation(kept.id())).isEqualTo(kept);
        assertThat(useCases.resetDeployment().resetDeployment(new ResetDeploymentCommand(DEP))).isZero();
    }

    @Test
    void aDeploymentListsItsAllocationsByPoolThenCreation() {
        Allocation edge = allocate(EDGE, "web", AllocationShape.dynamic(1, false)).allocation();
        Allocation core = allocate(CORE, "web", AllocationShape.dynamic(1, false)).allocation();

        assertThat(useCases.getDeployment().getDeployment(DEP)).containsExactly(core, edge);
        assertThat(useCases.getDeployment().getDeployment(DeploymentName.of("nobody"))).isEmpty();
    }

    @Test
    void aPortLookupSaysWhoHoldsIt() {
        Allocation allocation = allocate(EDGE, "web", AllocationShape.dynamic(1, false)).allocation();

        PortStatus held = useCases.lookUpPort().lookUpPort(EDGE, 10000);
        assertThat(held.state()).isEqualTo(PortState.ALLOCATED);
        assertThat(held.allocation()).contains(allocation);
        assertThat(useCases.lookUpPort().lookUpPort(EDGE, 10005).state()).isEqualTo(PortState.RESERVED);
        PortStatus free = useCases.lookUpPort().lookUpPort(EDGE, 10001);
        assertThat(free.state()).isEqualTo(PortState.FREE);
        assertThat(free.allocation()).isEmpty();
        assertThatThrownBy(() -> useCases.lookUpPort().lookUpPort(EDGE, 9999)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void listsAPoolsAllocationsPageByPage() {
        List<Allocation> made = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            made.add(allocate(CORE, "svc-" + i, AllocationShape.dynamic(1, false)).allocation());
        }
        List<Allocation> seen = new ArrayList<>();
        Optional<AllocationId> after = Optional.empty();
        int pages = 0;
        do {
            AllocationPage page = useCases.listAllocations().listAllocations(
                    new ListAllocationsQuery(CORE, Optional.empty(), Optional.empty(), after, 2));
            seen.addAll(page.allocations());
            after = page.next();
            pages++;
        } while (after.isPresent());

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(made);
        assertThatThrownBy(() -> useCases.listAllocations().listAllocations(new ListAllocationsQuery(
                PoolName.of("nope"), Optional.empty(), Optional.empty(), Optional.empty(), 10)))
                .isInstanceOf(PoolNotFoundException.class);
    }

    @Test
    void definingAPoolCreatesItThenChangesIt() {
        PoolDefinitionResult created = define(PoolName.of("new"), 30000, 30009, Set.of(30001, 40000));
        assertThat(created.created()).isTrue();
        assertThat(created.pool().capacity()).isEqualTo(9);
        assertThat(created.pool().available()).isEqualTo(9);

        PoolDefinitionResult unchanged = define(PoolName.of("new"), 30000, 30009, Set.of(30001, 40000));
        assertThat(unchanged.created()).isFalse();

        PoolDefinitionResult changed = define(PoolName.of("new"), 30000, 30019, Set.of());
        assertThat(changed.created()).isFalse();
        assertThat(changed.pool().range()).isEqualTo(PortRange.of(30000, 30019));
        assertThat(changed.pool().capacity()).isEqualTo(20);
        assertThat(useCases.listPools().listPools()).extracting(p -> p.name().value()).containsExactly("core", "edge", "new");
    }

    @Test
    void definingIfAbsentNeverChangesAnExistingPool() {
        PoolDefinitionResult result = useCases.definePool().definePoolIfAbsent(
                new DefinePoolCommand(EDGE, PortRange.of(1, 2), Set.of()));

        assertThat(result.created()).isFalse();
        assertThat(useCases.getPool().getPool(EDGE).range()).isEqualTo(PortRange.of(10000, 10009));
    }

    @Test
    void aRangeChangeThatWouldStrandAnAllocationIsRefused() {
        allocate(EDGE, "web", AllocationShape.specific(List.of(10008)));

        assertThatThrownBy(() -> define(EDGE, 10000, 10007, Set.of(10005)))
                .isInstanceOfSatisfying(PoolConflictException.class, e -> assertThat(e.ports()).containsExactly(10008));
        assertThatThrownBy(() -> define(EDGE, 10000, 10009, Set.of(10005, 10008)))
                .isInstanceOf(PoolConflictException.class);
        assertThat(useCases.getPool().getPool(EDGE).range()).isEqualTo(PortRange.of(10000, 10009));
    }

    @Test
    void aPoolWithAllocationsCannotBeDeletedUntilReleased() {
        allocate(EDGE, "web", AllocationShape.dynamic(1, false));

        assertThatThrownBy(() -> useCases.deletePool().deletePool(new DeletePoolCommand(EDGE)))
                .isInstanceOf(PoolConflictException.class);

        useCases.resetDeployment().resetDeployment(new ResetDeploymentCommand(DEP));
        useCases.deletePool().deletePool(new DeletePoolCommand(EDGE));
        assertThatThrownBy(() -> useCases.getPool().getPool(EDGE)).isInstanceOf(PoolNotFoundException.class);
    }

    private AllocationResult allocate(PoolName pool, String service, AllocationShape shape) {
        return useCases.allocatePorts().allocatePorts(new AllocatePortsCommand(pool, DEP, ServiceName.of(service), shape));
    }

    private PoolDefinitionResult define(PoolName pool, int min, int max, Set<Integer> reserved) {
        return useCases.definePool().definePool(new DefinePoolCommand(pool, PortRange.of(min, max), reserved));
    }
}
