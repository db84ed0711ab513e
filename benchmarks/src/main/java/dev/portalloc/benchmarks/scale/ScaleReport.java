package dev.portalloc.benchmarks.scale;

import dev.portalloc.benchmarks.load.LoadResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The markdown report of a run: the targets of issue section 4 first, then the evidence behind them. */
final class ScaleReport {
    static final double P99_RATIO_LIMIT = 1.5;
    static final Duration STARTUP_LIMIT = Duration.ofSeconds(5);
    static final double GC_FRACTION_LIMIT = 0.05;
    /** Startup may read a few allocation rows, but not a noticeable share of them. */
    static final double STARTUP_ROWS_SHARE_LIMIT = 0.01;
    private static final int SERIES_POINTS = 16;

    enum Outcome {
        PASS("pass"), MISS("**miss**"), UNKNOWN("n/a");

        final String text;

        Outcome(String text) {
            this.text = text;
        }

        static Outcome of(boolean pass) {
            return pass ? PASS : MISS;
        }
    }

    record Target(String name, String threshold, String measured, String ratio, Outcome outcome) {
    }

    private ScaleReport() {
    }

    static List<Target> targets(ScaleResults r) {
        List<Target> targets = new ArrayList<>();
        double p99Ratio = r.loaded().allocP99Us() / r.empty().allocP99Us();
        targets.add(new Target("allocation p99, seeded vs empty database", "<= " + fmt(P99_RATIO_LIMIT, 1) + "x",
                ms(r.loaded().allocP99Us()) + " vs " + ms(r.empty().allocP99Us()),
                Double.isFinite(p99Ratio) ? fmt(p99Ratio, 2) + "x" : "n/a",
                Double.isFinite(p99Ratio) ? Outcome.of(p99Ratio <= P99_RATIO_LIMIT) : Outcome.UNKNOWN));
        targets.add(new Target("failed cycles during the loads", "0", r.empty().errors() + " empty, "
                + r.loaded().errors() + " seeded", "", Outcome.of(r.empty().errors() == 0 && r.loaded().errors() == 0)));
        // Not a target of the issue: whether the figures above and below were taken in peace.
        List<Attempt> used = List.of(r.emptyAttempt(), r.startAttempt(), r.seededAttempt());
        boolean anyKnown = used.stream().anyMatch(a -> !Double.isNaN(a.otherCpu()));
        targets.add(new Target("conditions: CPU of unrelated processes (empty load, seeded start, seeded load)",
                "< " + pct(Attempt.DISTURBED_SHARE, 0) + " of the machine each",
                pct(r.emptyAttempt().otherCpu(), 0) + ", " + pct(r.startAttempt().otherCpu(), 0) + ", "
                        + pct(r.seededAttempt().otherCpu(), 0), "",
                anyKnown ? Outcome.of(used.stream().noneMatch(Attempt::disturbed)) : Outcome.UNKNOWN));
        double startupSeconds = seconds(r.seededStartup());
        targets.add(new Target("startup on the seeded database (spawn to /health/ready 200)",
                "< " + STARTUP_LIMIT.toSeconds() + " s", fmt(startupSeconds, 2) + " s",
                fmt(startupSeconds / STARTUP_LIMIT.toSeconds(), 2) + " of limit",
                Outcome.of(r.seededStartup().compareTo(STARTUP_LIMIT) < 0)));
        long rows = r.seed().allocations() + r.seed().allocatedPorts();
        double rowsShare = rows == 0 ? Double.NaN : (double) r.rowsReadAtStartup() / rows;
        targets.add(new Target("allocation rows read by startup (pg_stat_user_tables)",
                "< " + pct(STARTUP_ROWS_SHARE_LIMIT, 0) + " of " + String.format(Locale.ROOT, "%,d", rows),
                String.format(Locale.ROOT, "%,d", r.rowsReadAtStartup()),
                Double.isFinite(rowsShare) ? pct(rowsShare, 3) : "n/a",
                // A counter that did not move under the load either proves nothing about the startup.
                r.rowsReadAtStartup() < 0 || r.rowsReadByLoad() <= 0 ? Outcome.UNKNOWN
                        : Outcome.of(rowsShare < STARTUP_ROWS_SHARE_LIMIT)));
        GcAnalysis.Summary gc = r.gc();
        targets.add(new Target("GC pause time over the measured load", "< " + pct(GC_FRACTION_LIMIT, 0),
                pct(gc.gcFraction(), 2) + " (" + fmt(gc.gcSeconds(), 3) + " s of " + fmt(gc.wallSeconds(), 1) + " s)",
                fmt(gc.gcFraction() / GC_FRACTION_LIMIT, 2) + " of limit",
                Double.isNaN(gc.gcFraction()) ? Outcome.UNKNOWN : Outcome.of(gc.gcFraction() < GC_FRACTION_LIMIT)));
        StabilityRule.Trend trend = gc.oldGenTrend();
        targets.add(new Target("old gen after GC, last third vs first third of the load",
                "growth <= max(10 %, 16 MB)",
                trend.verdict() == StabilityRule.Verdict.TOO_FEW_POINTS ? "too few points"
                        : fmt(trend.firstThirdMedianMb(), 1) + " -> " + fmt(trend.lastThirdMedianMb(), 1) + " MB ("
                        + signed(trend.growthMb()) + " MB; slope " + signed(trend.slopeMbPerMinute()) + " MB/min)",
                trend.verdict() == StabilityRule.Verdict.TOO_FEW_POINTS ? "n/a"
                        : signed(trend.growthMb()) + " / " + fmt(trend.allowanceMb(), 1) + " MB allowed",
                switch (trend.verdict()) {
                    case STABLE -> Outcome.PASS;
                    case GROWING -> Outcome.MISS;
                    case TOO_FEW_POINTS -> Outcome.UNKNOWN;
                }));
        double liveGrowth = r.liveHeapAfterMb() - r.liveHeapBeforeMb();
        targets.add(new Target("live heap after a full GC, after vs before the load", "growth <= max(10 %, 16 MB)",
                fmt(r.liveHeapBeforeMb(), 1) + " -> " + fmt(r.liveHeapAfterMb(), 1) + " MB",
                signed(liveGrowth) + " / " + fmt(StabilityRule.DEFAULT.allowanceMb(r.liveHeapBeforeMb()), 1)
                        + " MB allowed",
                Double.isNaN(liveGrowth) ? Outcome.UNKNOWN
                        : Outcome.of(StabilityRule.DEFAULT.withinAllowance(r.liveHeapBeforeMb(), r.liveHeapAfterMb()))));
        return targets;
    }

