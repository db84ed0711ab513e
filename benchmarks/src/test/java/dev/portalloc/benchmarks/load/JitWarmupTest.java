package dev.portalloc.benchmarks.load;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JitWarmupTest {
    @Test
    void loadsWindowAfterWindowUntilTheCompilerWorkedLessThanItsShareOfOne() throws Exception {
        // Compiler time after each window: 3 s, then 1 s, then 0.05 s more (1 % of a 5 s window).
        Iterator<Duration> totals = List.of(Duration.ZERO, Duration.ofSeconds(3), Duration.ofSeconds(4),
                Duration.ofMillis(4050), Duration.ofSeconds(99)).iterator();
        List<Integer> windows = new ArrayList<>();

        JitWarmup.Outcome outcome = JitWarmup.run(totals::next, (window, length) -> windows.add(window),
                Duration.ofSeconds(60));

        assertThat(windows).containsExactly(0, 1, 2);
        assertThat(outcome.settled()).isTrue();
        assertThat(outcome.loaded()).isEqualTo(Duration.ofSeconds(15));
        assertThat(outcome.compileTime()).isEqualTo(Duration.ofMillis(4050));
        assertThat(outcome.lastWindowCompileTime()).isEqualTo(Duration.ofMillis(50));
        assertThat(outcome.describe()).startsWith("JIT settled after 15 s");
    }

    @Test
    void aWindowWithJustTheShareOfCompilingIsNotSettled() throws Exception {
        long share = Math.round(JitWarmup.WINDOW.toMillis() * JitWarmup.SETTLED_SHARE);
        Iterator<Duration> totals = List.of(Duration.ZERO, Duration.ofMillis(share), Duration.ofMillis(share + 1))
                .iterator();

        JitWarmup.Outcome outcome = JitWarmup.run(totals::next, (window, length) -> { }, Duration.ofMinutes(1));

        assertThat(outcome.loaded()).isEqualTo(JitWarmup.WINDOW.multipliedBy(2));
        assertThat(outcome.settled()).isTrue();
    }

    @Test
    void stopsAtTheLimitWhenTheCompilerNeverSettles() throws Exception {
        long[] total = {0};
        List<Duration> lengths = new ArrayList<>();

        JitWarmup.Outcome outcome = JitWarmup.run(() -> Duration.ofSeconds(total[0]++),
                (window, length) -> lengths.add(length), Duration.ofSeconds(12));

        assertThat(lengths).hasSize(3).containsOnly(JitWarmup.WINDOW);
        assertThat(outcome.settled()).isFalse();
        assertThat(outcome.loaded()).isEqualTo(Duration.ofSeconds(15));
        assertThat(outcome.describe()).startsWith("JIT still compiling, warm-up cut after 15 s");
    }
}
