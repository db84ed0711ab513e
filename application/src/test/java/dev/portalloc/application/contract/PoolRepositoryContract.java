package dev.portalloc.application.contract;

import dev.portalloc.application.port.out.DuplicateKeyException;
import dev.portalloc.domain.AllocationShape;
import dev.portalloc.domain.Pool;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.PortRange;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every {@link dev.portalloc.application.port.out.PoolRepository} must do. */
public abstract class PoolRepositoryContract extends StoreContractSupport {

    @Test
    void aStoredPoolComesBackWithItsDefinitionCursorAndAllocatedPorts() {
        Pool pool = pool("edge", 10000, 10099, 10005, 20000);
        pool.allocate(AllocationShape.dynamic(3, false));
        pool.allocate(AllocationShape.specific(List.of(10099)));
        txRun(() -> store.pools().add(pool));

        Pool loaded = tx(() -> store.pools().find(PoolName.of("edge"))).orElseThrow();

        assertSameState(loaded, pool);
    }

    @Test
    void anUpdateUnderLockIsStored() {
        addPool("edge", 10000, 10099);
        txRun(() -> {
            Pool locked = store.pools().findAndLock(PoolName.of("edge")).orElseThrow();
            locked.allocate(AllocationShape.dynamic(5, false));
            locked.redefine(PortRange.of(10000, 10199), Set.of(10150));
            store.pools().update(locked);
        });

        Pool loaded = tx(() -> store.pools().findAndLock(PoolName.of("edge"))).orElseThrow();

        assertThat(loaded.range()).isEqualTo(PortRange.of(10000, 10199));
        assertThat(loaded.reserved()).containsExactly(10150);
        assertThat(loaded.allocatedCount()).isEqualTo(5);
        assertThat(loaded.nextPort()).isEqualTo(10005);
    }

    @Test
    void aFullRangeOfEveryPortRoundTrips() {
        Pool pool = pool("all", 1, 65535);
        pool.allocate(AllocationShape.specific(List.of(1, 65535)));
        txRun(() -> store.pools().add(pool));

        Pool loaded = tx(() -> store.pools().find(PoolName.of("all"))).orElseThrow();

        assertSameState(loaded, pool);
    }

    @Test
    void aMissingPoolIsEmptyWhetherLockedOrNot() {
        assertThat(tx(() -> store.pools().find(PoolName.of("nope")))).isEmpty();
        assertThat(tx(() -> store.pools().findAndLock(PoolName.of("nope")))).isEmpty();
    }

    @Test
    void findAllListsPoolsByName() {
        addPool("zeta", 1000, 1009);
        addPool("alpha", 2000, 2009);
        addPool("mid.1", 3000, 3009);

        assertThat(tx(() -> store.pools().findAll())).extracting(Pool::name)
                .containsExactly(PoolName.of("alpha"), PoolName.of("mid.1"), PoolName.of("zeta"));
    }

    @Test
    void aSecondPoolOfTheSameNameIsRefusedAndTheFirstIsKept() {
        addPool("edge", 10000, 10099);

        assertThatThrownBy(() -> txRun(() -> store.pools().add(pool("edge", 1, 2))))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(tx(() -> store.pools().find(PoolName.of("edge"))).orElseThrow().range())
                .isEqualTo(PortRange.of(10000, 10099));
    }

    @Test
    void locksSeveralPoolsAtOnceReturningThoseThatExistInNameOrder() {
        assertLocksThoseThatExistInNameOrder(names -> store.pools().findAndLockAll(names));
    }

    @Test
    void poolsLockedTogetherIfFreeAreThoseThatExistInNameOrderWhenNoneIsHeld() {
        assertLocksThoseThatExistInNameOrder(names -> store.pools().findAndLockAllIfFree(names));
        assertThat(tx(() -> store.pools().findAndLockAllIfFree(List.of(PoolName.of("core"))))).hasSize(1);
    }

    /** Locking three defined pools' names, one twice and one undefined, returns the defined ones by name. */
    private void assertLocksThoseThatExistInNameOrder(Function<List<PoolName>, List<Pool>> lockAll) {
        addPool("edge", 10000, 10099);
        addPool("core", 20000, 20099);
        addPool("aux", 30000, 30099);

        List<PoolName> locked = tx(() -> lockAll.apply(
                List.of(PoolName.of("edge"), PoolName.of("nope"), PoolName.of("aux"), PoolName.of("edge")))
                .stream().map(Pool::name).toList());

        assertThat(locked).containsExactly(PoolName.of("aux"), PoolName.of("edge"));
        assertThat(tx(() -> lockAll.apply(List.of()))).isEmpty();
    }

