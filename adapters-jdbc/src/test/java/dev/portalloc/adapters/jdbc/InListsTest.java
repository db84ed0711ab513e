package dev.portalloc.adapters.jdbc;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

final class InListsTest {
    @Test
    void anInListIsPaddedWithItsLastValueToAPowerOfTwo() {
        assertThat(InLists.padded(List.of())).isEmpty();
        assertThat(InLists.padded(List.of("a"))).containsExactly("a");
        assertThat(InLists.padded(List.of("a", "b"))).containsExactly("a", "b");
        assertThat(InLists.padded(List.of("a", "b", "c"))).containsExactly("a", "b", "c", "c");
        assertThat(InLists.padded(List.of("a", "b", "c", "d", "e"))).hasSize(8).startsWith("a", "b", "c", "d", "e")
                .endsWith("e", "e", "e", "e");
        for (int size = 1; size <= 1000; size++) {
            List<Integer> padded = InLists.padded(IntStream.range(0, size).boxed().toList());
            assertThat(Integer.bitCount(padded.size())).as("size %d padded to %d", size, padded.size()).isEqualTo(1);
            assertThat(padded.size()).isLessThan(2 * size).isGreaterThanOrEqualTo(size);
        }
    }

    @Test
    void placeholdersAreTheGivenCopiesCommaSeparated() {
        assertThat(InLists.placeholders(3, "?")).isEqualTo("?, ?, ?");
        assertThat(InLists.placeholders(2, "(?, ?, ?)")).isEqualTo("(?, ?, ?), (?, ?, ?)");
    }
}
