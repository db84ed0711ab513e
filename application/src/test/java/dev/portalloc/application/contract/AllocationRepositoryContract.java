package dev.portalloc.application.contract;

import dev.portalloc.application.port.out.DuplicateKeyException;
import dev.portalloc.domain.Allocation;
import dev.portalloc.domain.AllocationId;
import dev.portalloc.domain.AllocationKey;
import dev.portalloc.domain.AllocationShape;
import dev.portalloc.domain.DeploymentName;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.ServiceName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every {@link dev.portalloc.application.port.out.AllocationRepository} must do. */
public abstract class AllocationRepositoryContract extends StoreContractSupport {
    private static final PoolName EDGE = PoolName.of("edge");
    private static final PoolName CORE = PoolName.of("core");

    @BeforeEach
    void twoPools() {
        addPool("edge", 10000, 10999);
        addPool("core", 20000, 20999);
    }

    @Test
    void aStoredAllocationComesBackWithEveryField() {
        Instant created = Instant.parse("2026-11-27T08:00:00.456Z");
        Allocation allocation = new Allocation(AllocationId.of("0190abcdef12a1b2c3d4e5f6a7"), EDGE,
                DeploymentName.of("Dep-42"), ServiceName.of("rabbit.mq_1"), List.of(10002, 10001),
                AllocationShape.specific(List.of(10002, 10001)), created, Instant.parse("2026-11-27T09:00:00.789Z"));
        txRun(() -> store.allocations().add(allocation));

        Allocation loaded = tx(() -> store.allocations().findById(allocation.id())).orElseThrow();

        assertThat(loaded).isEqualTo(allocation);
        assertThat(loaded.ports()).containsExactly(10001, 10002);
        assertThat(tx(() -> store.allocations().findById(AllocationId.of("ffff")))).isEmpty();
    }

    @Test
    void shapesOfEveryKindRoundTrip() {
        List<AllocationShape> shapes = List.of(AllocationShape.dynamic(1, false), AllocationShape.dynamic(3, true),
                AllocationShape.of(2, List.of(10500, 10501), true), AllocationShape.specific(List.of(10600)));
        List<Allocation> stored = new ArrayList<>();
        int port = 10100;
        for (AllocationShape shape : shapes) {
            List<Integer> ports = shape.isSpecific() ? shape.requestedPorts()
                    : java.util.stream.IntStream.range(port, port + shape.count()).boxed().toList();
            port += 10;
            Allocation base = allocation("edge", "dep", "svc" + stored.size(), 1);
            Allocation allocation = new Allocation(base.id(), EDGE, base.deployment(), base.service(), ports, shape,
                    base.createdAt(), null);
            txRun(() -> store.allocations().add(allocation));
            stored.add(allocation);
        }

        for (Allocation allocation : stored) {
            assertThat(tx(() -> store.allocations().findById(allocation.id()))).contains(allocation);
        }
    }

    @Test
    void findsByKeyAndByPort() {
        Allocation a = allocation("edge", "dep-1", "web", 10001, 10002);
        Allocation b = allocation("core", "dep-1", "web", 20001);
        txRun(() -> {
            store.allocations().add(a);
            store.allocations().add(b);
        });

        assertThat(tx(() -> findByKey(EDGE, "dep-1", "web")))
                .contains(a);
        assertThat(tx(() -> findByKey(EDGE, "dep-1", "db")))
                .isEmpty();
        assertThat(tx(() -> store.allocations().findByPort(EDGE, 10002))).contains(a);
        assertThat(tx(() -> store.allocations().findByPort(CORE, 20001))).contains(b);
        assertThat(tx(() -> store.allocations().findByPort(EDGE, 20001))).isEmpty();
    }

    @Test
    void findsSeveralByKeyAcrossPoolsSeeingWhatTheTransactionAddedAndRemoved() {
        Allocation web = allocation("edge", "dep-1", "web", 10001, 10002);
        Allocation db = allocation("edge", "dep-1", "db", 10003);
        Allocation core = allocation("core", "dep-1", "web", 20001);
        addAll(web, db, core);
        Allocation added = allocation("edge", "dep-2", "web", 10004);

        List<Allocation> found = tx(() -> {
            store.allocations().remove(db.id());
            store.allocations().add(added);
            return store.allocations().findByKeys(List.of(web.key(), db.key(), core.key(), added.key(), web.key(),
                    new AllocationKey(CORE, DeploymentName.of("dep-1"), ServiceName.of("db"))));
        });

        assertThat(found).as("not the removed one, nor a key nobody holds, and each once").containsExactlyInAnyOrder(web, core, added);
        assertThat(tx(() -> store.allocations().findByKeys(List.of()))).isEmpty();
    }

