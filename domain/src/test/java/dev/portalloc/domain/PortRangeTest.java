package dev.portalloc.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class PortRangeTest {

    @ParameterizedTest
    @CsvSource({"1,65535,65535", "10000,19999,10000", "80,80,1", "65535,65535,1", "1,1,1"})
    void acceptsRangesWithinThePortSpace(int min, int max, int size) {
        PortRange range = PortRange.of(min, max);
        assertThat(range.min()).isEqualTo(min);
        assertThat(range.max()).isEqualTo(max);
        assertThat(range.size()).isEqualTo(size);
        assertThat(range).hasToString(min + "-" + max);
    }

    @ParameterizedTest
    @CsvSource({"0,10,minPort", "-1,10,minPort", "1,65536,maxPort", "10,0,maxPort", "65536,65536,minPort"})
    void rejectsBoundsOutsideThePortSpace(int min, int max, String field) {
        assertThatThrownBy(() -> PortRange.of(min, max))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void rejectsMinGreaterThanMax() {
        assertThatThrownBy(() -> PortRange.of(20000, 19999))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("minPort");
                    assertThat(e.getMessage()).contains("20000", "19999");
                });
    }

    @Test
    void containsIsInclusiveAtBothEnds() {
        PortRange range = PortRange.of(100, 200);
        assertThat(range.contains(99)).isFalse();
        assertThat(range.contains(100)).isTrue();
        assertThat(range.contains(150)).isTrue();
        assertThat(range.contains(200)).isTrue();
        assertThat(range.contains(201)).isFalse();
    }

    @Test
    void equalRangesAreEqual() {
        assertThat(PortRange.of(1, 2)).isEqualTo(new PortRange(1, 2)).isNotEqualTo(PortRange.of(1, 3));
    }

    @Test
    void requireValidPortNamesTheField() {
        PortRange.requireValidPort("port", 1);
        PortRange.requireValidPort("port", 65535);
        assertThatThrownBy(() -> PortRange.requireValidPort("reserved", 0))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("reserved"));
    }
}
