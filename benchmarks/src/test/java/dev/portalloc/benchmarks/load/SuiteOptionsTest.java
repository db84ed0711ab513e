package dev.portalloc.benchmarks.load;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SuiteOptionsTest {
    @Test
    void defaults() {
        SuiteOptions o = SuiteOptions.parse(new String[0], Map.of());

        assertThat(o.backends()).containsExactly("h2", "postgresql");
        assertThat(o.jitWarmupMax()).isEqualTo(Duration.ofSeconds(180));
        assertThat(o.warmup()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.measure()).isEqualTo(Duration.ofSeconds(15));
        assertThat(o.clients()).containsExactly(1, 4, 16, 64);
        assertThat(o.runs("inprocess")).isTrue();
        assertThat(o.runs("http")).isTrue();
        assertThat(o.pgAdminUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/postgres");
    }

    @Test
    void quickIsShortUnlessToldOtherwise() {
        assertThat(SuiteOptions.parse(new String[] {"--quick"}, Map.of()).measure()).isEqualTo(Duration.ofSeconds(5));
        assertThat(SuiteOptions.parse(new String[] {"--quick", "--measure", "2.5"}, Map.of()).measure())
                .isEqualTo(Duration.ofMillis(2500));
        assertThat(SuiteOptions.parse(new String[] {"--quick"}, Map.of("PORTALLOC_BENCH_WARMUP", "1")).warmup())
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(SuiteOptions.parse(new String[] {"--warmup", "0"}, Map.of("PORTALLOC_BENCH_WARMUP", "9")).warmup())
                .isZero();
        assertThat(SuiteOptions.parse(new String[] {"--quick"}, Map.of()).jitWarmupMax()).isEqualTo(Duration.ofSeconds(20));
        assertThat(SuiteOptions.parse(new String[] {"--quick", "--jit-warmup-max", "0"}, Map.of()).jitWarmupMax())
                .isZero();
    }

    @Test
    void inprocessBringsPgbenchAlong() {
        SuiteOptions o = SuiteOptions.parse(new String[] {"--only", "inprocess", "--backend", "postgres",
                "--clients", "2, 8"}, Map.of());

        assertThat(o.backends()).isEqualTo(List.of("postgresql"));
        assertThat(o.runs("inprocess")).isTrue();
        assertThat(o.runs("pgbench")).isTrue();
        assertThat(o.runs("http")).isFalse();
        assertThat(o.clients()).containsExactly(2, 8);
        assertThat(SuiteOptions.parse(new String[] {"--only", "pgbench"}, Map.of()).runs("inprocess")).isFalse();
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> SuiteOptions.parse(new String[] {"--backend", "oracle"}, Map.of()))
                .isInstanceOf(SuiteOptions.UsageException.class);
        assertThatThrownBy(() -> SuiteOptions.parse(new String[] {"--measure", "0"}, Map.of()))
                .isInstanceOf(SuiteOptions.UsageException.class);
        assertThatThrownBy(() -> SuiteOptions.parse(new String[] {"--warmup"}, Map.of()))
                .isInstanceOf(SuiteOptions.UsageException.class);
        assertThatThrownBy(() -> SuiteOptions.parse(new String[] {"--frobnicate", "1"}, Map.of()))
                .isInstanceOf(SuiteOptions.UsageException.class);
    }
}
