package dev.portalloc.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class AllocationIdTest {

    @Test
    void newIdIsLowercaseHexOfFixedLength() {
        AllocationId id = AllocationId.newId(Instant.parse("2026-11-27T08:00:00Z"));
        assertThat(id.value()).matches("[0-9a-f]{26}");
        assertThat(id.value()).startsWith(String.format("%012x", Instant.parse("2026-11-27T08:00:00Z").toEpochMilli()));
        assertThat(AllocationId.of(id.value())).isEqualTo(id);
        assertThat(id).hasToString(id.value());
    }

    @Test
    void newIdsAreDistinctWithinOneMillisecond() {
        Instant now = Instant.parse("2026-11-27T08:00:00Z");
        Set<AllocationId> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(AllocationId.newId(now));
        }
        assertThat(ids).hasSize(10_000);
    }

    @Test
    void newIdsSortByCreationTime() {
        Random random = new Random(11);
        List<Instant> times = new ArrayList<>();
        Instant t = Instant.parse("1970-01-01T00:00:00.001Z");
        for (int i = 0; i < 2_000; i++) {
            times.add(t);
            // steps from a millisecond to months, so ids cross hex digit boundaries (about 270 years in all)
            t = t.plusMillis(1 + (random.nextBoolean() ? random.nextInt(1_000) : (long) random.nextInt(1 << 24) * 1_000));
        }
        times.add(Instant.parse("2999-12-31T23:59:59.999Z"));
        List<AllocationId> ids = times.stream().map(AllocationId::newId).toList();
        assertThat(ids).isSorted();
        for (int i = 1; i < ids.size(); i++) {
            assertThat(ids.get(i - 1)).isLessThan(ids.get(i));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "a1b2c3", "0", "0123456789abcdefghijklmnopqrstuvwxyz"})
    void acceptsLowercaseAlphanumericIds(String value) {
        assertThat(AllocationId.of(value).value()).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "A1", "a-1", "a_1", "a 1", "../x", "a\n", "é", "a/b", "1;drop"})
    void rejectsOtherIds(String value) {
        assertThatThrownBy(() -> AllocationId.of(value))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("id"));
    }

    @Test
    void lengthLimitIs64() {
        assertThat(AllocationId.of("a".repeat(64)).value()).hasSize(64);
        assertThatThrownBy(() -> AllocationId.of("a".repeat(65))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> AllocationId.of(null)).isInstanceOf(InvalidInputException.class);
    }
}
