package dev.portalloc.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One soak from start to finish: a fresh database, three instances of the real jar, the clients, the
 * faults on a fixed timeline, then the checks, a drain, the report, and clean-up whatever happened.
 */
final class SoakRun {
    static final int INSTANCES = 3;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration EXIT_WAIT = Duration.ofSeconds(20);
    /** Leases last at most 3 s, renewals too; the reaper runs every second. */
    private static final Duration REAPER_WAIT = Duration.ofSeconds(20);
    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(10);
    /** The instance killed with SIGKILL, and the one stopped with SIGTERM; the third is never touched. */
    private static final int KILLED = 0;
    private static final int TERMINATED = 1;
    private static final int UNTOUCHED = 2;

    private final SoakSettings settings;
    private final Path jar;
    private final Path reportDir;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http;
    private final List<PoolSpec> pools = PoolSpec.soakPools();
    private final Violations violations = new Violations();
    private final List<Fault> faults = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<ServerProcess> instances = new ArrayList<>();
    private Cluster cluster;
    private long t0;
    private long pgOutageStart;
    private long pgBack;
    private Optional<Integer> sigtermExitCode = Optional.empty();
    private long sigtermAt;
    private boolean sigtermSent;
    private boolean loadStarted;
    private Instant wallT0;

    SoakRun(SoakSettings settings, Path jar, Path reportDir) {
        this.settings = settings;
        this.jar = jar;
        this.reportDir = reportDir;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
    }

    /** What the test asserts on; the report has the rest. */
    record Result(Violations violations, Optional<Integer> sigtermExitCode, String summary) {
    }