    static String markdown(ScaleResults r, String jstatFileName) {
        StringBuilder md = new StringBuilder();
        ScaleOptions o = r.options();
        md.append("# Scale benchmark: ").append(String.format(Locale.ROOT, "%,d", r.seed().pools())).append(" pools, ")
                .append(String.format(Locale.ROOT, "%,d", r.seed().allocations())).append(" allocated ports on PostgreSQL\n\n");
        md.append("Issue section 4. Run ").append(r.startedAt()).append(" by `dev.portalloc.benchmarks.scale.ScaleBenchmark`")
                .append(o.quick() ? " with `--quick`: a smoke run at reduced scale and duration, **not** a measurement of the target" : "")
                .append(".\n\n");

        md.append("## Targets\n\n");
        md.append("| target | threshold | measured | ratio | result |\n|---|---|---|---|---|\n");
        for (Target t : targets(r)) {
            md.append("| ").append(t.name()).append(" | ").append(t.threshold()).append(" | ").append(t.measured())
                    .append(" | ").append(t.ratio()).append(" | ").append(t.outcome().text).append(" |\n");
        }
        md.append("\nMemory is \"stable\" when the median of the last third of the series is at most max(10 % of the")
                .append(" first third's median, 16 MB) above the median of the first third: medians of thirds because")
                .append(" the old generation saw-tooths between collections, the 16 MB floor so a small heap does not")
                .append(" fail on warmed caches. The same allowance applies to the live heap after a forced full GC")
                .append(" (`jcmd GC.run`) taken before the load and after it, which is free of the saw-tooth.\n\n");

        md.append("## Load (HTTP, allocate + release cycles)\n\n");
        md.append("Both runs: server with `-Xmx256m`, ").append(o.connections()).append(" keep-alive connections over pools `bench-1`..`bench-")
                .append(o.benchPools()).append("` (range ").append(rangeText()).append(").\n\n");
        md.append("| database | startup | warm-up | measured | cycles/s | alloc p50 | alloc p99 | release p50 | release p99 | errors |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        md.append(loadRow("empty (bench pools only)", r.emptyStartup(), o.warmup(), r.empty()));
        md.append(loadRow("seeded", r.seededStartup(), o.warmup(), r.loaded()));
        md.append("\nThe empty server's start is context, not a target, and was not guarded against disturbance.")
                .append(" Before each load try the database gets VACUUM ANALYZE and a CHECKPOINT, empty or seeded alike.")
                .append(" Before each measured phase (and the seeded start) the benchmark waits (up to ").append(o.quietWait().toSeconds())
                .append(" s) for the machine's CPU to be under ").append(pct(MachineQuiet.BUSY_LIMIT, 0))
                .append(" busy; a phase during which unrelated processes used ").append(pct(Attempt.DISTURBED_SHARE, 0))
                .append(" or more of the machine's CPU (machine busy time minus this benchmark, the server and its")
                .append(" PostgreSQL backends; PostgreSQL's background writers count as unrelated) is repeated, up to ")
                .append(o.attempts()).append(" tries, and the least disturbed try is the one used above.\n\n");
        md.append("| phase | try | busy before | unrelated CPU during | result | used |\n|---|---|---|---|---|---|\n");
        attemptRows(md, "empty load", r.emptyLoads(), r.emptyAttempt());
        attemptRows(md, "seeded start", r.seededStarts(), r.startAttempt());
        attemptRows(md, "seeded load", r.seededLoads(), r.seededAttempt());
        md.append("\nRows of allocation/allocated_port the seeded loads read: ")
                .append(String.format(Locale.ROOT, "%,d", r.rowsReadByLoad()))
                .append(" (shows that the statistics counter behind the startup check counts).\n");
        md.append("\nThe bench pools of the seeded run are seeded pools (").append(o.allocationsPerPool())
                .append(" of their ports held, spread evenly over the range), so the cursor walks past taken ports;")
                .append(" in the empty run the same pools hold nothing. First start on the fresh database (Flyway")
                .append(" migrations included): ").append(fmt(seconds(r.migrationStartup()), 2)).append(" s.\n\n");

        md.append("## Seeding\n\n");
        ScaleSeeder.Result s = r.seed();
        md.append("| pools | allocations | allocated_port rows | event rows | COPY + commit | VACUUM ANALYZE + CHECKPOINT | total |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        md.append("| ").append(String.format(Locale.ROOT, "%,d | %,d | %,d | %,d", s.pools(), s.allocations(),
                s.allocatedPorts(), s.events())).append(" | ").append(fmt(seconds(s.insert()), 1)).append(" s | ")
                .append(fmt(seconds(s.maintenance()), 1)).append(" s | ").append(fmt(seconds(s.total()), 1)).append(" s |\n\n");
        md.append("Each pool's `taken_bits` and `next_port` are the domain's own (`Pool.takenBits()`/`nextPort()` after")
                .append(" the domain handed the whole range out once and all but every ")
                .append((BENCH_SIZE / o.allocationsPerPool()) == 1 ? "" : ordinal(BENCH_SIZE / o.allocationsPerPool()) + " ")
                .append("port were released); ids are `AllocationId.newId`; one `allocated` event per allocation, already")
                .append(" numbered. Check through the API after start: ").append(r.seedCheck()).append(".\n\n");

        md.append("## Server memory (jstat)\n\n");
        GcAnalysis.Summary gc = r.gc();
        md.append("Collector: ").append(r.collector()).append(". `jstat -gc -t` once per second; the analysed window is the")
                .append(" measured load, server uptime ").append(fmt(r.loadWindowStart(), 1)).append(" s to ")
                .append(fmt(r.loadWindowEnd(), 1)).append(" s (").append(gc.samples()).append(" samples). Raw lines: `")
                .append(jstatFileName).append("` (").append(r.jstatLines()).append(" lines).\n\n");
        md.append("| figure | value |\n|---|---|\n");
        md.append("| GC pause time / wall time | ").append(fmt(gc.gcSeconds(), 3)).append(" s / ").append(fmt(gc.wallSeconds(), 1))
                .append(" s = ").append(pct(gc.gcFraction(), 2)).append(" |\n");
        md.append("| collections (young / full / concurrent cycles) | ").append(gc.youngGcs()).append(" / ").append(gc.fullGcs())
                .append(" / ").append(gc.concurrentCycles()).append(" |\n");
        md.append("| heap used, max | ").append(fmt(gc.heapUsedMaxMb(), 1)).append(" MB (committed max ")
                .append(fmt(gc.heapCommittedMaxMb(), 1)).append(" MB) |\n");
        md.append("| old gen used, min / max | ").append(fmt(gc.oldUsedMinMb(), 1)).append(" / ").append(fmt(gc.oldUsedMaxMb(), 1))
                .append(" MB |\n");
        StabilityRule.Trend t = gc.oldGenTrend();
        md.append("| old gen series | ").append(gc.oldGenBasis()).append(" |\n");
        md.append("| old gen, first-third / last-third median | ").append(fmt(t.firstThirdMedianMb(), 1)).append(" / ")
                .append(fmt(t.lastThirdMedianMb(), 1)).append(" MB (").append(signed(t.growthMb())).append(" MB) |\n");
        md.append("| old gen, linear slope | ").append(signed(t.slopeMbPerMinute())).append(" MB/min |\n");
        md.append("| live heap after full GC, before / after load | ").append(fmt(r.liveHeapBeforeMb(), 1)).append(" / ")
                .append(fmt(r.liveHeapAfterMb(), 1)).append(" MB |\n");
        md.append("| process RSS, after start / after load | ").append(fmt(r.rssStartMb(), 0)).append(" / ")
                .append(fmt(r.rssEndMb(), 0)).append(" MB |\n\n");
        md.append("Old gen series (seconds into the window: MB): ").append(series(gc.oldGen())).append("\n\n");

        md.append("## Machine\n\n").append(r.machine().markdownTable()).append('\n');
        md.append("PostgreSQL ran on the same machine, in database `").append(r.database())
                .append("`, dropped afterwards. ");
        md.append("Server, load generator and PostgreSQL share the machine's cores, so absolute latencies include")
                .append(" their contention; the ratio compares two runs under the same contention.\n");
        return md.toString();
    }

