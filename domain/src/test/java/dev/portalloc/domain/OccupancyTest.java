package dev.portalloc.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class OccupancyTest {

    @Test
    void newOccupancyIsEmpty() {
        Occupancy occupancy = new Occupancy(100);
        assertThat(occupancy.size()).isEqualTo(100);
        assertThat(occupancy.cardinality()).isZero();
        assertThat(occupancy.nextSet(0)).isEqualTo(-1);
        assertThat(occupancy.nextClear(0)).isZero();
        assertThat(occupancy.toBytes()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 65536})
    void rejectsSizesOutsideOneToHighestPort(int size) {
        assertThatThrownBy(() -> new Occupancy(size)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void setClearGetAndCardinality() {
        Occupancy occupancy = new Occupancy(130);
        occupancy.set(0);
        occupancy.set(63);
        occupancy.set(64);
        occupancy.set(129);
        assertThat(occupancy.get(0)).isTrue();
        assertThat(occupancy.get(1)).isFalse();
        assertThat(occupancy.get(63)).isTrue();
        assertThat(occupancy.get(64)).isTrue();
        assertThat(occupancy.get(65)).isFalse();
        assertThat(occupancy.get(129)).isTrue();
        assertThat(occupancy.cardinality()).isEqualTo(4);

        occupancy.set(63); // setting twice counts once
        assertThat(occupancy.cardinality()).isEqualTo(4);

        occupancy.clear(63);
        assertThat(occupancy.get(63)).isFalse();
        assertThat(occupancy.cardinality()).isEqualTo(3);

        occupancy.clear(63); // clearing twice counts once
        occupancy.clear(5);  // clearing a clear bit is a no-op
        assertThat(occupancy.cardinality()).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 63, 64, 65, 4096, 4097, 65535})
    void setAndClearRejectBitsOutsideTheSize(int size) {
        Occupancy occupancy = new Occupancy(size);
        assertThatThrownBy(() -> occupancy.set(size)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> occupancy.set(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> occupancy.clear(size)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(occupancy.cardinality()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 63, 64, 65, 127, 128, 129, 4095, 4096, 4097, 65535})
    void fullOccupancyHasNoClearBitAndEveryBitSet(int size) {
        Occupancy occupancy = new Occupancy(size);
        for (int i = 0; i < size; i++) {
            occupancy.set(i);
        }
        assertThat(occupancy.cardinality()).isEqualTo(size);
        assertThat(occupancy.nextClear(0)).isEqualTo(-1);
        assertThat(occupancy.nextClear(size - 1)).isEqualTo(-1);
        assertThat(occupancy.nextSet(0)).isZero();
        assertThat(occupancy.nextSet(size - 1)).isEqualTo(size - 1);
        assertThat(occupancy.nextSet(size)).isEqualTo(-1);
        assertThat(occupancy.nextClear(size)).isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 63, 64, 65, 127, 128, 129, 4095, 4096, 4097, 65535})
    void onlyTheLastBitClearIsFoundFromAnywhere(int size) {
        Occupancy occupancy = new Occupancy(size);
        for (int i = 0; i < size - 1; i++) {
            occupancy.set(i);
        }
        for (int from : new int[] {0, size / 2, Math.max(0, size - 65), Math.max(0, size - 64), size - 1}) {
            assertThat(occupancy.nextClear(from)).as("nextClear(%d)", from).isEqualTo(size - 1);
        }
        // the bits past the size in the partial last word never count as clear
        occupancy.set(size - 1);
        assertThat(occupancy.nextClear(0)).isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 63, 64, 65, 127, 128, 129, 4095, 4096, 4097, 65535})
    void onlyTheLastBitSetIsFoundFromAnywhere(int size) {
        Occupancy occupancy = new Occupancy(size);
        occupancy.set(size - 1);
        for (int from : new int[] {0, size / 2, Math.max(0, size - 65), Math.max(0, size - 64), size - 1}) {
            assertThat(occupancy.nextSet(from)).as("nextSet(%d)", from).isEqualTo(size - 1);
        }
        occupancy.clear(size - 1);
        assertThat(occupancy.nextSet(0)).isEqualTo(-1);
    }

    @Test
    void nextClearCrossesFullWordsAndSummaryWords() {
        Occupancy occupancy = new Occupancy(65535);
        // fill the first 4096 + 64 bits: one whole summary word plus one more full word
        for (int i = 0; i < 4096 + 64; i++) {
            occupancy.set(i);
        }
        assertThat(occupancy.nextClear(0)).isEqualTo(4096 + 64);
        assertThat(occupancy.nextClear(63)).isEqualTo(4096 + 64);
        assertThat(occupancy.nextClear(4095)).isEqualTo(4096 + 64);

        occupancy.clear(4096 + 3);
        assertThat(occupancy.nextClear(0)).isEqualTo(4096 + 3);
        assertThat(occupancy.nextClear(4096 + 4)).isEqualTo(4096 + 64);
    }

    @Test
    void nextSetCrossesEmptyWordsAndSummaryWords() {
        Occupancy occupancy = new Occupancy(65535);
        occupancy.set(40000);
        assertThat(occupancy.nextSet(0)).isEqualTo(40000);
        assertThat(occupancy.nextSet(39999)).isEqualTo(40000);
        assertThat(occupancy.nextSet(40000)).isEqualTo(40000);
        assertThat(occupancy.nextSet(40001)).isEqualTo(-1);

        occupancy.set(64);
        assertThat(occupancy.nextSet(1)).isEqualTo(64);
        assertThat(occupancy.nextSet(65)).isEqualTo(40000);
    }

    @Test
    void nextClearAndNextSetAtWordBoundaries() {
        Occupancy occupancy = new Occupancy(200);
        for (int i = 60; i < 130; i++) {
            occupancy.set(i);
        }
        assertThat(occupancy.nextClear(59)).isEqualTo(59);
        assertThat(occupancy.nextClear(60)).isEqualTo(130);
        assertThat(occupancy.nextClear(64)).isEqualTo(130);
        assertThat(occupancy.nextClear(128)).isEqualTo(130);
        assertThat(occupancy.nextSet(0)).isEqualTo(60);
        assertThat(occupancy.nextSet(63)).isEqualTo(63);
        assertThat(occupancy.nextSet(64)).isEqualTo(64);
        assertThat(occupancy.nextSet(129)).isEqualTo(129);
        assertThat(occupancy.nextSet(130)).isEqualTo(-1);
    }

    @Test
    void copyIsIndependent() {
        Occupancy original = new Occupancy(100);
        original.set(10);
        Occupancy copy = new Occupancy(original);
        copy.set(20);
        copy.clear(10);
        assertThat(original.get(10)).isTrue();
        assertThat(original.get(20)).isFalse();
        assertThat(original.cardinality()).isEqualTo(1);
        assertThat(copy.get(20)).isTrue();
        assertThat(copy.cardinality()).isEqualTo(1);
    }

    @Test
    void toBytesIsLittleEndianAndTrimsTrailingZeros() {
        Occupancy occupancy = new Occupancy(4096);
        occupancy.set(0);
        occupancy.set(9);
        assertThat(occupancy.toBytes()).containsExactly(0x01, 0x02);
        occupancy.set(63);
        assertThat(occupancy.toBytes()).hasSize(8);
        assertThat(occupancy.toBytes()[7]).isEqualTo((byte) 0x80);
        occupancy.clear(63);
        occupancy.clear(9);
        assertThat(occupancy.toBytes()).containsExactly(0x01);
        occupancy.clear(0);
        assertThat(occupancy.toBytes()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 63, 64, 65, 4096, 4097, 65535})
    void emptyBytesRestoreAnEmptyOccupancy(int size) {
        Occupancy occupancy = Occupancy.fromBytes(size, new byte[0]);
        assertThat(occupancy.size()).isEqualTo(size);
        assertThat(occupancy.cardinality()).isZero();
        assertThat(occupancy.nextClear(0)).isZero();
        assertThat(occupancy.nextSet(0)).isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 63, 64, 65, 4096, 4097, 65535})
    void fromBytesIgnoresBitsBeyondTheSize(int size) {
        byte[] allOnes = new byte[size / 8 + 16];
        Arrays.fill(allOnes, (byte) 0xff);
        Occupancy occupancy = Occupancy.fromBytes(size, allOnes);
        assertThat(occupancy.cardinality()).isEqualTo(size);
        assertThat(occupancy.nextClear(0)).isEqualTo(-1);
        assertThat(Occupancy.fromBytes(size, occupancy.toBytes()).cardinality()).isEqualTo(size);
        assertThat(occupancy.toBytes()).hasSize((size + 7) / 8);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 63, 64, 65, 4096, 4097, 65535})
    void bytesRoundTripPreservesEveryBitAndTheSearchSummaries(int size) {
        Random random = new Random(size);
        Occupancy occupancy = new Occupancy(size);
        BitSet expected = new BitSet(size);
        for (int i = 0; i < size; i++) {
            if (random.nextInt(3) != 0) {
                occupancy.set(i);
                expected.set(i);
            }
        }
        // a full run across a word boundary exercises the full-word summary after restoring
        for (int i = size / 2; i < Math.min(size, size / 2 + 130); i++) {
            occupancy.set(i);
            expected.set(i);
        }
        Occupancy restored = Occupancy.fromBytes(size, occupancy.toBytes());
        assertThat(restored.cardinality()).isEqualTo(expected.cardinality());
        assertThat(restored.toBytes()).isEqualTo(occupancy.toBytes());
        for (int i = 0; i < size; i++) {
            assertThat(restored.get(i)).isEqualTo(expected.get(i));
            assertThat(restored.nextClear(i)).isEqualTo(expectedNext(expected.nextClearBit(i), size));
            assertThat(restored.nextSet(i)).isEqualTo(expected.nextSetBit(i));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 63, 64, 65, 4096, 4097, 65535})
    void lastBitOnlyRoundTripsWithoutTrimmingIt(int size) {
        Occupancy occupancy = new Occupancy(size);
        occupancy.set(size - 1);
        byte[] bytes = occupancy.toBytes();
        assertThat(bytes).hasSize((size + 7) / 8);
        Occupancy restored = Occupancy.fromBytes(size, bytes);
        assertThat(restored.cardinality()).isEqualTo(1);
        assertThat(restored.get(size - 1)).isTrue();
        assertThat(restored.nextSet(0)).isEqualTo(size - 1);
    }

    /** Thousands of random operations checked against {@link BitSet} after each one. */
    @ParameterizedTest
    @ValueSource(ints = {1, 63, 64, 65, 200, 4096, 4097, 65535})
    void behavesLikeBitSet(int size) {
        Random random = new Random(31L * size + 7);
        Occupancy occupancy = new Occupancy(size);
        BitSet model = new BitSet(size);
        for (int op = 0; op < 5_000; op++) {
            int bit = randomBit(random, size);
            switch (random.nextInt(10)) {
                case 0, 1, 2, 3 -> {
                    occupancy.set(bit);
                    model.set(bit);
                }
                case 4, 5 -> {
                    occupancy.clear(bit);
                    model.clear(bit);
                }
                case 6 -> {
                    // set a whole run, so full words appear and vanish
                    int end = Math.min(size, bit + random.nextInt(200));
                    for (int i = bit; i < end; i++) {
                        occupancy.set(i);
                    }
                    model.set(bit, end);
                }
                case 7 -> {
                    int end = Math.min(size, bit + random.nextInt(200));
                    for (int i = bit; i < end; i++) {
                        occupancy.clear(i);
                    }
                    model.clear(bit, end);
                }
                case 8 -> {
                    Occupancy restored = Occupancy.fromBytes(size, occupancy.toBytes());
                    assertThat(restored.toBytes()).isEqualTo(model.toByteArray());
                    occupancy = restored;
                }
                default -> occupancy = new Occupancy(occupancy);
            }
            assertThat(occupancy.cardinality()).as("cardinality after op %d", op).isEqualTo(model.cardinality());
            assertThat(occupancy.toBytes()).as("bytes after op %d", op).isEqualTo(model.toByteArray());
            for (int probe = 0; probe < 8; probe++) {
                int from = random.nextInt(size + 1);
                assertThat(occupancy.nextClear(from)).as("nextClear(%d) after op %d", from, op)
                        .isEqualTo(from >= size ? -1 : expectedNext(model.nextClearBit(from), size));
                assertThat(occupancy.nextSet(from)).as("nextSet(%d) after op %d", from, op)
                        .isEqualTo(model.nextSetBit(from));
                if (from < size) {
                    assertThat(occupancy.get(from)).isEqualTo(model.get(from));
                }
            }
        }
    }

    /** Biased towards word and summary boundaries, where off-by-one errors live. */
    private static int randomBit(Random random, int size) {
        if (random.nextInt(4) == 0) {
            int boundary = random.nextBoolean() ? 64 * random.nextInt((size + 63) / 64) : 4096 * random.nextInt((size + 4095) / 4096);
            int bit = boundary + random.nextInt(3) - 1;
            return Math.max(0, Math.min(size - 1, bit));
        }
        return random.nextInt(size);
    }

    private static int expectedNext(int bitSetAnswer, int size) {
        return bitSetAnswer >= size ? -1 : bitSetAnswer;
    }
}
