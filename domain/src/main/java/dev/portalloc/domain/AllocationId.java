package dev.portalloc.domain;

import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An allocation's opaque identifier. New ids start with the creation time in milliseconds (hex), so
 * ordering by id is ordering by creation, which keeps pagination cursors stable and meaningful.
 */
public record AllocationId(String value) implements Comparable<AllocationId> {
    private static final int MAX_LENGTH = 64;

    public AllocationId {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH || !value.chars().allMatch(AllocationId::isIdChar)) {
            throw new InvalidInputException("id", "allocation id must be 1.." + MAX_LENGTH + " characters of [0-9a-z]");
        }
    }

    public static AllocationId of(String value) {
        return new AllocationId(value);
    }

    public static AllocationId newId(Instant createdAt) {
        long random = ThreadLocalRandom.current().nextLong() >>> 8; // 56 random bits
        return new AllocationId(String.format("%012x%014x", createdAt.toEpochMilli(), random));
    }

    private static boolean isIdChar(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z');
    }

    @Override
    public int compareTo(AllocationId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