    @Test
    void poolsLockedTogetherAreStoredLikePoolsLockedOneByOne() {
        addPool("edge", 10000, 10099);
        addPool("core", 20000, 20099);
        txRun(() -> {
            for (Pool pool : store.pools().findAndLockAll(List.of(PoolName.of("edge"), PoolName.of("core")))) {
                pool.allocate(AllocationShape.dynamic(2, false));
                store.pools().update(pool);
            }
        });

        assertThat(tx(() -> store.pools().find(PoolName.of("edge"))).orElseThrow().allocatedCount()).isEqualTo(2);
        assertThat(tx(() -> store.pools().find(PoolName.of("core"))).orElseThrow().allocatedCount()).isEqualTo(2);
    }

    @Test
    void aRemovedPoolIsGone() {
        addPool("edge", 10000, 10099);
        txRun(() -> {
            store.pools().findAndLock(PoolName.of("edge")).orElseThrow();
            store.pools().remove(PoolName.of("edge"));
        });

        assertThat(tx(() -> store.pools().find(PoolName.of("edge")))).isEmpty();
    }

    @Test
    void aFailedTransactionLeavesNothingBehind() {
        addPool("edge", 10000, 10099);

        assertThatThrownBy(() -> txRun(() -> {
            Pool locked = store.pools().findAndLock(PoolName.of("edge")).orElseThrow();
            locked.allocate(AllocationShape.dynamic(10, false));
            store.pools().update(locked);
            store.pools().add(pool("other", 1, 10));
            throw new IllegalStateException("boom");
        })).hasMessage("boom");

        assertThat(tx(() -> store.pools().find(PoolName.of("edge"))).orElseThrow().allocatedCount()).isZero();
        assertThat(tx(() -> store.pools().find(PoolName.of("other")))).isEmpty();
    }

    @Test
    void aTransactionReturnsWhatItsWorkReturns() {
        assertThat(tx(() -> 42)).isEqualTo(42);
    }

    @Test
    void theHostCheckIsStored() {
        Pool pool = Pool.create(PoolName.of("host"), PortRange.of(30000, 30099), Set.of(), true);
        txRun(() -> store.pools().add(pool));

        assertThat(tx(() -> store.pools().find(PoolName.of("host"))).orElseThrow().hostCheck()).isTrue();
        txRun(() -> {
            Pool locked = store.pools().findAndLock(PoolName.of("host")).orElseThrow();
            locked.redefine(locked.range(), locked.reserved(), false);
            store.pools().update(locked);
        });
        assertThat(tx(() -> store.pools().find(PoolName.of("host"))).orElseThrow().hostCheck()).isFalse();
    }

    @Test
    void aPoolNobodyHoldsCanBeLockedWithoutWaiting() {
        addPool("edge", 10000, 10099);

        assertThat(tx(() -> store.pools().findAndLockIfFree(PoolName.of("edge")))).isPresent();
        assertThat(tx(() -> store.pools().findAndLockIfFree(PoolName.of("nope")))).isEmpty();
        txRun(() -> {
            Pool locked = store.pools().findAndLockIfFree(PoolName.of("edge")).orElseThrow();
            locked.allocate(AllocationShape.dynamic(2, false));
            store.pools().update(locked);
        });
        assertThat(tx(() -> store.pools().find(PoolName.of("edge"))).orElseThrow().allocatedCount()).isEqualTo(2);
    }

    private static void assertSameState(Pool actual, Pool expected) {
        assertThat(actual.name()).isEqualTo(expected.name());
        assertThat(actual.range()).isEqualTo(expected.range());
        assertThat(actual.reserved()).containsExactlyElementsOf(expected.reserved());
        assertThat(actual.hostCheck()).isEqualTo(expected.hostCheck());
        assertThat(actual.nextPort()).isEqualTo(expected.nextPort());
        assertThat(actual.takenBits()).isEqualTo(expected.takenBits());
        assertThat(actual.allocatedCount()).isEqualTo(expected.allocatedCount());
        assertThat(actual.availableCount()).isEqualTo(expected.availableCount());
    }
}
