package dev.portalloc.benchmarks.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * pgbench running {@code benchmarks/pgbench/cycle.sql}, the leanest SQL form of a cycle, on portalloc's
 * own schema: per cycle one transaction that locks the pool row, inserts the allocation and moves the
 * cursor, and one that locks the pool row and deletes the allocation. It is the yardstick for what the
 * database alone can do per row lock; the pools it uses must exist (define them through the product
 * first). A warm-up run whose figures are thrown away precedes the measured one, as for the Java drivers.
 */
public final class PgbenchRunner {
    /** How long past its own duration pgbench may run before it is killed. */
    private static final Duration OVERRUN = Duration.ofSeconds(60);

    private final Path pgbench;
    private final Path script;
    private final String host;
    private final int port;
    private final String user;
    private final String password;

    /** @param password for {@code PGPASSWORD}; null or empty for none */
    public PgbenchRunner(Path pgbench, Path script, String host, int port, String user, String password) {
        if (!Files.isExecutable(pgbench)) {
            throw new IllegalArgumentException("pgbench is not executable at " + pgbench);
        }
        if (!Files.isRegularFile(script)) {
            throw new IllegalArgumentException("no pgbench script at " + script.toAbsolutePath());
        }
        this.pgbench = pgbench;
        this.script = script;
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    /**
     * Runs the script with {@code clients} connections over pools {@code bench-1..bench-pools} of
     * {@code database}: a warm-up of {@code warmup}, then {@code measure} (whole seconds, at least 1).
     * The result's rate is pgbench's {@code tps}; its mean latency is pgbench's {@code latency average}.
     */
    public LoadResult run(String label, String database, int clients, int pools, Duration warmup, Duration measure)
            throws InterruptedException {
        if (warmup.toSeconds() >= 1) {
            PgbenchOutput warm = invoke(label + " warm-up", database, clients, pools, warmup.toSeconds());
            if (warm.errors() > 0) {
                System.err.println("[" + label + "] " + warm.errors() + " errors during warm-up (not counted)");
            }
        }
        long seconds = Math.max(1, measure.toSeconds());
        PgbenchOutput out = invoke(label, database, clients, pools, seconds);
        // pgbench's tps leaves out the time to connect; the duration is derived from it so that
        // cyclesPerSecond() is that tps exactly.
        Duration measured = out.tps() > 0 && out.transactions() > 0
                ? Duration.ofNanos(Math.round(out.transactions() / out.tps() * 1e9))
                : Duration.ofSeconds(seconds);
        return new LoadResult(label, "postgresql", LoadResult.PGBENCH, clients, pools, out.transactions(), measured,
                out.errors(), Double.NaN, Double.NaN, Double.NaN, Double.NaN, out.latencyAverageMs() * 1000);
    }

    private PgbenchOutput invoke(String label, String database, int clients, int pools, long seconds)
            throws InterruptedException {
        int threads = Math.max(1, Math.min(clients, Runtime.getRuntime().availableProcessors()));
        List<String> command = new ArrayList<>(List.of(pgbench.toString(), "-h", host, "-p", Integer.toString(port),
                "-U", user, "-n", "-c", Integer.toString(clients), "-j", Integer.toString(threads),
                "-T", Long.toString(seconds), "-D", "pools=" + pools, "-f", script.toString(), database));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("PGPASSWORD");
        if (password != null && !password.isEmpty()) {
            builder.environment().put("PGPASSWORD", password);
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + command, e);
        }
        try {
            process.getOutputStream().close(); // pgbench reads no input
        } catch (IOException ignored) {
            // nothing was going to be written anyway
        }
        CompletableFuture<String> stdout = readAll(process, false);
        CompletableFuture<String> stderr = readAll(process, true);
        if (!process.waitFor(seconds + OVERRUN.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
            throw new IllegalStateException("pgbench ran " + OVERRUN.toSeconds() + " s past its " + seconds
                    + " s; killed");
        }
        String out = stdout.join();
        String err = stderr.join();
        PgbenchOutput parsed = PgbenchOutput.parse(out, err);
        if (process.exitValue() != 0 || parsed.errors() > 0 || parsed.transactions() == 0) {
            System.err.println("[" + label + "] pgbench exited " + process.exitValue() + "; its output:\n" + out + err);
            if (parsed.transactions() == 0) {
                throw new IllegalStateException("pgbench completed no cycle (exit " + process.exitValue() + ")");
            }
        }
        return parsed;
    }

    /** On a thread of its own: the common pool may have a single thread, and both pipes must drain at once. */
    private static CompletableFuture<String> readAll(Process process, boolean errorStream) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                byte[] bytes = (errorStream ? process.getErrorStream() : process.getInputStream()).readAllBytes();
                text.complete(new String(bytes, StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.complete("(output not readable: " + e + ")");
            }
        }, "pgbench-" + (errorStream ? "stderr" : "stdout"));
        reader.setDaemon(true);
        reader.start();
        return text;
    }
}