    private static final int BENCH_SIZE = dev.portalloc.benchmarks.load.BenchPools.MAX_PORT
            - dev.portalloc.benchmarks.load.BenchPools.MIN_PORT + 1;

    private static String rangeText() {
        return dev.portalloc.benchmarks.load.BenchPools.MIN_PORT + "-" + dev.portalloc.benchmarks.load.BenchPools.MAX_PORT;
    }

    private static void attemptRows(StringBuilder md, String phase, List<Attempt> attempts, Attempt used) {
        for (Attempt a : attempts) {
            String result = a.load() != null
                    ? fmt(a.load().cyclesPerSecond(), 1) + " cycles/s, alloc p99 " + ms(a.load().allocP99Us())
                    : "ready in " + fmt(seconds(a.startup()), 2) + " s";
            md.append("| ").append(phase).append(" | ").append(a.number()).append(" | ").append(pct(a.busyBefore(), 0))
                    .append(" | ").append(pct(a.otherCpu(), 0)).append(" | ").append(result).append(" | ")
                    .append(a == used ? "yes" : "").append(" |\n");
        }
    }

    private static String loadRow(String name, Duration startup, Duration warmup, LoadResult l) {
        return "| " + name + " | " + fmt(seconds(startup), 2) + " s | " + warmup.toSeconds() + " s | "
                + fmt(seconds(l.measured()), 1) + " s | " + fmt(l.cyclesPerSecond(), 1) + " | " + ms(l.allocP50Us())
                + " | " + ms(l.allocP99Us()) + " | " + ms(l.releaseP50Us()) + " | " + ms(l.releaseP99Us()) + " | "
                + l.errors() + " |\n";
    }

