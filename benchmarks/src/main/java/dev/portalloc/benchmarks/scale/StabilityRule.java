package dev.portalloc.benchmarks.scale;

import java.util.ArrayList;
import java.util.List;

/**
 * When a memory series counts as "stable": the median of its last third is at most
 * {@code max(relativeAllowance * first-third median, absoluteAllowanceMb)} above the median of its first
 * third. Medians of thirds, not first and last points, because a collector's old generation saw-tooths:
 * a single sample can land just before or just after a mixed or full collection. The absolute floor
 * keeps a small heap from failing on a few MB of warmed caches; the relative part keeps a large one from
 * passing a real leak. The linear slope is reported beside it for people to read, not judged, since
 * over one minute a slope mostly measures where the saw-tooth starts and ends.
 */
record StabilityRule(double relativeAllowance, double absoluteAllowanceMb) {
    /** 10 % or 16 MB, whichever is larger. */
    static final StabilityRule DEFAULT = new StabilityRule(0.10, 16);
    /** Fewer points than this cannot be split into thirds. */
    static final int MIN_POINTS = 3;

    enum Verdict { STABLE, GROWING, TOO_FEW_POINTS }

    /** A point of a series: seconds since the start of the window, and megabytes. */
    record Point(double seconds, double mb) {
    }

    /** The evaluation of one series. Medians, growth and slope are NaN when there were too few points. */
    record Trend(int points, double firstThirdMedianMb, double lastThirdMedianMb, double growthMb,
                 double allowanceMb, double slopeMbPerMinute, Verdict verdict) {
    }

    StabilityRule {
        if (relativeAllowance < 0 || absoluteAllowanceMb < 0) {
            throw new IllegalArgumentException("allowances must be >= 0");
        }
    }

    /** The rule's allowance over a baseline of {@code baseMb}. */
    double allowanceMb(double baseMb) {
        return Math.max(relativeAllowance * baseMb, absoluteAllowanceMb);
    }

    /** The same rule for two single values, e.g. the live heap after a full GC before and after the load. */
    boolean withinAllowance(double baseMb, double laterMb) {
        return laterMb - baseMb <= allowanceMb(baseMb);
    }

    /** Judges a series in time order. Thirds are by position: {@code max(1, n / 3)} points each. */
    Trend evaluate(List<Point> series) {
        int n = series.size();
        if (n < MIN_POINTS) {
            return new Trend(n, Double.NaN, Double.NaN, Double.NaN, Double.NaN, slopePerMinute(series),
                    Verdict.TOO_FEW_POINTS);
        }
        int third = Math.max(1, n / 3);
        double first = median(series.subList(0, third));
        double last = median(series.subList(n - third, n));
        double growth = last - first;
        double allowance = allowanceMb(first);
        return new Trend(n, first, last, growth, allowance, slopePerMinute(series),
                growth <= allowance ? Verdict.STABLE : Verdict.GROWING);
    }

    /** Least-squares slope in MB per minute; NaN for fewer than two distinct times. */
    static double slopePerMinute(List<Point> series) {
        int n = series.size();
        if (n < 2) {
            return Double.NaN;
        }
        double meanT = 0;
        double meanY = 0;
        for (Point p : series) {
            meanT += p.seconds();
            meanY += p.mb();
        }
        meanT /= n;
        meanY /= n;
        double covariance = 0;
        double variance = 0;
        for (Point p : series) {
            covariance += (p.seconds() - meanT) * (p.mb() - meanY);
            variance += (p.seconds() - meanT) * (p.seconds() - meanT);
        }
        return variance == 0 ? Double.NaN : covariance / variance * 60.0;
    }

    static double median(List<Point> points) {
        List<Double> values = new ArrayList<>(points.size());
        for (Point p : points) {
            values.add(p.mb());
        }
        values.sort(null);
        int n = values.size();
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }
}
