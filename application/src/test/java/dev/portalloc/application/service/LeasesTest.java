package dev.portalloc.application.service;

import dev.portalloc.application.inmemory.InMemoryStore;
import dev.portalloc.application.inmemory.ManualClock;
import dev.portalloc.application.port.in.AllocatePortsCommand;
import dev.portalloc.application.port.in.AllocationResult;
import dev.portalloc.application.port.in.DefinePoolCommand;
import dev.portalloc.application.port.in.DeletePoolCommand;
import dev.portalloc.application.port.in.ListAllocationsQuery;
import dev.portalloc.application.port.in.ListEventsQuery;
import dev.portalloc.application.port.in.ReleaseAllocationCommand;
import dev.portalloc.application.port.in.RenewDeploymentCommand;
import dev.portalloc.application.port.in.RenewalResult;
import dev.portalloc.application.port.in.ResetDeploymentCommand;
import dev.portalloc.application.port.in.UseCases;
import dev.portalloc.domain.Allocation;
import dev.portalloc.domain.AllocationNotFoundException;
import dev.portalloc.domain.AllocationShape;
import dev.portalloc.domain.DeploymentName;
import dev.portalloc.domain.Event;
import dev.portalloc.domain.EventType;
import dev.portalloc.domain.Lease;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.PortRange;
import dev.portalloc.domain.PortState;
import dev.portalloc.domain.ServiceName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Leases at the use-case level, with time under the test's control. */
final class LeasesTest {
    private static final PoolName POOL = PoolName.of("edge");
    private static final DeploymentName DEP = DeploymentName.of("dep-42");
    private static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");

    private final ManualClock clock = new ManualClock(T0);
    private UseCases useCases;

    @BeforeEach
    void smallPool() {
        useCases = new InMemoryStore().useCases(clock);
        useCases.definePool().definePool(new DefinePoolCommand(POOL, PortRange.of(100, 103), Set.of()));
    }

