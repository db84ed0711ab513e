package dev.portalloc.benchmarks.scale;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class StabilityRuleTest {
    private final StabilityRule rule = StabilityRule.DEFAULT;

    private static List<StabilityRule.Point> series(double... mb) {
        List<StabilityRule.Point> points = new ArrayList<>();
        for (int i = 0; i < mb.length; i++) {
            points.add(new StabilityRule.Point(i * 10.0, mb[i]));
        }
        return points;
    }

    @Test
    void aFlatSeriesIsStable() {
        StabilityRule.Trend t = rule.evaluate(series(40, 40, 40, 40, 40, 40));
        assertThat(t.verdict()).isEqualTo(StabilityRule.Verdict.STABLE);
        assertThat(t.growthMb()).isZero();
        assertThat(t.slopeMbPerMinute()).isZero();
    }

    @Test
    void aSawToothThatReturnsToItsLevelIsStable() {
        // old gen fills with promoted garbage, a mixed collection takes it back, twice over
        StabilityRule.Trend t = rule.evaluate(series(40, 60, 80, 41, 62, 79, 42, 58, 81));
        assertThat(t.verdict()).isEqualTo(StabilityRule.Verdict.STABLE);
        assertThat(t.firstThirdMedianMb()).isEqualTo(60);
        assertThat(t.lastThirdMedianMb()).isEqualTo(58);
    }

    @Test
    void sustainedGrowthBeyondTheFloorIsGrowing() {
        StabilityRule.Trend t = rule.evaluate(series(40, 45, 50, 55, 60, 65));
        assertThat(t.firstThirdMedianMb()).isEqualTo(42.5);
        assertThat(t.lastThirdMedianMb()).isEqualTo(62.5);
        assertThat(t.growthMb()).isEqualTo(20);
        assertThat(t.allowanceMb()).isEqualTo(16);
        assertThat(t.verdict()).isEqualTo(StabilityRule.Verdict.GROWING);
        // 5 MB every 10 s
        assertThat(t.slopeMbPerMinute()).isCloseTo(30, within(1e-9));
    }

    @Test
    void growthWithinTheFloorIsStable() {
        assertThat(rule.evaluate(series(40, 40, 48, 48, 56, 56)).verdict()).isEqualTo(StabilityRule.Verdict.STABLE);
    }

    @Test
    void aLargeHeapIsAllowedTenPercent() {
        assertThat(rule.allowanceMb(200)).isEqualTo(20);
        assertThat(rule.evaluate(series(200, 200, 219, 219, 219, 219)).verdict())
                .isEqualTo(StabilityRule.Verdict.STABLE);
        assertThat(rule.evaluate(series(200, 200, 221, 221, 221, 221)).verdict())
                .isEqualTo(StabilityRule.Verdict.GROWING);
    }

    @Test
    void shrinkingIsStable() {
        assertThat(rule.evaluate(series(90, 80, 70, 60, 50, 40)).verdict()).isEqualTo(StabilityRule.Verdict.STABLE);
    }

    @Test
    void tooFewPointsAreNotJudged() {
        StabilityRule.Trend t = rule.evaluate(series(40, 90));
        assertThat(t.verdict()).isEqualTo(StabilityRule.Verdict.TOO_FEW_POINTS);
        assertThat(t.growthMb()).isNaN();
        assertThat(rule.evaluate(List.of()).slopeMbPerMinute()).isNaN();
    }

    @Test
    void thirdsOfASeriesNotDivisibleByThreeUseWholeThirdsFromEachEnd() {
        // n = 7: thirds of 2 points, the middle 3 are ignored
        StabilityRule.Trend t = rule.evaluate(series(10, 20, 500, 500, 500, 30, 40));
        assertThat(t.firstThirdMedianMb()).isEqualTo(15);
        assertThat(t.lastThirdMedianMb()).isEqualTo(35);
    }

    @Test
    void twoValuesUseTheSameAllowance() {
        assertThat(rule.withinAllowance(30, 46)).isTrue();
        assertThat(rule.withinAllowance(30, 46.5)).isFalse();
        assertThat(rule.withinAllowance(300, 329)).isTrue();
    }
}
