package dev.portalloc.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

final class PoolTest {
    private static final PoolName NAME = PoolName.of("test");

    private static Pool pool(int min, int max, Integer... reserved) {
        return Pool.create(NAME, PortRange.of(min, max), List.of(reserved));
    }

    private static List<Integer> dynamic(Pool pool, int count) {
        return pool.allocate(AllocationShape.dynamic(count, false));
    }

    private static List<Integer> contiguous(Pool pool, int count) {
        return pool.allocate(AllocationShape.dynamic(count, true));
    }

    private static List<Integer> specific(Pool pool, Integer... ports) {
        return pool.allocate(AllocationShape.specific(List.of(ports)));
    }

    private static List<Integer> ports(int fromInclusive, int toInclusive) {
        return IntStream.rangeClosed(fromInclusive, toInclusive).boxed().toList();
    }

    /** Everything observable about a pool, to show that a refused request changed nothing. */
    private record Snapshot(List<Byte> takenBits, int nextPort, int allocated, int available, int capacity,
                            PortRange range, Set<Integer> reserved) {
        static Snapshot of(Pool pool) {
            List<Byte> bits = new ArrayList<>();
            for (byte b : pool.takenBits()) {
                bits.add(b);
            }
            return new Snapshot(bits, pool.nextPort(), pool.allocatedCount(), pool.availableCount(),
                    pool.capacity(), pool.range(), Set.copyOf(pool.reserved()));
        }
    }

    @Nested
    final class Dynamic {
        @Test
        void oneAtATimeHandsOutMinPortThenEachFollowingPort() {
            Pool pool = pool(10000, 10099);
            for (int expected = 10000; expected <= 10099; expected++) {
                assertThat(dynamic(pool, 1)).containsExactly(expected);
            }
            assertThat(pool.allocatedCount()).isEqualTo(100);
            assertThat(pool.availableCount()).isZero();
        }

        @Test
        void cursorStartsAtMinPortAndMovesPastEachPortHandedOut() {
            Pool pool = pool(500, 599);
            assertThat(pool.nextPort()).isEqualTo(500);
            dynamic(pool, 3);
            assertThat(pool.nextPort()).isEqualTo(503);
        }

        @Test
        void cursorWrapsAtMaxPortBackToMinPortSkippingTakenPorts() {
            Pool pool = pool(100, 109);
            assertThat(dynamic(pool, 8)).isEqualTo(ports(100, 107));
            pool.release(List.of(100, 102));
            assertThat(pool.nextPort()).isEqualTo(108);

            assertThat(dynamic(pool, 1)).containsExactly(108);
            assertThat(dynamic(pool, 1)).containsExactly(109);
            assertThat(pool.nextPort()).isEqualTo(100);
            assertThat(dynamic(pool, 1)).containsExactly(100);
            assertThat(dynamic(pool, 1)).containsExactly(102); // 101 is taken
            assertThatThrownBy(() -> dynamic(pool, 1)).isInstanceOf(PoolExhaustedException.class);
        }

        @Test
        void oneRequestThatWrapsReturnsAscendingPortsAndLeavesTheCursorAfterTheLastPortHandedOut() {
            Pool pool = pool(100, 109);
            dynamic(pool, 8);                  // 100..107, cursor at 108
            pool.release(List.of(100, 101, 102, 103));

            // handed out in the order 108, 109, 100, 101: returned ascending
            assertThat(dynamic(pool, 4)).containsExactly(100, 101, 108, 109);
            assertThat(pool.nextPort()).isEqualTo(102);

            // the port released right after is the last to come back, not the next one
            pool.release(List.of(100));
            assertThat(dynamic(pool, 1)).containsExactly(102);
            assertThat(dynamic(pool, 1)).containsExactly(103);
            assertThat(dynamic(pool, 1)).containsExactly(100);
        }

