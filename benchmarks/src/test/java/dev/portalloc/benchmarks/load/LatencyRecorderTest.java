package dev.portalloc.benchmarks.load;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LatencyRecorderTest {
    private static LatencyRecorder micros(long... values) {
        LatencyRecorder recorder = new LatencyRecorder(2); // small, so that recording has to grow it
        for (long v : values) {
            recorder.record(v * 1_000);
        }
        return recorder;
    }

    @Test
    void nearestRankOfOneToHundred() {
        long[] values = new long[100];
        for (int i = 0; i < 100; i++) {
            values[i] = 100 - i; // recorded out of order
        }
        LatencyRecorder recorder = micros(values);

        assertThat(recorder.count()).isEqualTo(100);
        assertThat(recorder.percentileMicros(50)).isEqualTo(50.0);
        assertThat(recorder.percentileMicros(99)).isEqualTo(99.0);
        assertThat(recorder.percentileMicros(100)).isEqualTo(100.0);
        assertThat(recorder.percentileMicros(0.5)).isEqualTo(1.0);
        assertThat(recorder.meanMicros()).isEqualTo(50.5);
    }

    @Test
    void aSmallSampleRoundsTheRankUp() {
        LatencyRecorder recorder = micros(10, 20, 30);

        assertThat(recorder.percentileMicros(50)).isEqualTo(20.0); // ceil(1.5) = 2nd
        assertThat(recorder.percentileMicros(99)).isEqualTo(30.0); // ceil(2.97) = 3rd
        assertThat(micros(7).percentileMicros(99)).isEqualTo(7.0);
    }

    @Test
    void theTailShowsInP99ButNotInP50() {
        long[] values = new long[1000];
        java.util.Arrays.fill(values, 100);
        for (int i = 0; i < 20; i++) {
            values[i] = 50_000; // 2% slow
        }
        LatencyRecorder recorder = micros(values);

        assertThat(recorder.percentileMicros(50)).isEqualTo(100.0);
        assertThat(recorder.percentileMicros(99)).isEqualTo(50_000.0);
    }

    @Test
    void keepsSubMicrosecondPrecision() {
        LatencyRecorder recorder = new LatencyRecorder();
        recorder.record(1_500);

        assertThat(recorder.percentileMicros(50)).isEqualTo(1.5);
    }

    @Test
    void mergesThreadsWithoutLosingSamples() {
        LatencyRecorder merged = LatencyRecorder.merge(List.of(micros(1, 2, 3), micros(), micros(4, 5, 6, 7, 8, 9, 10)));

        assertThat(merged.count()).isEqualTo(10);
        assertThat(merged.percentileMicros(50)).isEqualTo(5.0);
        assertThat(merged.percentileMicros(100)).isEqualTo(10.0);
    }

    @Test
    void emptyIsNotANumber() {
        assertThat(new LatencyRecorder().percentileMicros(50)).isNaN();
        assertThat(new LatencyRecorder().meanMicros()).isNaN();
        assertThat(LatencyRecorder.merge(List.of()).percentileMicros(99)).isNaN();
    }

    @Test
    void refusesPercentagesOutsideTheRange() {
        assertThatThrownBy(() -> micros(1).percentileMicros(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> micros(1).percentileMicros(100.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> micros(1).percentileMicros(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
