package dev.portalloc.benchmarks.load;

import dev.portalloc.benchmarks.report.MachineInfo;
import dev.portalloc.benchmarks.report.ThroughputCsv;
import dev.portalloc.benchmarks.report.ThroughputReport;
import dev.portalloc.benchmarks.scale.JdkTools;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.zip.ZipFile;

/**
 * The throughput sweep for one or both backends, each on a scratch database of its own:
 * <ol>
 *   <li>in-process, 1 pool at 1, 4, 16, 64 clients, then 64 pools at 16 clients;</li>
 *   <li>on PostgreSQL, right after on the same database, pgbench at 16 clients on 1 and 64 pools;</li>
 *   <li>HTTP against the server jar on the same database, the same client counts as connections.</li>
 * </ol>
 * Before its first row each JVM that serves load is warmed until its JIT compiler settles
 * ({@link JitWarmup}); then every row has its own warm-up as well. Results merge into
 * {@code throughput.csv} and {@code throughput.md} after each backend, so an interrupted run keeps what
 * it measured. {@link SuiteOptions#USAGE} lists the options.
 */
public final class BenchmarkSuite {
    private final SuiteOptions options;
    /** The server jar as it was when the suite started: a rebuild during the run cannot change what is measured. */
    private Path serverJar;
    /** How each JVM's JIT warm-up ended ("h2 server" to its outcome), for the report. */
    private final Map<String, String> warmups = new LinkedHashMap<>();

    private BenchmarkSuite(SuiteOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        SuiteOptions options;
        try {
            options = SuiteOptions.parse(args, System.getenv());
        } catch (SuiteOptions.UsageException e) {
            if (e.getMessage().isEmpty()) {
                System.out.print(SuiteOptions.USAGE); // asked for
            } else {
                System.err.println(e.getMessage());
                System.err.print(SuiteOptions.USAGE);
            }
            System.exit(e.getMessage().isEmpty() ? 0 : 2);
            return;
        }
        new BenchmarkSuite(options).run();
        System.exit(0); // no thread a library left behind may keep the JVM alive
    }

    private void run() throws Exception {
        System.out.printf(Locale.ROOT, "throughput suite: backends %s, only %s, JIT warm-up at most %.0f s per JVM, "
                        + "warm-up %.1f s, measure %.1f s per row%n", options.backends(), options.only(),
                seconds(options.jitWarmupMax()), seconds(options.warmup()), seconds(options.measure()));
        if (options.runs("http")) {
            if (!Files.isRegularFile(options.jar())) {
                throw new IllegalStateException("no server jar at " + options.jar().toAbsolutePath()
                        + " (build it: ./mvnw -B -q -DskipTests install)");
            }
            serverJar = snapshotOf(options.jar());
        }
        try {
            for (String backend : options.backends()) {
                List<LoadResult> results = new ArrayList<>();
                try {
                    runBackend(backend, results);
                } finally {
                    save(results);
                }
            }
        } finally {
            if (serverJar != null) {
                Files.deleteIfExists(serverJar);
            }
        }
    }

    /**
     * A private copy of the server jar, checked to be whole (it holds the server's main class and the
     * store): a build writing the jar while the suite copies it would otherwise break a run midway.
     */
    private static Path snapshotOf(Path jar) throws IOException, InterruptedException {
        Path copy = Files.createTempFile("pa_bench_portalloc_", ".jar");
        for (int attempt = 1; ; attempt++) {
            Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
            try (ZipFile zip = new ZipFile(copy.toFile())) {
                if (zip.getEntry("dev/portalloc/bootstrap/Main.class") != null
                        && zip.getEntry("dev/portalloc/adapters/jdbc/JdbcStore.class") != null) {
                    return copy;
                }
            } catch (IOException notWhole) {
                // being written right now: try again
            }
            if (attempt == 12) {
                Files.deleteIfExists(copy);
                throw new IllegalStateException(jar + " is not a complete server jar (rebuild it)");
            }
            System.err.println(jar + " looks incomplete (a build writing it?); trying again in 5 s");
            Thread.sleep(5_000);
        }
    }

    private void runBackend(String backend, List<LoadResult> results) throws Exception {
        try (ScratchDatabase db = backend.equals("h2") ? ScratchDatabase.h2()
                : ScratchDatabase.postgres("pa_bench_", options.pgAdminUrl(), options.pgUser(), options.pgPassword())) {
            System.out.println("== " + backend + ": " + db.describe());
            List<String> onePool = BenchPools.names(1);
            List<String> manyPools = BenchPools.names(options.manyPools());
            // Every mode runs on the same pools, holding the same ports (pgbench needs the pool rows too).
            try (InProcessLoad load = InProcessLoad.open(backend, db.jdbcUrl(), db.user(), db.password())) {
                long started = System.nanoTime();
                int held = load.holdPorts(manyPools, BenchPools.HELD_PER_POOL);
                System.out.printf(Locale.ROOT, "%d pools hold %d allocations (%.1f s)%n", manyPools.size(), held,
                        seconds(Duration.ofNanos(System.nanoTime() - started)));
                if (options.runs("inprocess")) {
                    warmUpJit(backend, "in-process", BenchmarkSuite::ownCompilationTime, onePool, manyPools,
                            (label, pools, length) -> load.run(label, pools, options.manyPoolsClients(),
                                    Duration.ZERO, length));
                    for (int clients : options.clients()) {
                        results.add(row(db, () -> load.run(label(backend, "in-process", 1, clients), onePool, clients,
                                options.warmup(), options.measure())));
                    }
                    results.add(row(db, () -> load.run(label(backend, "in-process", options.manyPools(),
                            options.manyPoolsClients()), manyPools, options.manyPoolsClients(), options.warmup(),
                            options.measure())));
                }
            }
            if (backend.equals("postgresql") && options.runs("pgbench")) {
                PgbenchRunner pgbench = new PgbenchRunner(options.pgbench(), options.pgbenchScript(),
                        options.pgHost(), options.pgPort(), options.pgUser(), options.pgPassword());
                for (int pools : List.of(1, options.manyPools())) {
                    results.add(row(db, () -> pgbench.run(label(backend, "pgbench", pools, options.manyPoolsClients()),
                            db.name(), options.manyPoolsClients(), pools, options.warmup(), options.measure())));
                }
            }
            if (options.runs("http")) {
                runHttp(backend, db, onePool, manyPools, results);
            }
        }
    }