        @Test
        void requestForSeveralPortsTakesDistinctFreePortsFromTheCursor() {
            Pool pool = pool(1, 20, 4);
            specific(pool, 2, 6);
            List<Integer> ports = dynamic(pool, 5);
            assertThat(ports).containsExactly(1, 3, 5, 7, 8).doesNotHaveDuplicates();
            assertThat(pool.allocatedCount()).isEqualTo(7);
            assertThat(pool.nextPort()).isEqualTo(9);
            for (int port : ports) {
                assertThat(pool.stateOf(port)).isEqualTo(PortState.ALLOCATED);
            }
        }

        @Test
        void exhaustionReportsCountsAndLeavesThePoolUnchanged() {
            Pool pool = pool(1, 10);
            dynamic(pool, 8);
            pool.release(List.of(3));
            Snapshot before = Snapshot.of(pool);

            PoolExhaustedException e = catchThrowableOfType(PoolExhaustedException.class, () -> dynamic(pool, 4));

            assertThat(e.pool()).isEqualTo(NAME);
            assertThat(e.requested()).isEqualTo(4);
            assertThat(e.available()).isEqualTo(3);
            assertThat(e.contiguous()).isFalse();
            assertThat(e.getMessage()).contains("test", "3", "4");
            assertThat(Snapshot.of(pool)).isEqualTo(before);

            // the free ports are still there, whole
            assertThat(dynamic(pool, 3)).containsExactly(3, 9, 10);
        }

        @Test
        void requestLargerThanTheRangeIsExhaustion() {
            Pool pool = pool(1, 5);
            PoolExhaustedException e = catchThrowableOfType(PoolExhaustedException.class, () -> dynamic(pool, 6));
            assertThat(e.requested()).isEqualTo(6);
            assertThat(e.available()).isEqualTo(5);
            assertThat(pool.allocatedCount()).isZero();
            assertThat(pool.nextPort()).isEqualTo(1);
        }

        @Test
        void releasedPortIsTheLastToBeHandedOutAgain() {
            Pool pool = pool(1, 5);
            assertThat(dynamic(pool, 1)).containsExactly(1);
            pool.release(List.of(1));
            assertThat(pool.stateOf(1)).isEqualTo(PortState.FREE);
            assertThat(dynamic(pool, 1)).containsExactly(2);
            assertThat(dynamic(pool, 1)).containsExactly(3);
            assertThat(dynamic(pool, 1)).containsExactly(4);
            assertThat(dynamic(pool, 1)).containsExactly(5);
            assertThat(dynamic(pool, 1)).containsExactly(1);
        }

        @Test
        void releasingEverythingAllowsEveryPortToBeHandedOutAgain() {
            Pool pool = pool(1, 64);
            List<Integer> first = dynamic(pool, 64);
            assertThatThrownBy(() -> dynamic(pool, 1)).isInstanceOf(PoolExhaustedException.class);

            pool.release(first);
            assertThat(pool.allocatedCount()).isZero();
            assertThat(pool.availableCount()).isEqualTo(64);
            assertThat(pool.hasAllocations()).isFalse();
            assertThat(dynamic(pool, 64)).isEqualTo(first);
        }

        @Test
        void releaseIgnoresPortsThatAreNotAllocatedOrOutsideTheRange() {
            Pool pool = pool(10, 20, 15);
            dynamic(pool, 2);
            Snapshot before = Snapshot.of(pool);

            pool.release(List.of(9, 21, 12, 15, 65535));

            assertThat(Snapshot.of(pool)).isEqualTo(before);
            assertThat(pool.stateOf(15)).isEqualTo(PortState.RESERVED);
        }

        @Test
        void releasingTwiceIsHarmless() {
            Pool pool = pool(1, 10);
            List<Integer> ports = dynamic(pool, 3);
            pool.release(ports);
            pool.release(ports);
            assertThat(pool.allocatedCount()).isZero();
            assertThat(pool.availableCount()).isEqualTo(10);
        }

        @Test
        void singlePortPoolHandsOutItsOnlyPort() {
            Pool pool = pool(65535, 65535);
            assertThat(dynamic(pool, 1)).containsExactly(65535);
            assertThat(pool.nextPort()).isEqualTo(65535);
            assertThatThrownBy(() -> dynamic(pool, 1)).isInstanceOf(PoolExhaustedException.class);
        }