    /** At most {@value #SERIES_POINTS} points, evenly picked, first and last included; the raw file has all. */
    private static String series(List<StabilityRule.Point> points) {
        if (points.isEmpty()) {
            return "none";
        }
        int n = points.size();
        int shown = Math.min(n, SERIES_POINTS);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < shown; i++) {
            StabilityRule.Point p = points.get(shown == 1 ? 0 : (int) Math.round((double) i * (n - 1) / (shown - 1)));
            if (!text.isEmpty()) {
                text.append(", ");
            }
            text.append(fmt(p.seconds(), 0)).append(" s: ").append(fmt(p.mb(), 1));
        }
        return text + (shown < n ? " (" + shown + " of " + n + " points)" : "");
    }

    private static String ordinal(int n) {
        int mod100 = n % 100;
        String suffix = (mod100 >= 11 && mod100 <= 13) ? "th"
                : switch (n % 10) {
                    case 1 -> "st";
                    case 2 -> "nd";
                    case 3 -> "rd";
                    default -> "th";
                };
        return n + suffix;
    }

    static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    static String ms(double micros) {
        return Double.isNaN(micros) ? "n/a" : fmt(micros / 1000.0, 2) + " ms";
    }

    static String fmt(double value, int decimals) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    static String signed(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%+.1f", value);
    }

    static String pct(double fraction, int decimals) {
        return Double.isNaN(fraction) ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f %%", fraction * 100);
    }
}
