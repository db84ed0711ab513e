package dev.portalloc.domain;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Ports other processes on the host listen on, for pools that describe the host. */
final class HostCheckTest {
    private static final IntPredicate LISTENING = Set.of(100, 101, 104)::contains;

    private static Pool hostPool() {
        return Pool.create(PoolName.of("host"), PortRange.of(100, 109), Set.of(), true);
    }

    @Test
    void dynamicAllocationSkipsPortsInUseOnTheHost() {
        Pool pool = hostPool();

        assertThat(pool.allocate(AllocationShape.dynamic(3, false), LISTENING)).containsExactly(102, 103, 105);
        assertThat(pool.nextPort()).isEqualTo(106);
        assertThat(pool.stateOf(100)).as("a listening port stays free in the pool").isEqualTo(PortState.FREE);
    }

    @Test
    void aSpecificRequestForAPortInUseOnTheHostIsRefusedWholly() {
        Pool pool = hostPool();

        assertThatThrownBy(() -> pool.allocate(AllocationShape.specific(List.of(102, 104)), LISTENING))
                .isInstanceOfSatisfying(PortUnavailableException.class, e -> assertThat(e.ports()).containsExactly(104));
        assertThat(pool.allocatedCount()).isZero();
    }

    @Test
    void aContiguousRunNeverContainsAPortInUseOnTheHost() {
        Pool pool = hostPool();

        assertThat(pool.allocate(AllocationShape.dynamic(3, true), LISTENING)).containsExactly(105, 106, 107);
        assertThatThrownBy(() -> pool.allocate(AllocationShape.dynamic(3, true), LISTENING))
                .isInstanceOf(PoolExhaustedException.class);
        assertThat(pool.allocate(AllocationShape.dynamic(2, true), LISTENING)).containsExactly(108, 109);
        assertThat(pool.allocate(AllocationShape.dynamic(2, true), LISTENING)).containsExactly(102, 103);
    }

    @Test
    void portsInUseOnTheHostCanExhaustARequestAndNothingIsTaken() {
        Pool pool = hostPool();
        IntPredicate almostAll = port -> port != 109;

        assertThatThrownBy(() -> pool.allocate(AllocationShape.dynamic(2, false), almostAll))
                .isInstanceOfSatisfying(PoolExhaustedException.class, e -> {
                    assertThat(e.requested()).isEqualTo(2);
                    assertThat(e.available()).isEqualTo(1);
                });
        assertThat(pool.allocatedCount()).isZero();
        assertThat(pool.nextPort()).isEqualTo(100);
    }

    @Test
    void aPoolWithoutHostCheckIgnoresTheHost() {
        Pool pool = Pool.create(PoolName.of("remote"), PortRange.of(100, 109), Set.of());

        assertThat(pool.allocate(AllocationShape.dynamic(2, false), LISTENING)).containsExactly(100, 101);
        assertThat(pool.allocate(AllocationShape.specific(List.of(104)), LISTENING)).containsExactly(104);
    }

    @Test
    void theHostCheckCanBeTurnedOnAndIsKeptByRestore() {
        Pool pool = Pool.create(PoolName.of("p"), PortRange.of(100, 109), Set.of());
        pool.redefine(PortRange.of(100, 109), Set.of(), true);

        Pool restored = Pool.restore(pool.name(), pool.range(), pool.reserved(), pool.hostCheck(), pool.nextPort(),
                pool.takenBits());

        assertThat(restored.hostCheck()).isTrue();
        assertThat(restored.allocate(AllocationShape.dynamic(1, false), LISTENING)).containsExactly(102);
    }
}
