package dev.portalloc.application.contract;

import dev.portalloc.domain.Allocation;
import dev.portalloc.domain.DeploymentName;
import dev.portalloc.domain.Event;
import dev.portalloc.domain.EventType;
import dev.portalloc.domain.PoolName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every {@link dev.portalloc.application.port.out.EventLog} must do. */
public abstract class EventLogContract extends StoreContractSupport {
    private static final PoolName EDGE = PoolName.of("edge");
    private static final PoolName CORE = PoolName.of("core");

    private List<Event> readAll() {
        return tx(() -> store.events().read(0, 1000, Optional.empty(), Optional.empty()));
    }

    @Test
    void eventsComeBackWithEveryFieldAndIncreasingSequences() {
        Allocation allocation = allocation("edge", "dep-1", "web", 10002, 10001);
        Event allocated = Event.of(EventType.ALLOCATED, allocation, T0, "deployer");
        Event created = Event.ofPool(EventType.POOL_CREATED, CORE, T0.plusMillis(5), null);
        txRun(() -> {
            store.events().append(created);
            store.events().append(allocated);
        });
        txRun(() -> store.events().append(Event.of(EventType.RELEASED, allocation, T0.plusSeconds(1), null)));

        List<Event> events = readAll();

        assertThat(events).hasSize(3);
        assertThat(events.get(0)).isEqualTo(created.withSeq(events.get(0).seq()));
        assertThat(events.get(1)).isEqualTo(allocated.withSeq(events.get(1).seq()));
        assertThat(events.get(1).ports()).containsExactly(10001, 10002);
        assertThat(events.get(2).type()).isEqualTo(EventType.RELEASED);
        assertThat(events).extracting(Event::seq).isSorted().doesNotHaveDuplicates()
                .allSatisfy(seq -> assertThat(seq).isPositive());
    }

    @Test
    void readingAfterASequenceContinuesWhereTheLastReadStopped() {
        for (int i = 0; i < 5; i++) {
            int n = i;
            txRun(() -> store.events().append(Event.ofPool(EventType.POOL_CHANGED, EDGE, T0.plusMillis(n), null)));
        }
        List<Event> first = tx(() -> store.events().read(0, 2, Optional.empty(), Optional.empty()));
        List<Event> rest = tx(() -> store.events().read(first.get(1).seq(), 10, Optional.empty(), Optional.empty()));

        assertThat(first).hasSize(2);
        assertThat(rest).hasSize(3);
        assertThat(rest.get(0).seq()).isGreaterThan(first.get(1).seq());
        assertThat(tx(() -> store.events().read(rest.get(2).seq(), 10, Optional.empty(), Optional.empty()))).isEmpty();
    }

    @Test
    void filtersByPoolAndDeployment() {
        Allocation edgeDep1 = allocation("edge", "dep-1", "web", 10001);
        Allocation coreDep1 = allocation("core", "dep-1", "web", 20001);
        Allocation edgeDep2 = allocation("edge", "dep-2", "web", 10002);
        txRun(() -> {
            store.events().append(Event.ofPool(EventType.POOL_CREATED, EDGE, T0, null));
            store.events().append(Event.of(EventType.ALLOCATED, edgeDep1, T0, null));
            store.events().append(Event.of(EventType.ALLOCATED, coreDep1, T0, null));
            store.events().append(Event.of(EventType.ALLOCATED, edgeDep2, T0, null));
        });

        assertThat(tx(() -> store.events().read(0, 10, Optional.of(EDGE), Optional.empty())))
                .extracting(Event::type, Event::allocationId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(EventType.POOL_CREATED, null),
                        org.assertj.core.groups.Tuple.tuple(EventType.ALLOCATED, edgeDep1.id()),
                        org.assertj.core.groups.Tuple.tuple(EventType.ALLOCATED, edgeDep2.id()));
        assertThat(tx(() -> store.events().read(0, 10, Optional.empty(), Optional.of(DeploymentName.of("dep-1")))))
                .extracting(Event::allocationId).containsExactly(edgeDep1.id(), coreDep1.id());
        assertThat(tx(() -> store.events().read(0, 10, Optional.of(CORE), Optional.of(DeploymentName.of("dep-2")))))
                .isEmpty();
    }

    @Test
    void aRolledBackTransactionLeavesNoEvent() {
        assertThatThrownBy(() -> txRun(() -> {
            store.events().append(Event.ofPool(EventType.POOL_CREATED, EDGE, T0, null));
            throw new IllegalStateException("boom");
        })).hasMessage("boom");

        assertThat(readAll()).isEmpty();
    }
}
