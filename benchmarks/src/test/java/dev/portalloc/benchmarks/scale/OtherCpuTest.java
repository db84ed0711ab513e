package dev.portalloc.benchmarks.scale;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OtherCpuTest {
    @Test
    void readsUserAndSystemTicksPastACommandNameWithSpacesAndParentheses() {
        String line = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 12345 0 0 0 1500 250 0 0 20 0 40 0 900 "
                + "4000000000 50000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";
        assertThat(OtherCpu.parseProcessTicks(line)).isEqualTo(1750);
    }
}