    Result run() throws Exception {
        Files.createDirectories(reportDir);
        PostgresUrl base = PostgresUrl.parse(settings.postgresUrl().orElseThrow());
        String database = "portalloc_soak_" + System.currentTimeMillis() / 1000 + "_" + ProcessHandle.current().pid();
        String dbUrl = base.withDatabase(database);
        long started = System.nanoTime();
        log("seed %d, %d clients, %d s of load, database %s on %s", settings.seed(), settings.clients(),
                settings.loadDuration().toSeconds(), database, base.hosts());
        admin(base, "CREATE DATABASE " + database);
        // Children must not outlive a test JVM that is itself killed.
        Thread cleanup = new Thread(() -> instances.forEach(ServerProcess::destroyForciblyQuietly), "soak-children");
        Runtime.getRuntime().addShutdownHook(cleanup);
        List<Op> ops = List.of();
        Map<String, Object> checkFigures = new LinkedHashMap<>();
        long loadEnd = 0;
        double drainSeconds = 0;
        try {
            startInstances(base, dbUrl);
            definePools();
            cluster = new Cluster(instances, http, settings.requestTimeout());
            AtomicBoolean stop = new AtomicBoolean();
            t0 = System.nanoTime();
            wallT0 = Instant.now();
            loadStarted = true;
            long deadline = t0 + settings.loadDuration().toNanos();
            List<LoadClient> clients = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < settings.clients(); i++) {
                LoadClient client = new LoadClient(i, settings.seed(), cluster, pools, deadline, stop, json);
                clients.add(client);
                Thread thread = new Thread(client, "soak-client-" + i);
                thread.setDaemon(true);
                threads.add(thread);
            }
            threads.forEach(Thread::start);
            log("load started");
            runFaults(base, deadline);
            ops = joinClients(clients, threads, deadline, stop);
            loadEnd = System.nanoTime();
            log("load finished: %d operations", ops.size());

            double reaped = awaitReaper(dbUrl);
            List<ServerProcess> live = instances.stream().filter(ServerProcess::isAlive).toList();
            Map<String, Map<String, Integer>> apiAllocated = new LinkedHashMap<>();
            for (ServerProcess instance : live) {
                apiAllocated.put(instance.name(), allocatedByPool(instance));
            }
            ServerProcess reader = instances.get(UNTOUCHED).isAlive() ? instances.get(UNTOUCHED) : live.get(0);
            List<EventRow> events = EventRow.readAll(http, reader.uri("/"), json, 10_000);
            DbSnapshot db = DbSnapshot.read(dbUrl);
            InvariantChecker checker = new InvariantChecker(json, pools, violations);
            checker.check(ops, events, db, apiAllocated, nanos -> wallT0.plusNanos(nanos - t0));
            checkFigures.putAll(checker.figures());
            checkFigures.put("reaperWaitSeconds", reaped);
            long drainStart = System.nanoTime();
            drain(reader, dbUrl);
            drainSeconds = seconds(System.nanoTime() - drainStart);
            stopRemaining();
        } finally {
            instances.forEach(ServerProcess::stopQuietly);
            try {
                admin(base, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            } catch (SQLException e) {
                notes.add("dropping database " + database + " failed: " + e.getMessage());
            }
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
        SoakReport report = new SoakReport(settings, json, ops, t0, loadEnd, faults, notes, violations, checkFigures,
                cluster, instances, pgOutageStart, pgBack);
        if (sigtermSent) {
            report.sigterm(TERMINATED, sigtermAt);
        }
        report.put("drainSeconds", drainSeconds);
        report.put("wallSeconds", seconds(System.nanoTime() - started));
        report.put("database", database);
        String summary = report.write(reportDir);
        System.out.println(summary);
        return new Result(violations, sigtermExitCode, summary);
    }

    private void startInstances(PostgresUrl base, String dbUrl) throws IOException, InterruptedException {
        String user = base.user().or(() -> Optional.ofNullable(System.getenv("PGUSER"))).orElse("postgres");
        List<Integer> ports = freePorts(INSTANCES);
        for (int i = 0; i < INSTANCES; i++) {
            instances.add(new ServerProcess("instance-" + (i + 1), ports.get(i), jar,
                    reportDir.resolve("instance-" + (i + 1) + ".log"), dbUrl, user, base.password()));
        }
        // The first migrates the fresh schema alone; the others then find it ready.
        long start = System.nanoTime();
        instances.get(0).start();
        instances.get(0).awaitReady(http, START_TIMEOUT);
        for (int i = 1; i < INSTANCES; i++) {
            instances.get(i).start();
        }
        for (int i = 1; i < INSTANCES; i++) {
            instances.get(i).awaitReady(http, START_TIMEOUT);
        }
        log("%d instances ready in %.1f s: %s", INSTANCES, seconds(System.nanoTime() - start), instances);
    }

    private void definePools() throws IOException, InterruptedException {
        for (PoolSpec pool : pools) {
            HttpRequest request = HttpRequest.newBuilder(instances.get(0).uri("/v1/pools/" + pool.name()))
                    .timeout(settings.requestTimeout()).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(pool.definitionJson())).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("defining pool " + pool.name() + " answered " + response.statusCode()
                        + ": " + response.body());
            }
        }
    }

    /** The faults, in order, each at its time or as soon after it as the previous one allows. */
    private void runFaults(PostgresUrl base, long deadline) throws Exception {
        long duration = settings.loadDuration().toNanos();
        sleepUntil(t0 + duration / 4);
        killInstance(KILLED);
        if (settings.restartKilled()) {
            sleepUntil(System.nanoTime() + Duration.ofSeconds(3).toNanos());
            restartInstance(KILLED);
        } else {
            faults.add(Fault.skipped("restart killed instance", SoakSettings.RESTART_KILLED + "=false"));
        }
        if (settings.pgRestartCommand().isPresent()) {
            sleepUntil(t0 + duration / 2);
            restartPostgres(base, settings.pgRestartCommand().get());
        } else {
            faults.add(Fault.skipped("PostgreSQL restart", SoakSettings.PG_RESTART_CMD + " is not set"));
            log("PostgreSQL restart skipped: %s is not set", SoakSettings.PG_RESTART_CMD);
        }
        sleepUntil(deadline - Duration.ofSeconds(5).toNanos());
        terminateInstance(TERMINATED);
    }

    private void killInstance(int index) throws InterruptedException {
        ServerProcess victim = instances.get(index);
        long at = System.nanoTime();
        int inFlight = cluster.inFlight(index);
        long pid = victim.pid();
        int exit = victim.kill(Duration.ofSeconds(10));
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("pid", pid);
        figures.put("inFlightRequests", inFlight);
        figures.put("exitCode", exit);
        figures.put("secondsToDie", seconds(System.nanoTime() - at));
        boolean sigkill = exit == 128 + 9;
        if (!sigkill) {
            violations.add("kill-was-not-sigkill", victim + " exited with " + exit + " after destroyForcibly");
        }
        faults.add(new Fault("kill -9", since(at), victim.name(), "exit " + exit + (sigkill ? " (SIGKILL)" : ""),
                figures));
        log("kill -9 %s (pid %d, %d requests in flight): exit %d", victim.name(), pid, inFlight, exit);
    }

    private void restartInstance(int index) throws InterruptedException {
        ServerProcess instance = instances.get(index);
        long at = System.nanoTime();
        Map<String, Object> figures = new LinkedHashMap<>();
        try {
            instance.start();
            instance.awaitReady(http, START_TIMEOUT);
            figures.put("secondsToReady", seconds(System.nanoTime() - at));
            faults.add(new Fault("restart killed instance", since(at), instance.name(),
                    String.format("ready after %.1f s", seconds(System.nanoTime() - at)), figures));
            log("%s started again, ready after %.1f s", instance.name(), seconds(System.nanoTime() - at));
        } catch (IOException | IllegalStateException e) {
            violations.add("restart-failed", instance + ": " + e.getMessage());
            faults.add(new Fault("restart killed instance", since(at), instance.name(), "failed: " + e.getMessage(),
                    figures));
        }
    }

    /**
     * Restarts PostgreSQL with the given command while probes ask every live instance for a pool every
     * 100 ms; measures the outage and, per instance, how long after PostgreSQL answered again it served.
     */
    private void restartPostgres(PostgresUrl base, String command) throws Exception {
        List<OutageProbe> probes = new ArrayList<>();
        List<Thread> probeThreads = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            if (instances.get(i).isAlive()) {
                OutageProbe probe = new OutageProbe(i, instances.get(i), http, settings.requestTimeout(),
                        pools.get(0).name());
                probes.add(probe);
                Thread thread = new Thread(probe, "soak-probe-" + (i + 1));
                thread.setDaemon(true);
                probeThreads.add(thread);
                thread.start();
            }
        }
        Thread.sleep(500);
        Instant startedBefore = postmasterStart(base.adminUrl());
        long at = System.nanoTime();
        PgWatcher watcher = new PgWatcher(base.adminUrl());
        Thread watcherThread = new Thread(watcher, "soak-pg-watcher");
        watcherThread.setDaemon(true);
        watcherThread.start();
        log("restarting PostgreSQL: %s", command);
        Process restart = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(reportDir.resolve("pg-restart.log").toFile())).start();
        boolean finished = restart.waitFor(90, TimeUnit.SECONDS);
        long commandEnd = System.nanoTime();
        int exit = finished ? restart.exitValue() : -1;
        if (!finished) {
            restart.destroyForcibly();
        }
        watcher.stop();
        watcherThread.join(5_000);
        // PostgreSQL is back when a new connection answers a query, however quick the command was.
        pgBack = awaitPostgres(base.adminUrl(), Duration.ofSeconds(60));
        Instant startedAfter = postmasterStart(base.adminUrl());
        pgOutageStart = watcher.firstFailure().orElse(at);
        // Let every instance show it recovered, or run out of time doing so.
        long recoveryDeadline = pgBack + RECOVERY_LIMIT.toNanos() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() - recoveryDeadline < 0
                && !probes.stream().allMatch(p -> !p.server().isAlive() || p.firstSuccessFrom(pgBack).isPresent())) {
            Thread.sleep(100);
        }
        probes.forEach(OutageProbe::stop);
        for (Thread thread : probeThreads) {
            thread.join(settings.requestTimeout().toMillis() + 2_000);
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("commandExitCode", exit);
        figures.put("postmasterStartedBefore", startedBefore.toString());
        figures.put("postmasterStartedAfter", startedAfter.toString());
        figures.put("commandSeconds", seconds(commandEnd - at));
        figures.put("outageStartedAtSeconds", since(pgOutageStart));
        figures.put("postgresBackAtSeconds", since(pgBack));
        figures.put("outageSeconds", seconds(pgBack - pgOutageStart));
        double worst = 0;
        boolean allRecovered = true;
        Map<String, Object> perInstance = new LinkedHashMap<>();
        for (OutageProbe probe : probes) {
            Map<String, Object> p = new LinkedHashMap<>();
            Optional<OutageProbe.Sample> first = probe.firstSuccessFrom(pgBack);
            p.put("probeFailuresDuringOutage", probe.failuresBetween(at, pgBack));
            p.put("probe503", probe.statusCount(503));
            p.put("probeTimeouts", probe.timeouts());
            if (first.isPresent()) {
                double recovery = seconds(first.get().endNanos() - pgBack);
                p.put("recoverySeconds", recovery);
                worst = Math.max(worst, recovery);
                if (recovery > RECOVERY_LIMIT.toSeconds()) {
                    allRecovered = false;
                    violations.add("no-recovery-within-10s", probe.server() + " served again " + recovery
                            + " s after PostgreSQL answered");
                }
            } else if (probe.server().isAlive()) {
                allRecovered = false;
                p.put("recoverySeconds", null);
                violations.add("no-recovery-within-10s", probe.server() + " did not serve again within "
                        + RECOVERY_LIMIT.toSeconds() + " s of PostgreSQL answering");
            }
            if (probe.timeouts() > 0) {
                violations.add("request-timed-out", probe.timeouts() + " probes of " + probe.server()
                        + " got no answer within " + settings.requestTimeout().toSeconds() + " s");
            }
            perInstance.put(probe.server().name(), p);
        }
        figures.put("instances", perInstance);
        figures.put("recoverySeconds", worst);
        // The fault is the restart itself, judged by PostgreSQL: pg_ctlcluster has been seen to exit 1 ("failed
        // to start") on a restart whose server was up and serving a few milliseconds later.
        if (!startedAfter.isAfter(startedBefore)) {
            violations.add("postgres-not-restarted", "PostgreSQL's start time did not change across '" + command
                    + "' (exit " + exit + ", see pg-restart.log)");
        }
        faults.add(new Fault("PostgreSQL restart", since(at), "PostgreSQL", String.format(
                "outage %.1f s; instances served again %.2f s after it answered%s", seconds(pgBack - pgOutageStart),
                worst, allRecovered ? "" : " (NOT ALL RECOVERED)"), figures));
        log("PostgreSQL back after %.1f s of outage; recovery %.2f s", seconds(pgBack - pgOutageStart), worst);
    }

    private void terminateInstance(int index) throws InterruptedException {
        ServerProcess victim = instances.get(index);
        if (!victim.isAlive()) {
            faults.add(Fault.skipped("SIGTERM", victim.name() + " is not running"));
            return;
        }
        int inFlight = cluster.inFlight(index);
        long brokenBefore = cluster.broken(index);
        long pid = victim.pid();
        long at = System.nanoTime();
        sigtermAt = at;
        sigtermSent = true;
        victim.terminate();
        Optional<Integer> exit = victim.awaitExit(EXIT_WAIT);
        double secondsToExit = seconds(System.nanoTime() - at);
        // Connections that broke under a request from now until a moment after the exit were in flight.
        Thread.sleep(200);
        long broken = cluster.broken(index) - brokenBefore;
        sigtermExitCode = exit;
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("pid", pid);
        figures.put("inFlightRequests", inFlight);
        figures.put("brokenConnections", broken);
        figures.put("exitCode", exit.orElse(null));
        figures.put("secondsToExit", secondsToExit);
        figures.put("exitCodeZeroRequired", settings.expectExitZero());
        String outcome;
        if (exit.isEmpty()) {
            outcome = "still running " + EXIT_WAIT.toSeconds() + " s after SIGTERM";
            violations.add("sigterm-did-not-stop-the-instance", victim + ": " + outcome);
            victim.destroyForciblyQuietly();
        } else {
            outcome = "exit " + exit.get() + String.format(" after %.1f s", secondsToExit)
                    + (exit.get() == 0 ? "" : settings.expectExitZero() ? " (0 required)"
                    : " (0 wanted; not asserted without " + SoakSettings.EXPECT_EXIT_ZERO + "=true)");
            if (exit.get() != 0 && settings.expectExitZero()) {
                violations.add("sigterm-exit-code-not-0", victim + " exited " + exit.get());
            }
            if (broken > 0 && settings.expectExitZero()) {
                violations.add("sigterm-dropped-in-flight-requests", victim + ": " + broken
                        + " connections broke under a request instead of being answered");
            }
        }
        faults.add(new Fault("SIGTERM", since(at), victim.name(), outcome, figures));
        log("SIGTERM %s (pid %d, %d requests in flight): %s; %d connections broke", victim.name(), pid, inFlight,
                outcome, broken);
    }

    private List<Op> joinClients(List<LoadClient> clients, List<Thread> threads, long deadline, AtomicBoolean stop)
            throws InterruptedException {
        long joinDeadline = deadline + settings.requestTimeout().toNanos() * 2 + Duration.ofSeconds(5).toNanos();
        for (int i = 0; i < threads.size(); i++) {
            Thread thread = threads.get(i);
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(joinDeadline - System.nanoTime())));
            if (thread.isAlive()) {
                violations.add("client-stuck", thread.getName() + " still running "
                        + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - deadline) + " s after the load ended");
            }
        }
        stop.set(true);
        threads.forEach(Thread::interrupt);
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            LoadClient client = clients.get(i);
            if (client.failure() != null) {
                violations.add("client-crashed", "client " + i + ": " + client.failure());
            }
            if (!threads.get(i).isAlive()) {
                ops.addAll(client.ops());
            }
        }
        ops.sort(Comparator.comparingLong(Op::startNanos));
        return ops;
    }

    /** Waits until no leased allocation is left: every lease ran out and some reaper released it. */
    private double awaitReaper(String dbUrl) throws SQLException, InterruptedException {
        long start = System.nanoTime();
        long deadline = start + REAPER_WAIT.toNanos();
        long left;
        while ((left = DbSnapshot.leasedAllocations(dbUrl)) > 0 && System.nanoTime() - deadline < 0) {
            Thread.sleep(250);
        }
        double waited = seconds(System.nanoTime() - start);
        log("leases: %d left after waiting %.1f s for them to run out and be reaped", left, waited);
        return waited;
    }

    private Map<String, Integer> allocatedByPool(ServerProcess instance) throws IOException, InterruptedException {
        JsonNode body = getJson(instance, "/v1/pools");
        Map<String, Integer> allocated = new LinkedHashMap<>();
        for (JsonNode pool : body.path("pools")) {
            allocated.put(pool.path("name").asText(), pool.path("allocated").asInt());
            PoolSpec spec = pools.stream().filter(p -> p.name().equals(pool.path("name").asText())).findFirst()
                    .orElse(null);
            if (spec != null && (pool.path("capacity").asInt() != spec.capacity()
                    || pool.path("available").asInt() != spec.capacity() - pool.path("allocated").asInt())) {
                violations.add("pool-view-inconsistent", instance.name() + ": " + pool);
            }
        }
        return allocated;
    }

    /**
     * Resets every deployment the clients used; afterwards nothing may be held, by the API's counts, the
     * port rows or the pools' bitsets: a port lost on the way would show here.
     */
    private void drain(ServerProcess instance, String dbUrl) throws IOException, InterruptedException, SQLException {
        for (int client = 0; client < settings.clients(); client++) {
            for (int d = 0; d < LoadClient.DEPLOYMENTS_PER_CLIENT; d++) {
                String deployment = LoadClient.deployment(client, d);
                HttpRequest request = HttpRequest.newBuilder(instance.uri("/v1/deployments/" + deployment))
                        .timeout(settings.requestTimeout()).DELETE().build();
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    violations.add("drain-reset-failed", "DELETE /v1/deployments/" + deployment + " -> "
                            + response.statusCode() + " " + response.body());
                }
            }
        }
        Map<String, Integer> allocated = allocatedByPool(instance);
        allocated.forEach((pool, count) -> {
            if (count != 0) {
                violations.add("ports-left-after-drain", instance.name() + " reports " + count + " allocated in " + pool);
            }
        });
        DbSnapshot db = DbSnapshot.read(dbUrl);
        if (!db.ports().isEmpty() || !db.allocations().isEmpty()) {
            violations.add("ports-left-after-drain", db.allocations().size() + " allocations and " + db.ports().size()
                    + " port rows remain");
        }
        db.pools().values().forEach(pool -> {
            if (!pool.taken().isEmpty()) {
                violations.add("ports-left-after-drain", pool.name() + " bitset still marks "
                        + pool.taken().cardinality() + " ports taken");
            }
        });
        log("drained: every deployment reset, %d port rows left", db.ports().size());
    }

    /** Stops what still runs with SIGTERM and notes how each exits (not a fault: the load is over). */
    private void stopRemaining() throws InterruptedException {
        for (ServerProcess instance : instances) {
            if (instance.isAlive()) {
                instance.terminate();
                Optional<Integer> exit = instance.awaitExit(EXIT_WAIT);
                notes.add(instance.name() + " stopped after the checks with SIGTERM: "
                        + exit.map(code -> "exit " + code).orElse("did not exit within " + EXIT_WAIT.toSeconds() + " s"));
            }
        }
    }

    private JsonNode getJson(ServerProcess instance, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(instance.uri(path)).timeout(settings.requestTimeout()).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " on " + instance + " answered " + response.statusCode()
                    + ": " + response.body());
        }
        return json.readTree(response.body());
    }

    /** Polls PostgreSQL with fresh connections, from the start of a restart, for when it first refused. */
    private static final class PgWatcher implements Runnable {
        private final String url;
        private volatile boolean stop;
        private volatile long firstFailure;
        private volatile boolean failed;

        PgWatcher(String url) {
            this.url = url;
        }

        void stop() {
            stop = true;
        }

        Optional<Long> firstFailure() {
            return failed ? Optional.of(firstFailure) : Optional.empty();
        }

        @Override
        public void run() {
            while (!stop && !failed) {
                long at = System.nanoTime();
                if (!answers(url)) {
                    firstFailure = at;
                    failed = true;
                    return;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private static long awaitPostgres(String url, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (answers(url)) {
                return System.nanoTime();
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("PostgreSQL did not answer within " + timeout.toSeconds() + " s of a restart");
    }

    /** When the PostgreSQL server now answering started. */
    private static Instant postmasterStart(String url) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT pg_postmaster_start_time()")) {
            row.next();
            return row.getObject(1, OffsetDateTime.class).toInstant();
        }
    }

    private static boolean answers(String url) {
        Properties properties = new Properties();
        properties.setProperty("connectTimeout", "1");
        properties.setProperty("loginTimeout", "2");
        properties.setProperty("socketTimeout", "2");
        try (Connection connection = DriverManager.getConnection(url, properties);
             Statement statement = connection.createStatement()) {
            statement.execute("SELECT 1");
            return true;
        } catch (SQLException down) {
            return false;
        }
    }

    private static void admin(PostgresUrl base, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(base.adminUrl());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static List<Integer> freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long left = nanos - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    private double since(long nanos) {
        return seconds(nanos - t0);
    }

    static double seconds(long nanos) {
        return Math.round(nanos / 1_000_000.0) / 1000.0;
    }

    private void log(String format, Object... args) {
        String time = !loadStarted ? "setup" : String.format("t=%5.1fs", seconds(System.nanoTime() - t0));
        System.out.println("[soak " + time + "] " + String.format(format, args));
    }
}
