package dev.portalloc.benchmarks.load;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Runs allocate+release cycles from N threads, each with its own {@link CycleClient}: first a warm-up
 * whose cycles are thrown away, then a measured phase of fixed length. Only cycles that start and end
 * inside the measured phase count; failed cycles are counted as errors (the first few are printed),
 * never dropped. Every cycle uses a deployment name of its own, so the allocation is always new.
 */
final class LoadDriver {
    static final String SERVICE = "web";
    /** How long after the end of the measured phase a stuck client is given before the run is abandoned. */
    private static final Duration STRAGGLER_GRACE = Duration.ofSeconds(60);

    private LoadDriver() {
    }

    /** Where the clients and the result's labels come from. */
    record Plan(String label, String backend, String mode, int clients, List<String> pools, Duration warmup,
                Duration measure) {
        Plan {
            Objects.requireNonNull(label);
            Objects.requireNonNull(backend);
            Objects.requireNonNull(mode);
            pools = List.copyOf(pools);
            if (clients < 1) {
                throw new IllegalArgumentException("clients must be at least 1 (got " + clients + ")");
            }
            if (pools.isEmpty()) {
                throw new IllegalArgumentException("at least one pool is needed");
            }
            if (warmup.isNegative() || measure.isNegative() || measure.isZero()) {
                throw new IllegalArgumentException("warm-up must be >= 0 and measure > 0");
            }
        }
    }

    static LoadResult run(Plan plan, IntFunction<CycleClient> clients) throws InterruptedException {
        ErrorSampler errorSampler = new ErrorSampler(plan.label());
        // A tag of this run in every deployment name: runs on one database never reuse a key.
        String runTag = Long.toString(System.nanoTime() & 0xffffffffL, 36);
        CountDownLatch connected = new CountDownLatch(plan.clients());
        CountDownLatch go = new CountDownLatch(1);
        Timeline timeline = new Timeline();
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < plan.clients(); i++) {
            workers.add(new Worker(i, plan, clients, runTag, timeline, connected, go, errorSampler));
        }
        workers.forEach(Worker::start);
        connected.await();
        long start = System.nanoTime();
        timeline.measureStart = start + plan.warmup().toNanos();
        timeline.measureEnd = timeline.measureStart + plan.measure().toNanos();
        go.countDown();
        double cores = coresUsedDuringMeasurement(timeline);

        long deadline = timeline.measureEnd + STRAGGLER_GRACE.toNanos();
        long stuck = 0;
        for (Worker worker : workers) {
            long wait = Math.max(1, deadline - System.nanoTime());
            worker.join(TimeUnit.NANOSECONDS.toMillis(wait) + 1);
            if (worker.isAlive()) {
                stuck++;
                errorSampler.report("client " + worker.index + " still busy " + STRAGGLER_GRACE.toSeconds()
                        + " s after the end; abandoned");
                worker.abandon();
            }
        }