    @Test
    void aLeasedAllocationCarriesItsEnd() {
        Allocation allocation = allocate("web", 2, 60).allocation();

        assertThat(allocation.expiresAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(allocate("forever", 1, 0).allocation().expiresAt()).isNull();
    }

    @Test
    void anExpiredAllocationIsInvisibleAtTheInstantItExpires() {
        Allocation allocation = allocate("web", 2, 60).allocation();
        clock.advance(Duration.ofSeconds(60).minusMillis(1));
        assertThat(useCases.getAllocation().getAllocation(allocation.id())).isEqualTo(allocation);

        clock.advance(Duration.ofMillis(1));

        assertThatThrownBy(() -> useCases.getAllocation().getAllocation(allocation.id()))
                .isInstanceOf(AllocationNotFoundException.class);
        assertThat(useCases.getDeployment().getDeployment(DEP)).isEmpty();
        assertThat(useCases.listAllocations().listAllocations(new ListAllocationsQuery(POOL, Optional.empty(),
                Optional.empty(), Optional.empty(), 10)).allocations()).isEmpty();
        assertThat(useCases.lookUpPort().lookUpPort(POOL, 100).state()).isEqualTo(PortState.FREE);
        assertThat(useCases.lookUpPort().lookUpPort(POOL, 100).allocation()).isEmpty();
        assertThat(useCases.getPool().getPool(POOL).allocated()).isZero();
        assertThat(useCases.getPool().getPool(POOL).available()).isEqualTo(4);
        assertThatThrownBy(() -> useCases.releaseAllocation().releaseAllocation(new ReleaseAllocationCommand(allocation.id())))
                .isInstanceOf(AllocationNotFoundException.class);
    }

    @Test
    void expiredPortsAreAllocatableAtOnceAndTheRequestRecordsTheExpiry() {
        Allocation old = allocate("web", 4, 10).allocation();
        clock.advance(Duration.ofSeconds(10));

        AllocationResult again = allocate("web", 4, 0);

        assertThat(again.created()).as("the expired allocation no longer holds the key").isTrue();
        assertThat(again.allocation().id()).isNotEqualTo(old.id());
        assertThat(again.allocation().ports()).containsExactly(100, 101, 102, 103);
        assertThat(events()).extracting(Event::type, Event::allocationId).containsSubsequence(
                org.assertj.core.groups.Tuple.tuple(EventType.EXPIRED, old.id()),
                org.assertj.core.groups.Tuple.tuple(EventType.ALLOCATED, again.allocation().id()));
    }

    @Test
    void renewingMovesEveryLeaseOfTheDeploymentAndLeavesOthersAlone() {
        Allocation leased = allocate("web", 1, 60).allocation();
        allocate("forever", 1, 0);
        Allocation otherDeployment = useCases.allocatePorts().allocatePorts(new AllocatePortsCommand(POOL,
                DeploymentName.of("other"), ServiceName.of("web"), AllocationShape.dynamic(1, false),
                Optional.of(Lease.ofSeconds(60)))).allocation();
        clock.advance(Duration.ofSeconds(50));

        RenewalResult result = useCases.renewDeployment().renewDeployment(
                new RenewDeploymentCommand(DEP, Lease.ofSeconds(3600)));

        assertThat(result.renewed()).isEqualTo(1);
        assertThat(result.expiresAt()).isEqualTo(T0.plusSeconds(50 + 3600));
        assertThat(useCases.getAllocation().getAllocation(leased.id()).expiresAt()).isEqualTo(result.expiresAt());
        clock.advance(Duration.ofSeconds(10));
        assertThat(useCases.getAllocation().getAllocation(leased.id())).isNotNull()
                .as("still held after its first lease would have ended").extracting(Allocation::expiresAt)
                .isEqualTo(result.expiresAt());
        assertThatThrownBy(() -> useCases.getAllocation().getAllocation(otherDeployment.id()))
                .isInstanceOf(AllocationNotFoundException.class);
    }

    @Test
    void anExpiredLeaseCannotBeRenewed() {
        allocate("web", 1, 60);
        clock.advance(Duration.ofSeconds(60));

        assertThat(useCases.renewDeployment().renewDeployment(
                new RenewDeploymentCommand(DEP, Lease.ofSeconds(60))).renewed()).isZero();
    }

    @Test
    void theReaperReleasesExpiredAllocationsOnceEachInBatches() {
        for (int i = 0; i < 4; i++) {
            allocate("svc-" + i, 1, 10 + i);
        }
        clock.advance(Duration.ofSeconds(12));

        assertThat(useCases.reapExpiredAllocations().reapExpiredAllocations(2)).isEqualTo(2);
        assertThat(useCases.reapExpiredAllocations().reapExpiredAllocations(2)).isEqualTo(1);
        assertThat(useCases.reapExpiredAllocations().reapExpiredAllocations(2)).isZero();

        assertThat(events().stream().filter(e -> e.type() == EventType.EXPIRED)).hasSize(3);
        assertThat(useCases.getPool().getPool(POOL).allocated()).isEqualTo(1);
    }

    @Test
    void aResetCountsOnlyPortsThatHadNotExpired() {
        allocate("short", 1, 10);
        allocate("long", 2, 100);
        clock.advance(Duration.ofSeconds(10));

        assertThat(useCases.resetDeployment().resetDeployment(new ResetDeploymentCommand(DEP))).isEqualTo(2);
        List<Event> events = events();
        assertThat(events.subList(events.size() - 2, events.size())).extracting(Event::type, Event::service)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(EventType.EXPIRED, ServiceName.of("short")),
                        org.assertj.core.groups.Tuple.tuple(EventType.RELEASED, ServiceName.of("long")));
    }

    @Test
    void aPoolWhoseAllocationsHaveAllExpiredCanBeDeleted() {
        allocate("web", 1, 10);
        clock.advance(Duration.ofSeconds(10));

        useCases.deletePool().deletePool(new DeletePoolCommand(POOL));

        assertThat(events()).extracting(Event::type).endsWith(EventType.EXPIRED, EventType.POOL_DELETED);
    }

    @Test
    void aLeaseIsNotPartOfTheRequestsIdentity() {
        Allocation first = allocate("web", 1, 60).allocation();

        AllocationResult repeat = allocate("web", 1, 7200);

        assertThat(repeat.created()).isFalse();
        assertThat(repeat.allocation()).isEqualTo(first);
    }

    private AllocationResult allocate(String service, int count, int ttlSeconds) {
        return useCases.allocatePorts().allocatePorts(new AllocatePortsCommand(POOL, DEP, ServiceName.of(service),
                AllocationShape.dynamic(count, false),
                ttlSeconds == 0 ? Optional.empty() : Optional.of(Lease.ofSeconds(ttlSeconds))));
    }

    private List<Event> events() {
        return useCases.listEvents().listEvents(new ListEventsQuery(0, 1000, Optional.empty(), Optional.empty())).events();
    }
}