    private void runHttp(String backend, ScratchDatabase db, List<String> onePool, List<String> manyPools,
                         List<LoadResult> results) throws Exception {
        try (ServerProcess server = ServerProcess.start(serverJar, db.jdbcUrl(), db.user(), db.password(),
                options.serverJvmArgs(), List.of("--default-pool=none"))) {
            System.out.printf(Locale.ROOT, "server pid %d on %s, ready in %.1f s%n", server.pid(), server.baseUrl(),
                    seconds(server.startupTime()));
            warmUpJit(backend, "server", () -> JdkTools.compilationTime(server.pid()), onePool, manyPools,
                    (label, pools, length) -> HttpLoad.run(label, backend, server.baseUrl(), pools,
                            options.manyPoolsClients(), Duration.ZERO, length));
            for (int clients : options.clients()) {
                results.add(row(db, () -> HttpLoad.run(label(backend, "http", 1, clients), backend, server.baseUrl(), onePool,
                        clients, options.warmup(), options.measure())));
            }
            results.add(row(db, () -> HttpLoad.run(label(backend, "http", options.manyPools(), options.manyPoolsClients()),
                    backend, server.baseUrl(), manyPools, options.manyPoolsClients(), options.warmup(),
                    options.measure())));
            long errors = results.stream().filter(r -> r.mode().equals(LoadResult.HTTP)).mapToLong(LoadResult::errors)
                    .sum();
            if (errors > 0) {
                List<String> log = server.recentOutput();
                System.err.println("HTTP runs had " + errors + " errors; the server's last output:");
                log.subList(Math.max(0, log.size() - 30), log.size()).forEach(line -> System.err.println("  " + line));
            }
        }
    }

    /** One window of warm-up load on the given pools. */
    @FunctionalInterface
    private interface WarmupLoad {
        LoadResult run(String label, List<String> pools, Duration length) throws Exception;
    }

    /**
     * Loads the JVM until its compiler settles ({@link JitWarmup}), alternating the one-pool and the
     * many-pool shape so both are compiled for, unless switched off. If the compiler's time cannot be
     * read, the run goes on without this warm-up and says so.
     */
    private void warmUpJit(String backend, String jvm, JitWarmup.CompileClock clock, List<String> onePool,
                           List<String> manyPools, WarmupLoad load) throws Exception {
        if (options.jitWarmupMax().isZero()) {
            return;
        }
        String who = backend + " " + jvm;
        String outcome;
        try {
            outcome = JitWarmup.run(clock, (window, length) -> {
                List<String> pools = window % 2 == 0 ? onePool : manyPools;
                return load.run(label(backend, "jit warm-up", pools.size(), options.manyPoolsClients()), pools, length);
            }, options.jitWarmupMax()).describe();
        } catch (IOException unreadable) {
            outcome = "no JIT warm-up, the compiler's time could not be read (" + unreadable.getMessage() + ")";
        }
        System.out.println("[" + who + "] " + outcome);
        warmups.put(who, outcome);
    }

    private static Duration ownCompilationTime() {
        return Duration.ofMillis(ManagementFactory.getCompilationMXBean().getTotalCompilationTime());
    }

    /** One row, on a settled database: no row pays for what an earlier one left behind. */
    private LoadResult row(ScratchDatabase db, Callable<LoadResult> load) throws Exception {
        db.settle();
        return report(load.call());
    }

    private static String label(String backend, String mode, int pools, int clients) {
        return backend + " " + mode + " " + pools + (pools == 1 ? " pool " : " pools ") + clients
                + (mode.equals("http") ? " conn" : " clients");
    }

    private static LoadResult report(LoadResult result) {
        System.out.println(result.summary());
        return result;
    }

    private void save(List<LoadResult> results) throws IOException {
        if (results.isEmpty()) {
            return;
        }
        Path csv = options.out().resolve("throughput.csv");
        Path md = options.out().resolve("throughput.md");
        List<LoadResult> all = ThroughputCsv.merge(ThroughputCsv.read(csv), results);
        ThroughputCsv.write(csv, all);
        MachineInfo machine = MachineInfo.collect(Optional.of(options.pgAdminUrl()), options.pgUser(),
                options.pgPassword());
        List<String> warmupNotes = WarmupNotes.update(options.out(), warmups);
        ThroughputReport.write(md, all, machine, String.format(Locale.ROOT,
                "Latest run: warm-up %.0f s and measured phase %.0f s per row. Rows merge across runs: a row shows "
                        + "its latest measurement. JIT warm-up of each JVM before its first row: %s.",
                seconds(options.warmup()), seconds(options.measure()),
                warmupNotes.isEmpty() ? "none" : String.join("; ", warmupNotes)));
        System.out.println("wrote " + csv + " and " + md);
    }

    static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