        @Test
        void wholePortSpaceFillsUpInOrder() {
            Pool pool = pool(1, 65535);
            List<Integer> ports = dynamic(pool, 1024);
            assertThat(ports).isEqualTo(ports(1, 1024));
            for (int i = 1; i < 63; i++) {
                dynamic(pool, 1024);
            }
            assertThat(dynamic(pool, 1023)).isEqualTo(ports(64513, 65535));
            assertThat(pool.allocatedCount()).isEqualTo(65535);
            assertThat(pool.nextPort()).isEqualTo(1);
            assertThatThrownBy(() -> dynamic(pool, 1)).isInstanceOf(PoolExhaustedException.class);
        }
    }

    @Nested
    final class Reserved {
        @Test
        void reservedPortsAreNeverHandedOut() {
            Pool pool = pool(1, 10, 1, 5, 10);
            List<Integer> handedOut = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                handedOut.addAll(dynamic(pool, 1));
            }
            assertThat(handedOut).containsExactly(2, 3, 4, 6, 7, 8, 9);
            assertThatThrownBy(() -> dynamic(pool, 1)).isInstanceOf(PoolExhaustedException.class);
            assertThat(pool.stateOf(1)).isEqualTo(PortState.RESERVED);
            assertThat(pool.stateOf(5)).isEqualTo(PortState.RESERVED);
            assertThat(pool.stateOf(10)).isEqualTo(PortState.RESERVED);
        }

        @Test
        void reservedPortsInTheRangeAreCountedOutOfCapacity() {
            Pool pool = pool(1, 10, 3, 5);
            assertThat(pool.capacity()).isEqualTo(8);
            assertThat(pool.availableCount()).isEqualTo(8);
            assertThat(pool.allocatedCount()).isZero();
            dynamic(pool, 2);
            assertThat(pool.capacity()).isEqualTo(8);
            assertThat(pool.availableCount()).isEqualTo(6);
        }

        @Test
        void reservedPortsOutsideTheRangeDoNotReduceCapacity() {
            Pool pool = pool(100, 109, 1, 99, 110, 65535, 105);
            assertThat(pool.capacity()).isEqualTo(9);
            assertThat(pool.availableCount()).isEqualTo(9);
            assertThat(pool.reserved()).containsExactly(1, 99, 105, 110, 65535);
            assertThat(dynamic(pool, 9)).doesNotContain(105).hasSize(9);
        }

