package dev.portalloc.benchmarks.scale;

import dev.portalloc.benchmarks.load.BenchPools;
import dev.portalloc.benchmarks.load.HttpLoad;
import dev.portalloc.benchmarks.load.LoadResult;
import dev.portalloc.benchmarks.load.ScratchDatabase;
import dev.portalloc.benchmarks.load.ServerProcess;
import dev.portalloc.benchmarks.report.MachineInfo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue section 4: with 1,000 pools and 1,000,000 allocated ports in PostgreSQL, is allocation p99 at
 * most 1.5x the p99 on an empty database, does the server start in under 5 s, and does a {@code -Xmx256m}
 * instance keep its memory stable (GC under 5 % of the time) over a minute of load?
 *
 * <p>Steps: create a scratch database and let a first server start migrate it; measure the empty
 * baseline over HTTP; reset the database and seed it (see {@link ScaleSeeder}); start a server on the
 * seeded database, time its start, and run the same load while sampling its JVM with jstat; write the
 * markdown report; drop the database whatever happened. The machine may be shared: each measured phase
 * first waits (bounded) for a quiet CPU, and a phase that unrelated processes disturbed anyway is
 * repeated (see {@link Attempt}). A missed target is a result, not a failure:
 * the exit status is 0 whenever the measurement ran, 1 when it could not, 2 on bad options.
 *
 * <pre>{@code
 * ./mvnw -B -q -o -pl benchmarks package
 * java -cp benchmarks/target/benchmarks.jar dev.portalloc.benchmarks.scale.ScaleBenchmark [--quick]
 * }</pre>
 */
public final class ScaleBenchmark {
    private static final List<String> SERVER_JVM = List.of("-Xmx256m");
    /** Exactly the seeded pools: no {@code default} pool beside them. */
    private static final List<String> SERVER_ARGS = List.of("--default-pool=none");
    /**
     * PostgreSQL backends report their table statistics when idle for up to 10 s, so the server's startup
     * reads are only visible after that long.
     */
    private static final Duration STATS_SETTLE = Duration.ofSeconds(11);
    /** The start of the measured phase is estimated from outside HttpLoad; a margin keeps warm-up out. */
    private static final long WINDOW_MARGIN_MILLIS = 1_000;

    private ScaleBenchmark() {
    }

