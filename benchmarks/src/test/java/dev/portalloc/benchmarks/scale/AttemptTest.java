package dev.portalloc.benchmarks.scale;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AttemptTest {
    private static Attempt attempt(int number, double otherCpu) {
        return new Attempt(number, null, null, 0, otherCpu, 0, 1);
    }

    @Test
    void theLeastDisturbedTryIsReported() {
        assertThat(Attempt.leastDisturbed(List.of(attempt(1, 0.52), attempt(2, 0.03), attempt(3, 0.20))).number())
                .isEqualTo(2);
        assertThat(Attempt.leastDisturbed(List.of(attempt(1, 0.05), attempt(2, 0.05))).number()).isEqualTo(1);
    }

    @Test
    void unknownDisturbanceIsNotHeldAgainstATry() {
        assertThat(attempt(1, Double.NaN).disturbed()).isFalse();
        assertThat(Attempt.leastDisturbed(List.of(attempt(1, Double.NaN), attempt(2, Double.NaN))).number()).isEqualTo(1);
    }

    @Test
    void tenPercentOfTheMachineDisturbs() {
        assertThat(attempt(1, 0.099).disturbed()).isFalse();
        assertThat(attempt(1, 0.10).disturbed()).isTrue();
        assertThatThrownBy(() -> Attempt.leastDisturbed(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
