package dev.portalloc.benchmarks;

import java.util.Random;

/**
 * Which ports of a range are in use for a given fill, chosen at random with a fixed seed so every run
 * and every implementation sees the same pool. Unless the pool is empty, the free ports are one run of
 * {@code plantedRun} consecutive ports at a random place plus the rest scattered at random: at high
 * fill a random scatter alone leaves no run of 8 at all, and the planted run makes runs allocatable
 * while the scattered holes make every search step over fragments that are too short, the hard case.
 */
final class FillPattern {
    private FillPattern() {
    }

    /**
     * The used offsets (0 .. size-1), ascending.
     *
     * @param percent how full, 0..100: {@code round(size * percent / 100)} ports are used
     */
    static int[] usedOffsets(int size, double percent, int plantedRun, long seed) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("fill " + percent + "%");
        }
        int usedCount = (int) Math.round(size * percent / 100.0);
        int freeCount = size - usedCount;
        boolean[] free = new boolean[size];
        if (usedCount == 0) {
            java.util.Arrays.fill(free, true);
        } else {
            Random random = new Random(seed);
            int marked = 0;
            if (freeCount >= plantedRun) {
                int start = random.nextInt(size - plantedRun + 1);
                for (int i = 0; i < plantedRun; i++) {
                    free[start + i] = true;
                }
                marked = plantedRun;
            }
            while (marked < freeCount) {
                int offset = random.nextInt(size);
                if (!free[offset]) {
                    free[offset] = true;
                    marked++;
                }
            }
        }
        int[] used = new int[usedCount];
        int n = 0;
        for (int offset = 0; offset < size; offset++) {
            if (!free[offset]) {
                used[n++] = offset;
            }
        }
        return used;
    }

    /** The offsets as little-endian bits, the form {@code Pool.restore} reads. */
    static byte[] toBits(int size, int[] usedOffsets) {
        byte[] bits = new byte[(size + 7) / 8];
        for (int offset : usedOffsets) {
            bits[offset >>> 3] |= (byte) (1 << (offset & 7));
        }
        return bits;
    }
}
