package dev.portalloc.application.service;

import dev.portalloc.application.inmemory.InMemoryStore;
import dev.portalloc.application.inmemory.ManualClock;
import dev.portalloc.application.port.in.AllocatePortsCommand;
import dev.portalloc.application.port.in.DefinePoolCommand;
import dev.portalloc.application.port.in.DeletePoolCommand;
import dev.portalloc.application.port.in.EventPage;
import dev.portalloc.application.port.in.ListEventsQuery;
import dev.portalloc.application.port.in.ReleaseAllocationCommand;
import dev.portalloc.application.port.in.ResetDeploymentCommand;
import dev.portalloc.application.port.in.UseCases;
import dev.portalloc.domain.Allocation;
import dev.portalloc.domain.AllocationShape;
import dev.portalloc.domain.DeploymentName;
import dev.portalloc.domain.Event;
import dev.portalloc.domain.EventType;
import dev.portalloc.domain.PoolExhaustedException;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.PortRange;
import dev.portalloc.domain.ServiceName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

/** Every change records an event in its own transaction; refusals record nothing. */
final class EventsTest {
    private static final PoolName EDGE = PoolName.of("edge");
    private static final PoolName CORE = PoolName.of("core");
    private static final DeploymentName DEP = DeploymentName.of("dep-42");

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-27T08:00:00Z"));
    private final UseCases useCases = new InMemoryStore().useCases(clock);

    @Test
    void theHistoryTellsWhoHeldWhatAndWhen() {
        useCases.definePool().definePool(new DefinePoolCommand(EDGE, PortRange.of(100, 101), Set.of()));
        useCases.definePool().definePool(new DefinePoolCommand(EDGE, PortRange.of(100, 101), Set.of()));
        useCases.definePool().definePool(new DefinePoolCommand(EDGE, PortRange.of(100, 109), Set.of()));
        useCases.definePool().definePool(new DefinePoolCommand(CORE, PortRange.of(200, 209), Set.of()));
        Allocation web = allocate(EDGE, "web", 2);
        Allocation db = allocate(CORE, "db", 1);
        assertThatThrownBy(() -> allocate(EDGE, "big", 100)).isInstanceOf(PoolExhaustedException.class);
        useCases.releaseAllocation().releaseAllocation(new ReleaseAllocationCommand(web.id()));
        useCases.resetDeployment().resetDeployment(new ResetDeploymentCommand(DEP));
        useCases.deletePool().deletePool(new DeletePoolCommand(CORE));

        List<Event> events = page(0, 100).events();

        assertThat(events).extracting(Event::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(events).extracting(Event::type, Event::pool, Event::allocationId, Event::ports).containsExactly(
                tuple(EventType.POOL_CREATED, EDGE, null, List.of()),
                tuple(EventType.POOL_CHANGED, EDGE, null, List.of()),
                tuple(EventType.POOL_CREATED, CORE, null, List.of()),
                tuple(EventType.ALLOCATED, EDGE, web.id(), List.of(100, 101)),
                tuple(EventType.ALLOCATED, CORE, db.id(), List.of(200)),
                tuple(EventType.RELEASED, EDGE, web.id(), List.of(100, 101)),
                tuple(EventType.RELEASED, CORE, db.id(), List.of(200)),
                tuple(EventType.POOL_DELETED, CORE, null, List.of()));
        assertThat(events.get(3).deployment()).isEqualTo(DEP);
        assertThat(events.get(3).service()).isEqualTo(ServiceName.of("web"));
        assertThat(events.get(3).at()).isEqualTo(clock.instant());
    }

    @Test
    void aFollowerPagesThroughTheHistoryWithTheLastSequenceItSaw() {
        useCases.definePool().definePool(new DefinePoolCommand(EDGE, PortRange.of(100, 199), Set.of()));
        for (int i = 0; i < 6; i++) {
            allocate(EDGE, "svc-" + i, 1);
        }

        EventPage first = page(0, 3);
        EventPage second = page(first.next().orElseThrow(), 3);
        EventPage last = page(second.events().get(2).seq(), 3);

        assertThat(first.events()).extracting(Event::seq).containsExactly(1L, 2L, 3L);
        assertThat(first.next()).isEqualTo(OptionalLong.of(3));
        assertThat(second.events()).extracting(Event::seq).containsExactly(4L, 5L, 6L);
        assertThat(last.events()).extracting(Event::seq).containsExactly(7L);
        assertThat(last.next()).isEmpty();
    }

    private Allocation allocate(PoolName pool, String service, int count) {
        return useCases.allocatePorts().allocatePorts(new AllocatePortsCommand(pool, DEP, ServiceName.of(service),
                AllocationShape.dynamic(count, false))).allocation();
    }

    private EventPage page(long after, int limit) {
        return useCases.listEvents().listEvents(new ListEventsQuery(after, limit, Optional.empty(), Optional.empty()));
    }
}