        @Test
        void reservedPortsAreRejectedWhenNotPortNumbers() {
            assertThatThrownBy(() -> pool(1, 10, 0)).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> pool(1, 10, 65536)).isInstanceOf(InvalidInputException.class);
            List<Integer> withNull = new ArrayList<>();
            withNull.add(null);
            assertThatThrownBy(() -> Pool.create(NAME, PortRange.of(1, 10), withNull))
                    .isInstanceOf(InvalidInputException.class);
        }

        @Test
        void nullReservedMeansNone() {
            Pool pool = Pool.create(NAME, PortRange.of(1, 10), null);
            assertThat(pool.reserved()).isEmpty();
            assertThat(pool.capacity()).isEqualTo(10);
        }

        @Test
        void reservedViewIsReadOnly() {
            Pool pool = pool(1, 10, 3);
            assertThatThrownBy(() -> pool.reserved().add(4)).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Nested
    final class Specific {
        @Test
        void takesExactlyTheRequestedPorts() {
            Pool pool = pool(1000, 1999);
            assertThat(specific(pool, 1500, 1001)).containsExactly(1001, 1500);
            assertThat(pool.stateOf(1001)).isEqualTo(PortState.ALLOCATED);
            assertThat(pool.stateOf(1500)).isEqualTo(PortState.ALLOCATED);
            assertThat(pool.allocatedCount()).isEqualTo(2);
        }

        @Test
        void specificPortsDoNotMoveTheCursor() {
            Pool pool = pool(1, 100);
            dynamic(pool, 3);
            specific(pool, 50, 51);
            assertThat(pool.nextPort()).isEqualTo(4);
            specific(pool, 4);
            assertThat(pool.nextPort()).isEqualTo(4);
            assertThat(dynamic(pool, 1)).containsExactly(5); // 4 is taken, the cursor skips it
        }

        @Test
        void unavailablePortsAreListedExactlyAndAscending() {
            Pool pool = pool(1, 100, 7, 90);
            specific(pool, 3, 60);
            Snapshot before = Snapshot.of(pool);

            PortUnavailableException e = catchThrowableOfType(PortUnavailableException.class,
                    () -> specific(pool, 90, 4, 60, 3, 7, 50));

            assertThat(e.pool()).isEqualTo(NAME);
            assertThat(e.ports()).containsExactly(3, 7, 60, 90);
            assertThat(Snapshot.of(pool)).isEqualTo(before);
            assertThat(pool.stateOf(4)).isEqualTo(PortState.FREE);
            assertThat(pool.stateOf(50)).isEqualTo(PortState.FREE);
        }

        @Test
        void oneTakenPortRefusesTheWholeRequest() {
            Pool pool = pool(1, 100);
            specific(pool, 20);
            Snapshot before = Snapshot.of(pool);

            PortUnavailableException e = catchThrowableOfType(PortUnavailableException.class,
                    () -> specific(pool, 19, 20, 21));

            assertThat(e.ports()).containsExactly(20);
            assertThat(e.getMessage()).contains("20").contains("test");
            assertThat(Snapshot.of(pool)).isEqualTo(before);
            assertThat(specific(pool, 19, 21)).containsExactly(19, 21);
        }

        @Test
        void portOutsideTheRangeIsInvalidInputAndChangesNothing() {
            Pool pool = pool(1000, 1999);
            Snapshot before = Snapshot.of(pool);
            assertThatThrownBy(() -> specific(pool, 1500, 2000))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("ports"));
            assertThatThrownBy(() -> specific(pool, 999))
                    .isInstanceOf(InvalidInputException.class);
            assertThat(Snapshot.of(pool)).isEqualTo(before);
            assertThat(pool.stateOf(1500)).isEqualTo(PortState.FREE);
        }

        @Test
        void reservedPortOutsideTheRangeIsStillOutsideTheRange() {
            Pool pool = pool(1000, 1999, 80);
            assertThatThrownBy(() -> specific(pool, 80)).isInstanceOf(InvalidInputException.class);
        }

        @Test
        void contiguousSpecificPortsAreTakenAsListed() {
            Pool pool = pool(1, 100);
            List<Integer> ports = pool.allocate(AllocationShape.of(null, List.of(12, 10, 11), true));
            assertThat(ports).containsExactly(10, 11, 12);
            assertThat(pool.nextPort()).isEqualTo(1);
        }
    }

    @Nested
    final class Contiguous {
        @Test
        void returnsConsecutivePorts() {
            Pool pool = pool(1, 100);
            assertThat(contiguous(pool, 5)).containsExactly(1, 2, 3, 4, 5);
            assertThat(pool.nextPort()).isEqualTo(6);
            assertThat(contiguous(pool, 3)).containsExactly(6, 7, 8);
        }

        @Test
        void takesTheFirstRunThatFitsAtOrAfterTheCursor() {
            Pool pool = pool(1, 30);
            dynamic(pool, 5); // cursor at 6
            specific(pool, 8, 12, 13);
            // free from the cursor: 6-7 (too short), 9-11 (fits 3), 14-30
            assertThat(contiguous(pool, 3)).containsExactly(9, 10, 11);
            assertThat(pool.nextPort()).isEqualTo(12);
            assertThat(contiguous(pool, 3)).containsExactly(14, 15, 16);
        }

        @Test
        void runMayStartAtTheCursorInsideAFreeGap() {
            Pool pool = pool(1, 30);
            dynamic(pool, 10);
            pool.release(ports(1, 10));
            specific(pool, 12);
            // cursor at 11: the run 11..12 is broken by 12, so the next run starts at 13
            assertThat(contiguous(pool, 2)).containsExactly(13, 14);
        }

        @Test
        void wrapsToTheFirstRunBeforeTheCursorWhenNoneFitsAfterIt() {
            Pool pool = pool(1, 20);
            dynamic(pool, 15); // cursor at 16
            pool.release(List.of(2, 3, 5, 6, 7, 8));
            specific(pool, 18);
            // after the cursor: 16-17, 19-20 are too short for 3; before it: 2-3 too short, 5-8 fits
            assertThat(contiguous(pool, 3)).containsExactly(5, 6, 7);
            assertThat(pool.nextPort()).isEqualTo(8);
        }

        @Test
        void runBeforeTheCursorMayExtendUpToTheCursor() {
            Pool pool = pool(1, 10);
            dynamic(pool, 10);
            pool.release(ports(4, 8));
            // the cursor in the middle of the free gap 4..8: 7..8 is too short, 4..7 starts before it
            Pool moved = Pool.restore(NAME, PortRange.of(1, 10), List.of(), 7, pool.takenBits());
            assertThat(contiguous(moved, 4)).containsExactly(4, 5, 6, 7);
            assertThat(moved.nextPort()).isEqualTo(8);
        }

        @Test
        void runEndingAtMaxPortMovesTheCursorBackToMinPort() {
            Pool pool = pool(1, 10);
            dynamic(pool, 7);
            assertThat(contiguous(pool, 3)).containsExactly(8, 9, 10);
            assertThat(pool.nextPort()).isEqualTo(1);
        }

        @Test
        void runsSkipReservedPorts() {
            Pool pool = pool(1, 20, 4, 9);
            // free runs: 1-3, 5-8, 10-20
            assertThat(contiguous(pool, 4)).containsExactly(5, 6, 7, 8);
            assertThat(contiguous(pool, 4)).containsExactly(10, 11, 12, 13);
            assertThat(contiguous(pool, 3)).containsExactly(14, 15, 16);
            assertThat(contiguous(pool, 4)).containsExactly(17, 18, 19, 20);
            assertThat(contiguous(pool, 3)).containsExactly(1, 2, 3);
        }

        @Test
        void runsDoNotWrapFromMaxPortToMinPort() {
            Pool pool = pool(1, 10);
            specific(pool, 3, 4, 5, 6, 7);
            Pool atEight = Pool.restore(NAME, PortRange.of(1, 10), List.of(), 8, pool.takenBits());
            // 8, 9, 10, 1, 2 are free, but 10 -> 1 is not a run
            assertThatThrownBy(() -> contiguous(atEight, 4)).isInstanceOf(PoolExhaustedException.class);
            assertThat(contiguous(atEight, 3)).containsExactly(8, 9, 10);
        }

        @Test
        void noFreeRunIsExhaustionEvenWithEnoughScatteredPorts() {
            Pool pool = pool(1, 10);
            specific(pool, 3, 6, 9);
            Snapshot before = Snapshot.of(pool);

            PoolExhaustedException e = catchThrowableOfType(PoolExhaustedException.class, () -> contiguous(pool, 3));

            assertThat(e.contiguous()).isTrue();
            assertThat(e.requested()).isEqualTo(3);
            assertThat(e.available()).isEqualTo(7);
            assertThat(e.getMessage()).contains("consecutive");
            assertThat(Snapshot.of(pool)).isEqualTo(before);
            // the same number of scattered ports is fine
            assertThat(dynamic(pool, 3)).containsExactly(1, 2, 4);
        }

        @Test
        void contiguousRequestLargerThanAvailableIsContiguousExhaustion() {
            Pool pool = pool(1, 10);
            dynamic(pool, 9);
            PoolExhaustedException e = catchThrowableOfType(PoolExhaustedException.class, () -> contiguous(pool, 2));
            assertThat(e.contiguous()).isTrue();
            assertThat(e.available()).isEqualTo(1);
        }

        @Test
        void longRunAcrossWordBoundaries() {
            Pool pool = pool(1, 1000);
            specific(pool, 100, 300);
            List<Integer> run = contiguous(pool, 500);
            assertThat(run).isEqualTo(ports(301, 800));
        }

        @Test
        void wholeRangeAsOneRun() {
            Pool pool = pool(10, 1033);
            assertThat(contiguous(pool, 1024)).isEqualTo(ports(10, 1033));
            assertThat(pool.availableCount()).isZero();
        }
    }

    @Nested
    final class Redefine {
        @Test
        void refusesARangeThatLeavesAllocatedPortsOutsideAndChangesNothing() {
            Pool pool = pool(1, 100);
            specific(pool, 5, 50, 95, 100);
            Snapshot before = Snapshot.of(pool);

            PoolConflictException e = catchThrowableOfType(PoolConflictException.class,
                    () -> pool.redefine(PortRange.of(10, 90), List.of()));

            assertThat(e.pool()).isEqualTo(NAME);
            assertThat(e.ports()).containsExactly(5, 95, 100);
            assertThat(e.getMessage()).contains("3 allocated ports");
            assertThat(Snapshot.of(pool)).isEqualTo(before);
        }

        @Test
        void refusesReservingAnAllocatedPort() {
            Pool pool = pool(1, 100);
            specific(pool, 20, 30);
            Snapshot before = Snapshot.of(pool);

            PoolConflictException e = catchThrowableOfType(PoolConflictException.class,
                    () -> pool.redefine(PortRange.of(1, 100), List.of(30, 40)));

            assertThat(e.ports()).containsExactly(30);
            assertThat(Snapshot.of(pool)).isEqualTo(before);
        }

        @Test
        void listsAtMostASampleOfManyStrandedPorts() {
            Pool pool = pool(1, 1000);
            dynamic(pool, 200);
            PoolConflictException e = catchThrowableOfType(PoolConflictException.class,
                    () -> pool.redefine(PortRange.of(500, 1000), List.of()));
            assertThat(e.ports()).hasSize(64).isEqualTo(ports(1, 64));
            assertThat(e.getMessage()).contains("200 allocated ports");
        }

        @Test
        void keepsAllocationsAndMovesTheCursorIntoTheNewRange() {
            Pool pool = pool(1, 100);
            dynamic(pool, 80); // cursor at 81
            pool.release(ports(1, 9));
            pool.release(ports(31, 80));
            pool.redefine(PortRange.of(10, 40), List.of(35));

            assertThat(pool.range()).isEqualTo(PortRange.of(10, 40));
            assertThat(pool.reserved()).containsExactly(35);
            assertThat(pool.allocatedCount()).isEqualTo(21);
            assertThat(pool.capacity()).isEqualTo(30);
            assertThat(pool.availableCount()).isEqualTo(9);
            assertThat(pool.stateOf(10)).isEqualTo(PortState.ALLOCATED);
            assertThat(pool.stateOf(30)).isEqualTo(PortState.ALLOCATED);
            assertThat(pool.stateOf(31)).isEqualTo(PortState.FREE);
            assertThat(pool.nextPort()).isEqualTo(10);
            assertThat(dynamic(pool, 5)).containsExactly(31, 32, 33, 34, 36);
        }

        @Test
        void cursorInsideTheNewRangeStaysWhereItIs() {
            Pool pool = pool(1, 100);
            dynamic(pool, 10); // cursor at 11
            specific(pool, 50);
            pool.redefine(PortRange.of(1, 60), List.of(57));
            assertThat(pool.nextPort()).isEqualTo(11);
            assertThat(pool.allocatedCount()).isEqualTo(11);
            assertThat(dynamic(pool, 1)).containsExactly(11);
        }

        @Test
        void cursorOutsideTheNewRangeMovesToItsMinPort() {
            Pool pool = pool(1, 100);
            dynamic(pool, 50); // cursor at 51
            pool.release(ports(1, 50));
            pool.redefine(PortRange.of(200, 300), List.of());
            assertThat(pool.nextPort()).isEqualTo(200);
            assertThat(dynamic(pool, 1)).containsExactly(200);
        }

        @Test
        void allocationsSurviveARangeThatGrowsAndShifts() {
            Pool pool = pool(100, 199);
            specific(pool, 150, 199);
            dynamic(pool, 2); // 100, 101, cursor at 102
            pool.redefine(PortRange.of(50, 250), List.of(60));

            assertThat(pool.allocatedCount()).isEqualTo(4);
            assertThat(pool.stateOf(100)).isEqualTo(PortState.ALLOCATED);
            assertThat(pool.stateOf(101)).isEqualTo(PortState.ALLOCATED);
            assertThat(pool.stateOf(150)).isEqualTo(PortState.ALLOCATED);
            assertThat(pool.stateOf(199)).isEqualTo(PortState.ALLOCATED);
            assertThat(pool.stateOf(60)).isEqualTo(PortState.RESERVED);
            assertThat(pool.stateOf(50)).isEqualTo(PortState.FREE);
            assertThat(pool.capacity()).isEqualTo(200);
            assertThat(pool.availableCount()).isEqualTo(196);
            assertThat(pool.nextPort()).isEqualTo(102);
            assertThat(dynamic(pool, 1)).containsExactly(102);
            assertThatThrownBy(() -> specific(pool, 150)).isInstanceOf(PortUnavailableException.class);
        }

        @Test
        void unreservingAPortMakesItAllocatable() {
            Pool pool = pool(1, 3, 2);
            assertThat(dynamic(pool, 2)).containsExactly(1, 3);
            pool.redefine(PortRange.of(1, 3), List.of());
            assertThat(pool.availableCount()).isEqualTo(1);
            assertThat(dynamic(pool, 1)).containsExactly(2);
        }

        @Test
        void isDefinedAsComparesRangeReservedPortsAndHostCheck() {
            Pool pool = pool(1, 100, 5, 7);
            assertThat(pool.isDefinedAs(PortRange.of(1, 100), List.of(7, 5, 5), false)).isTrue();
            assertThat(pool.isDefinedAs(PortRange.of(1, 100), List.of(5), false)).isFalse();
            assertThat(pool.isDefinedAs(PortRange.of(1, 101), List.of(5, 7), false)).isFalse();
            assertThat(pool.isDefinedAs(PortRange.of(1, 100), List.of(5, 7), true)).isFalse();
            assertThat(pool(1, 100).isDefinedAs(PortRange.of(1, 100), null, false)).isTrue();
        }
    }

    @Nested
    final class Deletion {
        @Test
        void emptyPoolIsDeletable() {
            Pool pool = pool(1, 10);
            pool.checkDeletable();
            List<Integer> ports = dynamic(pool, 2);
            pool.release(ports);
            pool.checkDeletable();
        }

        @Test
        void poolWithAllocationsIsNotDeletable() {
            Pool pool = pool(1, 10);
            specific(pool, 4, 9);
            PoolConflictException e = catchThrowableOfType(PoolConflictException.class, pool::checkDeletable);
            assertThat(e.pool()).isEqualTo(NAME);
            assertThat(e.ports()).containsExactly(4, 9);
            assertThat(e.getMessage()).contains("2 allocated ports");
        }
    }

    @Nested
    final class State {
        @Test
        void stateOfEachKindOfPort() {
            Pool pool = pool(1, 10, 3);
            specific(pool, 5);
            assertThat(pool.stateOf(1)).isEqualTo(PortState.FREE);
            assertThat(pool.stateOf(3)).isEqualTo(PortState.RESERVED);
            assertThat(pool.stateOf(5)).isEqualTo(PortState.ALLOCATED);
            assertThat(pool.stateOf(10)).isEqualTo(PortState.FREE);
        }

        @Test
        void stateOfAPortOutsideTheRangeIsInvalidInput() {
            Pool pool = pool(10, 20, 5);
            assertThatThrownBy(() -> pool.stateOf(9)).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> pool.stateOf(21)).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> pool.stateOf(5)).isInstanceOf(InvalidInputException.class);
        }

        @Test
        void countsFollowAllocationsAndReleases() {
            Pool pool = pool(1, 100, 50, 200);
            assertThat(pool.capacity()).isEqualTo(99);
            assertThat(pool.hasAllocations()).isFalse();
            List<Integer> ports = dynamic(pool, 10);
            assertThat(pool.allocatedCount()).isEqualTo(10);
            assertThat(pool.availableCount()).isEqualTo(89);
            assertThat(pool.hasAllocations()).isTrue();
            pool.release(ports.subList(0, 4));
            assertThat(pool.allocatedCount()).isEqualTo(6);
            assertThat(pool.availableCount()).isEqualTo(93);
            assertThat(pool.capacity()).isEqualTo(99);
        }
    }

    @Nested
    final class Restore {
        @Test
        void restoringTheStoredFormReproducesTheSameState() {
            Pool pool = pool(1000, 1199, 1010, 1100, 5);
            dynamic(pool, 70);
            specific(pool, 1150, 1199);
            contiguous(pool, 8);
            pool.release(List.of(1003, 1040));

            Pool restored = Pool.restore(NAME, pool.range(), pool.reserved(), pool.nextPort(), pool.takenBits());

            assertThat(Snapshot.of(restored)).isEqualTo(Snapshot.of(pool));
            assertThat(restored.name()).isEqualTo(NAME);
            for (int port = 1000; port <= 1199; port++) {
                assertThat(restored.stateOf(port)).as("port %d", port).isEqualTo(pool.stateOf(port));
            }
            // both go on to make the same choices
            assertThat(dynamic(restored, 5)).isEqualTo(dynamic(pool, 5));
            assertThat(contiguous(restored, 4)).isEqualTo(contiguous(pool, 4));
            assertThat(restored.nextPort()).isEqualTo(pool.nextPort());
        }

        @Test
        void emptyPoolStoresNoBitsAndRestoresEmpty() {
            Pool pool = pool(1, 65535);
            assertThat(pool.takenBits()).isEmpty();
            Pool restored = Pool.restore(NAME, PortRange.of(1, 65535), List.of(), 1, new byte[0]);
            assertThat(restored.allocatedCount()).isZero();
            assertThat(restored.availableCount()).isEqualTo(65535);
        }

        @Test
        void cursorOutsideTheRangeIsRestoredAtMinPort() {
            Pool restored = Pool.restore(NAME, PortRange.of(10, 20), List.of(), 99, new byte[0]);
            assertThat(restored.nextPort()).isEqualTo(10);
        }

        @Test
        void storedBitsBeyondTheRangeAreIgnored() {
            Pool restored = Pool.restore(NAME, PortRange.of(1, 4), List.of(), 1, new byte[] {(byte) 0xff, (byte) 0xff});
            assertThat(restored.allocatedCount()).isEqualTo(4);
            assertThat(restored.availableCount()).isZero();
        }

        @Test
        void restoredPoolAllocatesFromTheStoredCursor() {
            Pool pool = pool(1, 100);
            Set<Integer> seen = new HashSet<>(dynamic(pool, 30));
            Pool restored = Pool.restore(NAME, pool.range(), List.of(), pool.nextPort(), pool.takenBits());
            List<Integer> next = dynamic(restored, 5);
            assertThat(next).containsExactly(31, 32, 33, 34, 35);
            assertThat(seen).doesNotContainAnyElementsOf(next);
        }
    }

    @Test
    void countsChangesButNotRefusalsOrReleasesOfFreePorts() {
        Pool pool = Pool.create(PoolName.of("edge"), PortRange.of(10000, 10003), List.of());
        assertThat(pool.changeCount()).isZero();

        List<Integer> ports = pool.allocate(AllocationShape.dynamic(2, false));
        assertThat(pool.changeCount()).isEqualTo(1);

        assertThatThrownBy(() -> pool.allocate(AllocationShape.dynamic(3, false)))
                .isInstanceOf(PoolExhaustedException.class);
        pool.release(List.of(10003));
        assertThat(pool.changeCount()).as("a refusal and a release of a free port change nothing").isEqualTo(1);

        pool.release(ports);
        assertThat(pool.changeCount()).isGreaterThan(1);
        long released = pool.changeCount();
        pool.redefine(PortRange.of(10000, 10009), List.of());
        assertThat(pool.changeCount()).isGreaterThan(released);
    }
}