        long cycles = 0;
        long errors = stuck;
        long warmupErrors = 0;
        List<LatencyRecorder> allocate = new ArrayList<>();
        List<LatencyRecorder> release = new ArrayList<>();
        List<LatencyRecorder> whole = new ArrayList<>();
        for (Worker worker : workers) {
            if (worker.isAlive()) {
                continue; // its counters are not safe to read
            }
            cycles += worker.cycles;
            errors += worker.errors;
            warmupErrors += worker.warmupErrors;
            allocate.add(worker.allocate);
            release.add(worker.release);
            whole.add(worker.cycle);
        }
        if (!Double.isNaN(cores)) {
            // For HTTP this is the load tool alone: it shows whether the client could be the bottleneck.
            System.out.printf(java.util.Locale.ROOT, "[%s] this JVM used %.2f of %d cores while measuring%n",
                    plan.label(), cores, Runtime.getRuntime().availableProcessors());
        }
        if (warmupErrors > 0) {
            System.err.println("[" + plan.label() + "] " + warmupErrors + " errors during warm-up (not counted)");
        }
        LatencyRecorder allocations = LatencyRecorder.merge(allocate);
        LatencyRecorder releases = LatencyRecorder.merge(release);
        return new LoadResult(plan.label(), plan.backend(), plan.mode(), plan.clients(), plan.pools().size(), cycles,
                plan.measure(), errors, allocations.percentileMicros(50), allocations.percentileMicros(99),
                releases.percentileMicros(50), releases.percentileMicros(99), LatencyRecorder.merge(whole).meanMicros());
    }

    /** CPU time this process used during the measured phase, in cores; NaN when the JVM does not tell. */
    private static double coresUsedDuringMeasurement(Timeline timeline) throws InterruptedException {
        if (!(ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os)) {
            return Double.NaN;
        }
        sleepUntil(timeline.measureStart);
        long cpuStart = os.getProcessCpuTime();
        long wallStart = System.nanoTime();
        sleepUntil(timeline.measureEnd);
        long cpu = os.getProcessCpuTime() - cpuStart;
        long wall = System.nanoTime() - wallStart;
        return cpuStart < 0 || wall <= 0 ? Double.NaN : (double) cpu / wall;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    /** When the measured phase starts and ends; written before the workers are let go. */
    private static final class Timeline {
        volatile long measureStart;
        volatile long measureEnd;
    }

    private static final class Worker extends Thread {
        final int index;
        private final Plan plan;
        private final IntFunction<CycleClient> clients;
        private final String runTag;
        private final Timeline timeline;
        private final CountDownLatch connected;
        private final CountDownLatch go;
        private final ErrorSampler errorSampler;
        private volatile CycleClient client;

        final LatencyRecorder allocate = new LatencyRecorder();
        final LatencyRecorder release = new LatencyRecorder();
        final LatencyRecorder cycle = new LatencyRecorder();
        long cycles;
        long errors;
        long warmupErrors;

        Worker(int index, Plan plan, IntFunction<CycleClient> clients, String runTag, Timeline timeline,
               CountDownLatch connected, CountDownLatch go, ErrorSampler errorSampler) {
            super("load-" + plan.mode() + "-" + index);
            setDaemon(true);
            this.index = index;
            this.plan = plan;
            this.clients = clients;
            this.runTag = runTag;
            this.timeline = timeline;
            this.connected = connected;
            this.go = go;
            this.errorSampler = errorSampler;
        }

        @Override
        public void run() {
            try {
                client = clients.apply(index);
            } catch (RuntimeException e) {
                errorSampler.report(e);
                errors++;
                connected.countDown();
                return;
            }
            connected.countDown();
            try {
                go.await();
                loop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error e) {
                errors++; // the client died: the run must not look clean
                errorSampler.report("client " + index + " stopped: " + ErrorSampler.describe(e));
            } finally {
                client.close();
            }
        }

        private void loop() {
            long measureStart = timeline.measureStart;
            long measureEnd = timeline.measureEnd;
            List<String> pools = plan.pools();
            ThreadLocalRandom random = ThreadLocalRandom.current();
            String prefix = runTag + "-c" + index + "-";
            for (long n = 0; ; n++) {
                long t0 = System.nanoTime();
                if (t0 - measureEnd >= 0) {
                    return;
                }
                boolean measured = t0 - measureStart >= 0;
                String pool = pools.size() == 1 ? pools.get(0) : pools.get(random.nextInt(pools.size()));
                try {
                    String id = client.allocate(pool, prefix + n);
                    long t1 = System.nanoTime();
                    client.release(id);
                    long t2 = System.nanoTime();
                    if (measured && t2 - measureEnd <= 0) {
                        cycles++;
                        allocate.record(t1 - t0);
                        release.record(t2 - t1);
                        cycle.record(t2 - t0);
                    }
                } catch (Exception | LinkageError | AssertionError e) {
                    // LinkageError too: a stale jar on the class path fails every cycle, and must show as errors
                    if (measured) {
                        errors++;
                    } else {
                        warmupErrors++;
                    }
                    errorSampler.report(e);
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }

        /** Unblocks a client stuck on I/O by closing it under its feet. */
        void abandon() {
            interrupt();
            CycleClient stuck = client;
            if (stuck != null) {
                stuck.close();
            }
        }
    }
}
