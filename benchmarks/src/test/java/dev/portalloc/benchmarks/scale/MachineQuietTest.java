package dev.portalloc.benchmarks.scale;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MachineQuietTest {
    @Test
    void idleAndIowaitAreIdleAndGuestIsNotCountedTwice() {
        MachineQuiet.CpuTimes t = MachineQuiet.parse("cpu  100 10 50 800 40 0 0 0 30 0");
        assertThat(t.total()).isEqualTo(1000);
        assertThat(t.busy()).isEqualTo(160);
    }

    @Test
    void busyShareIsTheDeltaOfBusyOverTheDeltaOfTotal() {
        MachineQuiet.CpuTimes before = MachineQuiet.parse("cpu 100 0 100 800 0 0 0 0");
        MachineQuiet.CpuTimes after = MachineQuiet.parse("cpu 150 0 110 1040 0 0 0 0");
        assertThat(after.busySince(before)).isCloseTo(60.0 / 300, within(1e-12));
        assertThat(before.busySince(before)).isNaN();
    }

    @Test
    void refusesAPerCoreLine() {
        assertThatThrownBy(() -> MachineQuiet.parse("cpu0 1 2 3 4 5"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