    public static void main(String[] args) {
        ScaleOptions options;
        try {
            options = ScaleOptions.parse(Arrays.asList(args));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(ScaleOptions.USAGE);
            System.exit(2);
            return;
        }
        int status;
        try {
            run(options);
            status = 0;
        } catch (Exception | Error failure) {
            System.err.println("scale benchmark failed: " + failure);
            failure.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    static void run(ScaleOptions o) throws Exception {
        Instant startedAt = Instant.now();
        Path out = o.out().toAbsolutePath();
        Files.createDirectories(out.getParent());
        JdkTools.tool("jstat");
        JdkTools.tool("jcmd");
        MachineInfo machine = MachineInfo.collect(Optional.of(o.pgAdminUrl()), o.pgUser(), o.pgPassword());
        List<String> benchPools = BenchPools.names(o.benchPools());

        try (ScratchDatabase db = ScratchDatabase.postgres("pa_scale_", o.pgAdminUrl(), o.pgUser(), o.pgPassword())) {
            log("database %s (%s)", db.name(), machine.postgresql());

            Duration migrationStartup;
            try (ServerProcess server = start(o, db, List.of())) {
                migrationStartup = server.startupTime();
            }
            log("migrated: first start took %.2f s", ScaleReport.seconds(migrationStartup));

            Duration emptyStartup;
            List<Attempt> emptyLoads;
            try (ServerProcess server = start(o, db, SERVER_JVM)) {
                emptyStartup = server.startupTime();
                // Same names and range as the seeded pools, but holding nothing.
                HttpLoad.ensurePools(server.baseUrl(), benchPools);
                log("empty baseline: %d connections, %d s warm-up, %d s measured", o.connections(),
                        o.warmup().toSeconds(), o.baselineMeasure().toSeconds());
                emptyLoads = loads("empty database", o, db, server, benchPools, o.baselineMeasure());
            }

            resetToMigrated(db);
            ScaleSeeder.Plan plan = new ScaleSeeder.Plan(BenchPools.names(o.pools()), BenchPools.MIN_PORT,
                    BenchPools.MAX_PORT, o.allocationsPerPool());
            log("seeding %,d pools x %,d allocations ...", o.pools(), o.allocationsPerPool());
            ScaleSeeder.Result seed;
            try (Connection connection = db.connect()) {
                seed = ScaleSeeder.seed(connection, plan);
            }
            log("seeded in %.1f s (COPY + commit %.1f s, VACUUM ANALYZE + CHECKPOINT %.1f s)",
                    ScaleReport.seconds(seed.total()), ScaleReport.seconds(seed.insert()), ScaleReport.seconds(seed.maintenance()));

            long rowsBefore = allocationRowsRead(db);
            List<Attempt> seededStarts = new ArrayList<>();
            String collector;
            String seedCheck;
            long rowsAfter;
            double liveBefore;
            double liveAfter;
            double rssStart;
            double rssEnd;
            List<Attempt> seededLoads;
            List<GcAnalysis.TimedSample> samples;
            List<JstatSampler.Line> jstatLines;
            try (ServerProcess server = startSeeded(o, db, seededStarts)) {
                long pid = server.pid();
                rssStart = JdkTools.rssMb(pid);
                collector = JdkTools.collector(pid);
                seedCheck = checkSeededPool(server.baseUrl(), benchPools.get(0), o.allocationsPerPool());
                try (JstatSampler sampler = JstatSampler.start(pid)) {
                    Thread.sleep(STATS_SETTLE.toMillis());
                    rowsAfter = allocationRowsRead(db);
                    liveBefore = JdkTools.liveHeapMb(pid);
                    log("live heap after full GC before load: %.1f MB; allocation rows read by startup: %,d",
                            liveBefore, rowsAfter - rowsBefore);
                    log("seeded load: %d connections, %d s warm-up, %d s measured", o.connections(),
                            o.warmup().toSeconds(), o.loadMeasure().toSeconds());
                    seededLoads = loads("seeded database", o, db, server, benchPools, o.loadMeasure());
                    rssEnd = JdkTools.rssMb(pid);
                    // One more line, so the last second of the load is in the series.
                    Thread.sleep(1_100);
                    samples = sampler.samples();
                    jstatLines = sampler.lines();
                }
                liveAfter = JdkTools.liveHeapMb(pid);
            }
            // A stopped server's backends have reported their statistics on exit.
            Thread.sleep(1_000);
            long rowsReadByLoad = allocationRowsRead(db) - rowsAfter;

            Attempt measured = Attempt.leastDisturbed(seededLoads);
            long windowFrom = measured.fromMillis() + o.warmup().toMillis() + WINDOW_MARGIN_MILLIS;
            long windowTo = measured.toMillis();
            GcAnalysis.Summary gc = GcAnalysis.analyse(samples, windowFrom, windowTo, StabilityRule.DEFAULT);
            double[] uptimeWindow = uptimeWindow(samples, windowFrom, windowTo);
            ScaleResults results = new ScaleResults(o, startedAt, machine, db.name(), migrationStartup,
                    emptyStartup, emptyLoads, seed, seedCheck, seededStarts, rowsAfter - rowsBefore, rowsReadByLoad,
                    collector, seededLoads, gc, liveBefore, liveAfter, rssStart, rssEnd, uptimeWindow[0],
                    uptimeWindow[1], jstatLines.size());

            Path jstatOut = o.jstatOut().toAbsolutePath();
            Files.write(jstatOut, jstatFile(jstatLines, uptimeWindow), StandardCharsets.UTF_8);
            Files.writeString(out, ScaleReport.markdown(results, jstatOut.getFileName().toString()), StandardCharsets.UTF_8);
            for (ScaleReport.Target t : ScaleReport.targets(results)) {
                log("%-62s %-28s %s", t.name(), t.measured().length() > 28 ? t.measured().substring(0, 28) : t.measured(),
                        t.outcome().name().toLowerCase(Locale.ROOT));
            }
            log("report: %s; jstat: %s", out, jstatOut);
        }
    }

    /**
     * Runs the load until a try is undisturbed by unrelated processes or {@code --attempts} tries were
     * made, each after waiting (bounded) for the machine to be quiet.
     */
    private static List<Attempt> loads(String label, ScaleOptions o, ScratchDatabase db, ServerProcess server,
                                       List<String> pools, Duration measure) throws Exception {
        List<Attempt> attempts = new ArrayList<>();
        for (int number = 1; number <= o.attempts(); number++) {
            String name = label + (number == 1 ? "" : " (try " + number + ")");
            // Empty or seeded alike, so that neither starts tidier than the other.
            db.settle();
            double busy = MachineQuiet.await(o.quietWait(), name);
            OtherCpu before = cpuSnapshot(db, server.pid(), Set.of());
            long from = JstatSampler.nowMillis();
            LoadResult result = HttpLoad.run(name, "postgresql", server.baseUrl(), pools, o.connections(), o.warmup(),
                    measure);
            long to = JstatSampler.nowMillis();
            Attempt attempt = new Attempt(number, result, null, busy, otherShare(db, server.pid(), before), from, to);
            attempts.add(attempt);
            log("%s", result.summary());
            log("unrelated processes used %.0f %% of the machine's CPU during it%s", attempt.otherCpu() * 100,
                    attempt.disturbed() && number < o.attempts() ? ": disturbed, trying again" : "");
            if (!attempt.disturbed()) {
                break;
            }
        }
        return attempts;
    }

    /**
     * Starts the server on the seeded database; a start disturbed by unrelated processes is stopped and
     * made again, up to {@code --attempts} times. Returns the last server, still running.
     */
    private static ServerProcess startSeeded(ScaleOptions o, ScratchDatabase db, List<Attempt> attempts)
            throws Exception {
        for (int number = 1; ; number++) {
            double busy = MachineQuiet.await(o.quietWait(), "the seeded server's start");
            OtherCpu before = cpuSnapshot(db, null, Set.of());
            long from = JstatSampler.nowMillis();
            ServerProcess server = start(o, db, SERVER_JVM);
            long to = JstatSampler.nowMillis();
            Attempt attempt = new Attempt(number, null, server.startupTime(), busy,
                    otherShare(db, server.pid(), before), from, to);
            attempts.add(attempt);
            log("seeded server pid %d ready in %.2f s; unrelated processes used %.0f %% of the machine's CPU meanwhile",
                    server.pid(), ScaleReport.seconds(server.startupTime()), attempt.otherCpu() * 100);
            if (!attempt.disturbed() || number >= o.attempts()) {
                return server;
            }
            log("disturbed start: stopping and starting again");
            server.stop();
        }
    }

    /** The processes of the measurement: this JVM (the load), the server and its PostgreSQL backends. */
    private static OtherCpu cpuSnapshot(ScratchDatabase db, Long serverPid, Set<Long> also) throws Exception {
        Set<Long> pids = new HashSet<>(backendPids(db));
        pids.add(ProcessHandle.current().pid());
        if (serverPid != null) {
            pids.add(serverPid);
        }
        pids.addAll(also);
        return OtherCpu.snapshot(pids);
    }

    private static double otherShare(ScratchDatabase db, long serverPid, OtherCpu before) {
        try {
            return cpuSnapshot(db, serverPid, before.pids()).otherShareSince(before);
        } catch (Exception notMeasurable) {
            return Double.NaN;
        }
    }

    private static ServerProcess start(ScaleOptions o, ScratchDatabase db, List<String> jvmArgs) {
        return ServerProcess.start(o.jar(), db.jdbcUrl(), db.user(), db.password(), jvmArgs, SERVER_ARGS);
    }

    /**
     * Back to the state right after the migrations: no pools, allocations or events, the event sequencer
     * at 0. Lets the empty baseline and the seeded run share one migrated database without the
     * baseline's pools and unsequenced events leaking into the seed.
     */
    private static void resetToMigrated(ScratchDatabase db) throws SQLException {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE event, allocated_port, allocation, pool RESTART IDENTITY");
            statement.execute("UPDATE event_sequencer SET last_seq = 0");
        }
    }

    /**
     * Rows read so far from the allocation tables by sequential and index scans (PostgreSQL's cumulative
     * statistics). Read before and after a server start, it tells whether startup walks the allocations.
     */
    private static long allocationRowsRead(ScratchDatabase db) throws SQLException {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            // Statistics are flushed by backends lazily (at most about once a second) and cached per
            // transaction; a fresh snapshot after a pause sees what other sessions did.
            statement.execute("SELECT pg_stat_clear_snapshot()");
            try (ResultSet row = statement.executeQuery("SELECT coalesce(sum(coalesce(seq_tup_read, 0)"
                    + " + coalesce(idx_tup_fetch, 0)), 0) FROM pg_stat_user_tables"
                    + " WHERE relname IN ('allocation', 'allocated_port')")) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** Process ids of the PostgreSQL backends connected to the database. */
    private static Set<Long> backendPids(ScratchDatabase db) throws SQLException {
        Set<Long> pids = new HashSet<>();
        try (Connection connection = db.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")) {
            while (rows.next()) {
                pids.add(rows.getLong(1));
            }
        }
        return pids;
    }

    private static final java.time.format.DateTimeFormatter TIME = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final Pattern ALLOCATED = Pattern.compile("\"allocated\"\\s*:\\s*(\\d+)");
    private static final Pattern CAPACITY = Pattern.compile("\"capacity\"\\s*:\\s*(\\d+)");

    /**
     * Reads a seeded pool back through the API: the server must see the domain's bits as the number of
     * ports seeded, or the rows are not what the product would have written.
     */
    private static String checkSeededPool(URI baseUrl, String pool, int expected) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(baseUrl.resolve("/v1/pools/" + pool))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        Matcher allocated = ALLOCATED.matcher(response.body());
        Matcher capacity = CAPACITY.matcher(response.body());
        if (response.statusCode() != 200 || !allocated.find() || !capacity.find()) {
            throw new IllegalStateException("GET /v1/pools/" + pool + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        long seen = Long.parseLong(allocated.group(1));
        if (seen != expected) {
            throw new IllegalStateException("pool " + pool + " reports " + seen + " allocated ports, " + expected
                    + " were seeded: the seeded rows are not what the server expects");
        }
        return "`GET /v1/pools/" + pool + "` reports allocated " + seen + " of capacity " + capacity.group(1);
    }

    /** The window in server uptime seconds (jstat's Timestamp), for people matching it to the raw lines. */
    private static double[] uptimeWindow(List<GcAnalysis.TimedSample> samples, long from, long to) {
        double first = Double.NaN;
        double last = Double.NaN;
        for (GcAnalysis.TimedSample s : samples) {
            if (s.atMillis() >= from && s.atMillis() <= to) {
                if (Double.isNaN(first)) {
                    first = s.sample().uptimeSeconds();
                }
                last = s.sample().uptimeSeconds();
            }
        }
        return new double[] {first, last};
    }

    private static List<String> jstatFile(List<JstatSampler.Line> lines, double[] window) {
        List<String> text = new ArrayList<>();
        text.add(String.format(Locale.ROOT, "# jstat -gc -t <server pid> 1000 during the seeded run; sizes in KB, times"
                + " in s. Measured window: Timestamp %.1f to %.1f.", window[0], window[1]));
        for (JstatSampler.Line line : lines) {
            text.add(line.text());
        }
        return text;
    }

    private static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[scale %s] %s%n", java.time.LocalTime.now().format(TIME),
                String.format(Locale.ROOT, format, args));
    }
}
