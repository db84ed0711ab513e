package dev.portalloc.domain;

import java.util.Arrays;

/**
 * A fixed-size bitset over a pool's range (bit i stands for port {@code min + i}) with a summary
 * level that marks full and empty 64-bit words. Finding the next free or next used bit touches at
 * most one word plus the summary (1 long per 4096 ports), so its cost does not grow with how many
 * ports are in use: the pool answers as fast at 99.9% fill as when empty.
 */
final class Occupancy {
    private final int size;
    private final long[] words;
    /** Bit w set when {@code words[w]} has every bit in range set. */
    private final long[] fullWords;
    /** Bit w set when {@code words[w]} has any bit set. */
    private final long[] usedWords;
    private int cardinality;

    Occupancy(int size) {
        if (size < 1 || size > PortRange.HIGHEST_PORT) {
            throw new IllegalArgumentException("size " + size);
        }
        this.size = size;
        this.words = new long[(size + 63) >>> 6];
        this.fullWords = new long[(words.length + 63) >>> 6];
        this.usedWords = new long[fullWords.length];
    }

    Occupancy(Occupancy other) {
        this.size = other.size;
        this.words = other.words.clone();
        this.fullWords = other.fullWords.clone();
        this.usedWords = other.usedWords.clone();
        this.cardinality = other.cardinality;
    }

    /** Reads the little-endian form of {@link #toBytes()}; shorter input leaves the rest clear. */
    static Occupancy fromBytes(int size, byte[] bytes) {
        Occupancy occupancy = new Occupancy(size);
        int usable = Math.min(bytes.length, occupancy.words.length * 8);
        for (int i = 0; i < usable; i++) {
            occupancy.words[i >>> 3] |= (bytes[i] & 0xffL) << ((i & 7) * 8);
        }
        int tail = size & 63;
        if (tail != 0) {
            occupancy.words[occupancy.words.length - 1] &= (1L << tail) - 1;
        }
        for (int w = 0; w < occupancy.words.length; w++) {
            occupancy.cardinality += Long.bitCount(occupancy.words[w]);
            occupancy.updateSummary(w);
        }
        return occupancy;
    }

    /** Little-endian bytes, trailing zero bytes dropped (an empty pool stores nothing). */
    byte[] toBytes() {
        byte[] bytes = new byte[words.length * 8];
        int length = 0;
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (words[i >>> 3] >>> ((i & 7) * 8));
            if (bytes[i] != 0) {
                length = i + 1;
            }
        }
        return Arrays.copyOf(bytes, length);
    }

    int size() {
        return size;
    }

    int cardinality() {
        return cardinality;
    }

    boolean get(int bit) {
        return (words[bit >>> 6] & (1L << bit)) != 0;
    }

    void set(int bit) {
        checkBit(bit);
        int w = bit >>> 6;
        long before = words[w];
        words[w] = before | (1L << bit);
        if (words[w] != before) {
            cardinality++;
            updateSummary(w);
        }
    }

    void clear(int bit) {
        checkBit(bit);
        int w = bit >>> 6;
        long before = words[w];
        words[w] = before & ~(1L << bit);
        if (words[w] != before) {
            cardinality--;
            updateSummary(w);
        }
    }

    /** The first clear bit at or after {@code from}, or -1 when every bit from there on is set. */
    int nextClear(int from) {
        if (from >= size) {
            return -1;
        }
        int w = from >>> 6;
        long free = ~words[w] & (-1L << from);
        if (free == 0) {
            w = nextWord(fullWords, w + 1, true);
            if (w < 0) {
                return -1;
            }
            free = ~words[w];
        }
        int bit = (w << 6) + Long.numberOfTrailingZeros(free);
        return bit < size ? bit : -1;
    }

    /** The first set bit at or after {@code from}, or -1 when none is set from there on. */
    int nextSet(int from) {
        if (from >= size) {
            return -1;
        }
        int w = from >>> 6;
        long used = words[w] & (-1L << from);
        if (used == 0) {
            w = nextWord(usedWords, w + 1, false);
            if (w < 0) {
                return -1;
            }
            used = words[w];
        }
        return (w << 6) + Long.numberOfTrailingZeros(used);
    }

    /**
     * The first word index at or after {@code from} whose summary bit is clear (when
     * {@code wantClear}) or set (otherwise), or -1.
     */
    private int nextWord(long[] summary, int from, boolean wantClear) {
        if (from >= words.length) {
            return -1;
        }
        int s = from >>> 6;
        long candidates = (wantClear ? ~summary[s] : summary[s]) & (-1L << from);
        while (candidates == 0) {
            if (++s == summary.length) {
                return -1;
            }
            candidates = wantClear ? ~summary[s] : summary[s];
        }
        int w = (s << 6) + Long.numberOfTrailingZeros(candidates);
        return w < words.length ? w : -1;
    }

    private void updateSummary(int w) {
        long full = w == words.length - 1 && (size & 63) != 0 ? (1L << (size & 63)) - 1 : -1L;
        setSummaryBit(fullWords, w, words[w] == full);
        setSummaryBit(usedWords, w, words[w] != 0);
    }

    private static void setSummaryBit(long[] summary, int w, boolean value) {
        if (value) {
            summary[w >>> 6] |= 1L << w;
        } else {
            summary[w >>> 6] &= ~(1L << w);
        }
    }

    private void checkBit(int bit) {
        if (bit < 0 || bit >= size) {
            throw new IndexOutOfBoundsException(bit);
        }
    }
}
