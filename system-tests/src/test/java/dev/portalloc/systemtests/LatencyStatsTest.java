package dev.portalloc.systemtests;

import org.junit.jupiter.api.Test;

import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

final class LatencyStatsTest {

    @Test
    void percentilesAreNearestRankInMilliseconds() {
        long[] nanos = LongStream.rangeClosed(1, 1000).map(ms -> ms * 1_000_000L).toArray();

        LatencyStats stats = LatencyStats.of(nanos);

        assertThat(stats.count()).isEqualTo(1000);
        assertThat(stats.p50()).isEqualTo(500.0);
        assertThat(stats.p90()).isEqualTo(900.0);
        assertThat(stats.p99()).isEqualTo(990.0);
        assertThat(stats.max()).isEqualTo(1000.0);
    }

    @Test
    void nothingMeasuredIsAllZero() {
        assertThat(LatencyStats.of(new long[0])).isEqualTo(new LatencyStats(0, 0, 0, 0, 0));
    }
}
