package dev.portalloc.benchmarks.scale;

import dev.portalloc.benchmarks.load.LoadResult;
import dev.portalloc.benchmarks.report.MachineInfo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Everything one run measured, for {@link ScaleReport}.
 *
 * @param emptyLoads         every try of the empty baseline's load (see {@link Attempt})
 * @param seededStarts       every start of the server on the seeded database
 * @param seededLoads        every try of the seeded load; the memory figures cover the least disturbed one
 * @param rowsReadAtStartup  rows of allocation and allocated_port the database reports read between
 *                           just before the seeded server's start(s) and its first quiet seconds
 * @param rowsReadByLoad     the same counter over the loads: proof that the counter counts at all
 * @param liveHeapBeforeMb   heap used after a forced full GC before the seeded loads, and after them
 * @param loadWindowStart    the analysed window, in seconds of the server JVM's uptime (jstat's Timestamp)
 */
record ScaleResults(ScaleOptions options, Instant startedAt, MachineInfo machine, String database,
                    Duration migrationStartup, Duration emptyStartup, List<Attempt> emptyLoads,
                    ScaleSeeder.Result seed, String seedCheck, List<Attempt> seededStarts, long rowsReadAtStartup,
                    long rowsReadByLoad, String collector, List<Attempt> seededLoads, GcAnalysis.Summary gc,
                    double liveHeapBeforeMb, double liveHeapAfterMb, double rssStartMb, double rssEndMb,
                    double loadWindowStart, double loadWindowEnd, int jstatLines) {
    ScaleResults {
        emptyLoads = List.copyOf(emptyLoads);
        seededStarts = List.copyOf(seededStarts);
        seededLoads = List.copyOf(seededLoads);
    }

    Attempt emptyAttempt() {
        return Attempt.leastDisturbed(emptyLoads);
    }

    Attempt seededAttempt() {
        return Attempt.leastDisturbed(seededLoads);
    }

    Attempt startAttempt() {
        return Attempt.leastDisturbed(seededStarts);
    }

    LoadResult empty() {
        return emptyAttempt().load();
    }

    LoadResult loaded() {
        return seededAttempt().load();
    }

    Duration seededStartup() {
        return startAttempt().startup();
    }
}