    @Test
    void findsMoreIdsAndKeysThanOneQueryTakes() {
        List<Allocation> stored = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            stored.add(i < 600 ? allocation("edge", "dep-" + i, "web", 10000 + i) : allocation("core", "dep-" + i, "web", 20000 + i));
        }
        addAll(stored.toArray(Allocation[]::new));

        assertThat(tx(() -> store.allocations().findByKeys(stored.stream().map(Allocation::key).toList())))
                .containsExactlyInAnyOrderElementsOf(stored);
        assertThat(tx(() -> store.allocations().findByIds(stored.stream().map(Allocation::id).toList())))
                .containsExactlyInAnyOrderElementsOf(stored);
    }

    @Test
    void findsSeveralByIdWithTheirPortsAcrossPoolsLeavingOutUnknownIds() {
        Allocation a = allocation("edge", "dep-1", "web", 10001, 10002);
        Allocation b = allocation("core", "dep-2", "web", 20001);
        Allocation c = allocation("edge", "dep-3", "web", 10003);
        addAll(a, b, c);

        assertThat(tx(() -> store.allocations().findByIds(List.of(b.id(), AllocationId.of("ffff"), a.id(), b.id()))))
                .containsExactlyInAnyOrder(a, b);
        assertThat(tx(() -> store.allocations().findByIds(List.of()))).isEmpty();
    }

    @Test
    void aTransactionSeesTheAllocationsItAddedWhateverItAsks() {
        Allocation a = allocation("edge", "dep-1", "web", 10001);
        Allocation b = allocation("edge", "dep-2", "web", 10002);

        List<Object> seen = tx(() -> {
            store.allocations().add(a);
            store.allocations().add(b);
            List<Object> answers = new ArrayList<>();
            answers.add(findByKey(EDGE, "dep-1", "web"));
            answers.add(store.allocations().findById(b.id()));
            answers.add(store.allocations().findByIds(List.of(a.id(), b.id())).size());
            answers.add(store.allocations().findByPort(EDGE, 10002));
            answers.add(store.allocations().findPage(EDGE, Optional.empty(), Optional.empty(), Optional.empty(), 10,
                    T0).size());
            store.allocations().remove(a.id());
            answers.add(store.allocations().findById(a.id()));
            return answers;
        });

        assertThat(seen).containsExactly(Optional.of(a), Optional.of(b), 2, Optional.of(b), 2, Optional.empty());
        assertThat(tx(() -> store.allocations().findById(a.id()))).isEmpty();
        assertThat(tx(() -> store.allocations().findById(b.id()))).contains(b);
    }

    @Test
    void aRemovedAllocationIsGoneForTheRestOfItsTransactionAndItsKeyAndPortCanBeTakenAgain() {
        Allocation old = allocation("edge", "dep-1", "web", 10001);
        Allocation other = allocation("edge", "dep-2", "web", 10002);
        txRun(() -> {
            store.allocations().add(old);
            store.allocations().add(other);
        });
        Allocation again = allocation("edge", "dep-1", "web", 10001);

        List<Object> seen = tx(() -> {
            store.allocations().remove(old.id());
            List<Object> answers = new ArrayList<>();
            answers.add(store.allocations().findById(old.id()));
            answers.add(findByKey(EDGE, "dep-1", "web"));
            answers.add(store.allocations().findByIds(List.of(old.id(), other.id())));
            store.allocations().add(again);
            answers.add(store.allocations().findByPort(EDGE, 10001));
            return answers;
        });

        assertThat(seen).containsExactly(Optional.empty(), Optional.empty(), List.of(other), Optional.of(again));
        assertThat(tx(() -> store.allocations().findById(old.id()))).isEmpty();
        assertThat(tx(() -> findByKey(EDGE, "dep-1", "web")))
                .contains(again);
    }

    @Test
    void twoAllocationsWithOneKeyOrPortInOneTransactionAreRefusedAndNothingIsStored() {
        Allocation a = allocation("edge", "dep-1", "web", 10001);
        Allocation sameKey = allocation("edge", "dep-1", "web", 10002);
        Allocation samePort = allocation("edge", "dep-2", "web", 10001);

        for (Allocation second : List.of(sameKey, samePort)) {
            assertThatThrownBy(() -> txRun(() -> {
                store.allocations().add(a);
                store.allocations().add(second);
            })).isInstanceOf(DuplicateKeyException.class);
        }
        assertThat(tx(() -> store.allocations().findById(a.id()))).isEmpty();
    }

    @Test
    void findsADeploymentsAllocationsAcrossPoolsInPoolThenIdOrder() {
        Allocation edge1 = allocation("edge", "dep-1", "web", 10001);
        Allocation core1 = allocation("core", "dep-1", "web", 20001);
        Allocation edge2 = allocation("edge", "dep-1", "db", 10002);
        Allocation other = allocation("edge", "dep-2", "web", 10003);
        txRun(() -> List.of(edge1, core1, edge2, other).forEach(store.allocations()::add));

        DeploymentName dep1 = DeploymentName.of("dep-1");
        assertThat(tx(() -> store.allocations().findByDeployment(dep1))).containsExactly(core1, edge1, edge2);
        assertThat(tx(() -> store.allocations().findByPoolAndDeployment(EDGE, dep1))).containsExactly(edge1, edge2);
        assertThat(tx(() -> store.allocations().findPoolsOfDeployment(dep1))).containsExactly(CORE, EDGE);
        assertThat(tx(() -> store.allocations().findByDeployment(DeploymentName.of("none")))).isEmpty();
        assertThat(tx(() -> store.allocations().findPoolsOfDeployment(DeploymentName.of("none")))).isEmpty();
    }

    @Test
    void pagesThroughAPoolInIdOrderWithFilters() {
        List<Allocation> edge = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            edge.add(allocation("edge", i % 2 == 0 ? "even" : "odd", "svc-" + i, 10100 + i));
        }
        Allocation core = allocation("core", "even", "svc-x", 20100);
        txRun(() -> {
            edge.forEach(store.allocations()::add);
            store.allocations().add(core);
        });

        List<Allocation> first = tx(() -> store.allocations().findPage(EDGE, Optional.empty(), Optional.empty(),
                Optional.empty(), 3, T0));
        List<Allocation> second = tx(() -> store.allocations().findPage(EDGE, Optional.empty(), Optional.empty(),
                Optional.of(first.get(2).id()), 3, T0));
        List<Allocation> third = tx(() -> store.allocations().findPage(EDGE, Optional.empty(), Optional.empty(),
                Optional.of(second.get(2).id()), 3, T0));

        assertThat(first).containsExactlyElementsOf(edge.subList(0, 3));
        assertThat(second).containsExactlyElementsOf(edge.subList(3, 6));
        assertThat(third).containsExactly(edge.get(6));
        assertThat(tx(() -> store.allocations().findPage(EDGE, Optional.of(DeploymentName.of("even")),
                Optional.empty(), Optional.empty(), 10, T0)))
                .containsExactly(edge.get(0), edge.get(2), edge.get(4), edge.get(6));
        assertThat(tx(() -> store.allocations().findPage(EDGE, Optional.of(DeploymentName.of("odd")),
                Optional.of(ServiceName.of("svc-3")), Optional.empty(), 10, T0)))
                .containsExactly(edge.get(3));
    }

    @Test
    void aRemovedAllocationAndItsPortsAreGone() {
        Allocation a = allocation("edge", "dep-1", "web", 10001, 10002);
        txRun(() -> store.allocations().add(a));
        txRun(() -> store.allocations().remove(a.id()));

        assertThat(tx(() -> store.allocations().findById(a.id()))).isEmpty();
        assertThat(tx(() -> store.allocations().findByPort(EDGE, 10001))).isEmpty();
        // The ports and the key are free again.
        Allocation again = allocation("edge", "dep-1", "web", 10001, 10002);
        txRun(() -> store.allocations().add(again));
        assertThat(tx(() -> store.allocations().findByPort(EDGE, 10002))).contains(again);
    }

    @Test
    void thePortOfAnotherAllocationInTheSamePoolIsRefused() {
        Allocation a = allocation("edge", "dep-1", "web", 10001, 10002);
        txRun(() -> store.allocations().add(a));

        Allocation overlapping = allocation("edge", "dep-2", "db", 10002, 10003);
        assertThatThrownBy(() -> txRun(() -> store.allocations().add(overlapping)))
                .isInstanceOf(DuplicateKeyException.class);

        assertThat(tx(() -> store.allocations().findById(overlapping.id()))).isEmpty();
        assertThat(tx(() -> store.allocations().findByPort(EDGE, 10003))).isEmpty();
        assertThat(tx(() -> store.allocations().findByPort(EDGE, 10002))).contains(a);
    }

    @Test
    void aSecondAllocationForOneDeploymentAndServiceInAPoolIsRefused() {
        txRun(() -> store.allocations().add(allocation("edge", "dep-1", "web", 10001)));

        assertThatThrownBy(() -> txRun(() -> store.allocations().add(allocation("edge", "dep-1", "web", 10005))))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(tx(() -> store.allocations().findByPort(EDGE, 10005))).isEmpty();
    }

    @Test
    void theSamePortAndKeyInAnotherPoolAreIndependent() {
        txRun(() -> store.allocations().add(allocation("edge", "dep-1", "web", 10001)));
        Allocation core = allocation("core", "dep-1", "web", 10001);
        txRun(() -> store.allocations().add(core));

        assertThat(tx(() -> store.allocations().findByPort(CORE, 10001))).contains(core);
    }

    @Test
    void aPageLeavesOutAllocationsExpiredAtItsTime() {
        Instant at = T0.plusSeconds(60);
        Allocation forever = allocation("edge", "dep", "a", 10001);
        Allocation endsAtThatInstant = leased(at, "edge", "dep", "b", 10002);
        Allocation endsLater = leased(at.plusMillis(1), "edge", "dep", "c", 10003);
        txRun(() -> List.of(forever, endsAtThatInstant, endsLater).forEach(store.allocations()::add));

        assertThat(tx(() -> store.allocations().findPage(EDGE, Optional.empty(), Optional.empty(), Optional.empty(),
                10, at))).containsExactly(forever, endsLater);
    }

    @Test
    void tellsWhichOfSeveralPoolsHoldExpiredAllocations() {
        Instant now = T0.plusSeconds(60);
        Allocation expired = leased(now.minusSeconds(1), "edge", "dep-1", "web", 10001);
        Allocation expiresNow = leased(now, "core", "dep-1", "web", 20001);
        Allocation later = leased(now.plusSeconds(1), "edge", "dep-2", "web", 10002);
        txRun(() -> {
            store.allocations().add(expired);
            store.allocations().add(expiresNow);
            store.allocations().add(later);
        });

        assertThat(tx(() -> store.allocations().findPoolsWithExpired(List.of(EDGE, CORE), now)))
                .containsExactlyInAnyOrder(EDGE, CORE);
        assertThat(tx(() -> store.allocations().findPoolsWithExpired(List.of(EDGE), now.minusSeconds(1))))
                .containsExactly(EDGE);
        assertThat(tx(() -> store.allocations().findPoolsWithExpired(List.of(CORE), now.minusSeconds(1)))).isEmpty();
        assertThat(tx(() -> store.allocations().findPoolsWithExpired(List.of(), now))).isEmpty();
    }

    @Test
    void findsExpiredAllocationsOfAPoolEarliestExpiryFirst() {
        Instant now = T0.plusSeconds(60);
        Allocation second = leased(now.minusSeconds(5), "edge", "dep", "a", 10001, 10002);
        Allocation first = leased(now.minusSeconds(10), "edge", "dep", "b", 10003);
        Allocation third = leased(now, "edge", "dep", "c", 10004);
        Allocation active = leased(now.plusMillis(1), "edge", "dep", "d", 10005);
        Allocation otherPool = leased(now.minusSeconds(30), "core", "dep", "a", 20001);
        Allocation forever = allocation("edge", "dep", "e", 10006);
        txRun(() -> List.of(second, first, third, active, otherPool, forever).forEach(store.allocations()::add));

        assertThat(tx(() -> store.allocations().findExpired(EDGE, now, 10))).containsExactly(first, second, third);
        assertThat(tx(() -> store.allocations().findExpired(EDGE, now, 2))).containsExactly(first, second);
        assertThat(tx(() -> store.allocations().countExpiredPorts(EDGE, now))).isEqualTo(4);
        assertThat(tx(() -> store.allocations().countExpiredPorts(EDGE, now.minusSeconds(60)))).isZero();
        assertThat(tx(() -> store.allocations().findPoolsWithExpired(now, 10))).containsExactly(CORE, EDGE);
        assertThat(tx(() -> store.allocations().findPoolsWithExpired(now, 1))).containsExactly(CORE);
        assertThat(tx(() -> store.allocations().findPoolsWithExpired(now.minusSeconds(60), 10))).isEmpty();
    }

    @Test
    void anUpdatedExpiryIsStored() {
        Allocation leased = leased(T0.plusSeconds(10), "edge", "dep", "a", 10001);
        txRun(() -> store.allocations().add(leased));
        Instant later = Instant.parse("2026-11-28T08:00:00.001Z");

        txRun(() -> store.allocations().updateExpiry(leased.id(), later));

        assertThat(tx(() -> store.allocations().findById(leased.id())).orElseThrow().expiresAt()).isEqualTo(later);
        assertThat(tx(() -> store.allocations().findExpired(EDGE, T0.plusSeconds(3600), 10))).isEmpty();
    }

    private Optional<Allocation> findByKey(PoolName pool, String deployment, String service) {
        return store.allocations().findByKeys(List.of(new AllocationKey(pool, DeploymentName.of(deployment), ServiceName.of(service))))
                .stream().findFirst();
    }

    private void addAll(Allocation... allocations) {
        txRun(() -> {
            for (Allocation allocation : allocations) {
                store.allocations().add(allocation);
            }
        });
    }
}
