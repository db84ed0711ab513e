package dev.portalloc.benchmarks.load;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JitWarmupTest {
    private static final Duration LONG_ENOUGH = Duration.ofMinutes(1);

    @Test
    void loadsWindowAfterWindowUntilTheCompilerWorkedLessThanItsShareOfOne() throws Exception {
        // A JVM that had compiled for 10 s before; then 3 s, 1 s and 0.05 s (1 % of a 5 s window) per window.
        Iterator<Duration> totals = seconds(10, 13, 14, 14.05, 99).iterator();
        List<Integer> windows = new ArrayList<>();

        JitWarmup.Outcome outcome = JitWarmup.run(totals::next, (window, length) -> {
            windows.add(window);
            return cycles(100, 0);
        }, LONG_ENOUGH);

        assertThat(windows).containsExactly(0, 1, 2);
        assertThat(outcome.settled()).isTrue();
        assertThat(outcome.loaded()).isEqualTo(Duration.ofSeconds(15));
        assertThat(outcome.compileTime()).isEqualTo(Duration.ofMillis(4050));
        assertThat(outcome.lastWindowCompileTime()).isEqualTo(Duration.ofMillis(50));
        assertThat(outcome.describe()).startsWith("JIT settled after 15 s");
    }

    @Test
    void aWindowAtExactlyTheShareDoesNotEndTheWarmUp() throws Exception {
        double share = JitWarmup.WINDOW.toMillis() * JitWarmup.SETTLED_SHARE / 1000;
        Iterator<Duration> totals = seconds(0, share, share + 0.001).iterator();

        JitWarmup.Outcome outcome = JitWarmup.run(totals::next, (window, length) -> cycles(100, 0), LONG_ENOUGH);

        assertThat(outcome.loaded()).isEqualTo(JitWarmup.WINDOW.multipliedBy(2));
        assertThat(outcome.lastWindowCompileTime()).isEqualTo(Duration.ofMillis(1));
        assertThat(outcome.settled()).isTrue();
    }

    @Test
    void aWindowWithFailedOrNoCyclesNeverEndsTheWarmUp() throws Exception {
        Iterator<LoadResult> results = List.of(cycles(0, 0), cycles(90, 10), cycles(100, 0)).iterator();

        JitWarmup.Outcome outcome = JitWarmup.run(() -> Duration.ZERO, (window, length) -> results.next(),
                LONG_ENOUGH);

        assertThat(outcome.loaded()).isEqualTo(Duration.ofSeconds(15));
        assertThat(outcome.errors()).isEqualTo(10);
        assertThat(outcome.settled()).isTrue();
        assertThat(outcome.describe()).endsWith("10 failed cycles)");
    }

    @Test
    void stopsAtTheLimitRoundedUpToAWholeWindowWhenTheCompilerNeverSettles() throws Exception {
        long[] total = {0};
        List<Duration> lengths = new ArrayList<>();

        JitWarmup.Outcome outcome = JitWarmup.run(() -> Duration.ofSeconds(total[0]++), (window, length) -> {
            lengths.add(length);
            return cycles(100, 0);
        }, Duration.ofSeconds(12));

        assertThat(lengths).hasSize(3).containsOnly(JitWarmup.WINDOW);
        assertThat(outcome.settled()).isFalse();
        assertThat(outcome.loaded()).isEqualTo(Duration.ofSeconds(15));
        assertThat(outcome.compileTime()).isEqualTo(Duration.ofSeconds(3));
        assertThat(outcome.describe()).startsWith("JIT still compiling, warm-up cut after 15 s");
    }

    private static List<Duration> seconds(double... values) {
        List<Duration> durations = new ArrayList<>();
        for (double value : values) {
            durations.add(Duration.ofNanos(Math.round(value * 1e9)));
        }
        return durations;
    }

    private static LoadResult cycles(long cycles, long errors) {
        return new LoadResult("warm-up", "h2", LoadResult.IN_PROCESS, 16, 1, cycles, JitWarmup.WINDOW, errors,
                0, 0, 0, 0, 0);
    }
}
