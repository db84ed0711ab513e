package dev.portalloc.benchmarks.scale;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class GcAnalysisTest {
    /** A sample with the given uptime, old gen (MB), collections and total GC seconds. */
    private static GcSample sample(double uptime, double oldMb, long youngGcs, double gcSeconds) {
        return new GcSample(uptime, 1024, 1024, 0, 512, 10240, 4096, 100 * 1024, oldMb * 1024, youngGcs,
                gcSeconds, 0, 0, 0, 0, gcSeconds);
    }

    private static GcAnalysis.TimedSample at(long millis, GcSample sample) {
        return new GcAnalysis.TimedSample(millis, sample);
    }

    @Test
    void gcFractionIsPauseTimeOverWallTime() {
        assertThat(GcAnalysis.gcFraction(1.5, 60)).isCloseTo(0.025, within(1e-12));
        assertThat(GcAnalysis.gcFraction(0, 60)).isZero();
        assertThat(GcAnalysis.gcFraction(1, 0)).isNaN();
        assertThat(GcAnalysis.gcFraction(1, Double.NaN)).isNaN();
    }

    @Test
    void onlyTheWindowCountsAndWallTimeIsTheJvmsUptime() {
        List<GcAnalysis.TimedSample> samples = List.of(
                at(1_000, sample(10.0, 20, 5, 0.500)),   // warm-up: its 0.5 s of GC must not count
                at(2_000, sample(11.0, 20, 6, 0.600)),
                at(3_000, sample(12.1, 21, 7, 0.610)),
                at(4_000, sample(13.0, 22, 8, 0.620)),
                at(5_000, sample(14.1, 22, 8, 0.620)),
                at(6_000, sample(15.0, 23, 9, 0.640)));  // after the window
        GcAnalysis.Summary s = GcAnalysis.analyse(samples, 2_000, 5_000, StabilityRule.DEFAULT);
        assertThat(s.samples()).isEqualTo(4);
        assertThat(s.wallSeconds()).isCloseTo(3.1, within(1e-9));
        assertThat(s.gcSeconds()).isCloseTo(0.020, within(1e-9));
        assertThat(s.gcFraction()).isCloseTo(0.020 / 3.1, within(1e-9));
        assertThat(s.youngGcs()).isEqualTo(2);
        assertThat(s.oldUsedMinMb()).isEqualTo(20);
        assertThat(s.oldUsedMaxMb()).isEqualTo(22);
        assertThat(s.heapUsedMaxMb()).isCloseTo(22 + 0.5 + 4, within(1e-9));
    }

    @Test
    void withoutUptimeStampsWallTimeIsArrivalTime() {
        GcSample a = new GcSample(Double.NaN, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0.1, 0, 0, 0, 0, 0.1);
        GcSample b = new GcSample(Double.NaN, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0.2, 0, 0, 0, 0, 0.2);
        GcAnalysis.Summary s = GcAnalysis.analyse(List.of(at(0, a), at(4_000, b)), 0, 4_000, StabilityRule.DEFAULT);
        assertThat(s.wallSeconds()).isEqualTo(4.0);
        assertThat(s.gcFraction()).isCloseTo(0.025, within(1e-9));
    }

    @Test
    void theOldGenSeriesIsTakenRightAfterCollections() {
        List<GcAnalysis.TimedSample> samples = new ArrayList<>();
        long gcs = 0;
        // one sample a second; a collection every other second; old gen after a collection is 30 MB, it
        // grows to 35 MB before the next one
        for (int i = 0; i < 20; i++) {
            boolean collected = i % 2 == 1;
            if (collected) {
                gcs++;
            }
            samples.add(at(i * 1_000L, sample(i, collected ? 30 : 35, gcs, gcs * 0.01)));
        }
        GcAnalysis.Summary s = GcAnalysis.analyse(samples, 0, 19_000, StabilityRule.DEFAULT);
        assertThat(s.oldGen()).hasSize(10).allSatisfy(p -> assertThat(p.mb()).isEqualTo(30));
        assertThat(s.oldGenBasis()).contains("after each collection");
        assertThat(s.oldGenTrend().verdict()).isEqualTo(StabilityRule.Verdict.STABLE);
    }

    @Test
    void theSampleBeforeTheWindowTellsWhetherTheFirstOneFollowsACollection() {
        List<GcAnalysis.TimedSample> samples = new ArrayList<>();
        samples.add(at(0, sample(0, 50, 0, 0)));
        for (int i = 1; i <= 8; i++) {
            samples.add(at(i * 1_000L, sample(i, 10 + i, i, i * 0.01)));
        }
        GcAnalysis.Summary s = GcAnalysis.analyse(samples, 1_000, 8_000, StabilityRule.DEFAULT);
        assertThat(s.oldGen()).hasSize(8);
        assertThat(s.oldGen().get(0).mb()).isEqualTo(11);
        assertThat(s.oldGen().get(0).seconds()).isZero();
    }

    @Test
    void withFewCollectionsEverySampleIsUsed() {
        List<GcAnalysis.TimedSample> samples = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            samples.add(at(i * 1_000L, sample(i, 40 + i, i < 5 ? 0 : 1, 0)));
        }
        GcAnalysis.Summary s = GcAnalysis.analyse(samples, 0, 9_000, StabilityRule.DEFAULT);
        assertThat(s.oldGen()).hasSize(10);
        assertThat(s.oldGenBasis()).contains("every sample");
    }

    @Test
    void needsTwoSamplesInTheWindow() {
        List<GcAnalysis.TimedSample> samples = List.of(at(0, sample(0, 1, 0, 0)), at(5_000, sample(5, 1, 0, 0)));
        assertThatThrownBy(() -> GcAnalysis.analyse(samples, 1_000, 6_000, StabilityRule.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 1");
    }
}
