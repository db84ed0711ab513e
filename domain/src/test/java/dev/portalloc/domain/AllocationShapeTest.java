package dev.portalloc.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class AllocationShapeTest {

    @Test
    void countDefaultsToOne() {
        AllocationShape shape = AllocationShape.of(null, null, false);
        assertThat(shape.count()).isEqualTo(1);
        assertThat(shape.requestedPorts()).isEmpty();
        assertThat(shape.isSpecific()).isFalse();
        assertThat(shape.contiguous()).isFalse();
    }

    @Test
    void countDefaultsToTheNumberOfListedPorts() {
        AllocationShape shape = AllocationShape.of(null, List.of(5672, 15672, 25672), false);
        assertThat(shape.count()).isEqualTo(3);
        assertThat(shape.isSpecific()).isTrue();
    }

    @Test
    void countAndPortsMayAgree() {
        AllocationShape shape = AllocationShape.of(2, List.of(5672, 15672), false);
        assertThat(shape.count()).isEqualTo(2);
        assertThat(shape.requestedPorts()).containsExactly(5672, 15672);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 512, AllocationShape.MAX_COUNT})
    void acceptsCountsWithinBounds(int count) {
        assertThat(AllocationShape.dynamic(count, false).count()).isEqualTo(count);
        assertThat(AllocationShape.of(count, null, true).count()).isEqualTo(count);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 1025, Integer.MAX_VALUE, Integer.MIN_VALUE})
    void rejectsCountsOutOfBounds(int count) {
        assertThatThrownBy(() -> AllocationShape.of(count, null, false))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("count"));
        assertThatThrownBy(() -> AllocationShape.dynamic(count, true))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void rejectsMoreThanMaxCountListedPorts() {
        List<Integer> ports = IntStream.rangeClosed(1000, 2024).boxed().toList();
        assertThat(ports).hasSize(1025);
        assertThatThrownBy(() -> AllocationShape.specific(ports)).isInstanceOf(InvalidInputException.class);
        assertThat(AllocationShape.specific(ports.subList(0, 1024)).count()).isEqualTo(1024);
    }

    @Test
    void rejectsCountThatDisagreesWithPorts() {
        assertThatThrownBy(() -> AllocationShape.of(3, List.of(5672, 15672), false))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("count"));
        assertThatThrownBy(() -> AllocationShape.of(1, List.of(5672, 15672), false))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void rejectsDuplicatePorts() {
        assertThatThrownBy(() -> AllocationShape.specific(List.of(5672, 80, 5672)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("ports");
                    assertThat(e.getMessage()).contains("5672");
                });
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 65536, 100000})
    void rejectsPortsThatAreNotPortNumbers(int port) {
        assertThatThrownBy(() -> AllocationShape.specific(List.of(80, port)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("ports"));
    }

    @Test
    void acceptsTheLowestAndHighestPorts() {
        assertThat(AllocationShape.specific(List.of(65535, 1)).requestedPorts()).containsExactly(1, 65535);
    }

    @Test
    void rejectsNullPort() {
        List<Integer> ports = new ArrayList<>(Arrays.asList(80, null));
        assertThatThrownBy(() -> AllocationShape.specific(ports)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void rejectsAnEmptyPortsList() {
        assertThatThrownBy(() -> AllocationShape.specific(List.of()))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("ports"));
        assertThatThrownBy(() -> AllocationShape.of(1, List.of(), false))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void rejectsContiguousSpecificPortsThatAreNotOneRun() {
        assertThatThrownBy(() -> AllocationShape.of(null, List.of(10, 12), true))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("ports"));
        assertThatThrownBy(() -> AllocationShape.of(null, List.of(10, 11, 13), true))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void acceptsContiguousSpecificPortsThatFormOneRunInAnyOrder() {
        AllocationShape shape = AllocationShape.of(null, List.of(12, 10, 11), true);
        assertThat(shape.requestedPorts()).containsExactly(10, 11, 12);
        assertThat(shape.contiguous()).isTrue();
        assertThat(AllocationShape.of(null, List.of(7), true).requestedPorts()).containsExactly(7);
    }

    @Test
    void portsAreSortedAndCopied() {
        List<Integer> ports = new ArrayList<>(List.of(15672, 5672, 80));
        AllocationShape shape = AllocationShape.specific(ports);
        ports.set(0, 1);
        assertThat(shape.requestedPorts()).containsExactly(80, 5672, 15672);
        assertThatThrownBy(() -> shape.requestedPorts().add(1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void sameRequestGivesEqualShapes() {
        assertThat(AllocationShape.of(null, null, false)).isEqualTo(AllocationShape.dynamic(1, false))
                .hasSameHashCodeAs(AllocationShape.dynamic(1, false));
        assertThat(AllocationShape.of(2, null, true)).isEqualTo(AllocationShape.dynamic(2, true));
        assertThat(AllocationShape.specific(List.of(15672, 5672)))
                .isEqualTo(AllocationShape.of(2, List.of(5672, 15672), false))
                .isEqualTo(AllocationShape.of(null, new ArrayList<>(List.of(5672, 15672)), false))
                .hasSameHashCodeAs(AllocationShape.of(2, List.of(5672, 15672), false));
    }

    @Test
    void differentRequestsGiveDifferentShapes() {
        assertThat(AllocationShape.dynamic(2, false)).isNotEqualTo(AllocationShape.dynamic(3, false));
        assertThat(AllocationShape.dynamic(2, false)).isNotEqualTo(AllocationShape.dynamic(2, true));
        assertThat(AllocationShape.dynamic(1, false)).isNotEqualTo(AllocationShape.specific(List.of(10000)));
        assertThat(AllocationShape.specific(List.of(10000))).isNotEqualTo(AllocationShape.specific(List.of(10001)));
        assertThat(AllocationShape.specific(List.of(10, 11)))
                .isNotEqualTo(AllocationShape.of(null, List.of(10, 11), true));
    }

    @Test
    void describesItself() {
        assertThat(AllocationShape.dynamic(1, false).describe()).isEqualTo("1 port");
        assertThat(AllocationShape.dynamic(3, true).describe()).isEqualTo("3 contiguous ports");
        assertThat(AllocationShape.specific(List.of(81, 80)).describe()).isEqualTo("ports [80, 81]");
    }
}
