package dev.portalloc.benchmarks.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real server jar as a child process, for load that has to cross a process boundary:
 * {@code java [jvmArgs] -jar portalloc.jar serve --http-host=127.0.0.1 --http-port=0 --db-url=...
 * --db-user=... [extraArgs]}. {@link #start} returns once the server has said where it listens and
 * answered {@code GET /health/ready} with 200; {@link #startupTime()} is the time from spawning the
 * process to that answer.
 *
 * <p>The password goes to the child in {@code PORTALLOC_DB_PASSWORD}, never on its command line, and
 * every other {@code PORTALLOC_*} variable of this process is removed from the child's environment, so
 * only the arguments given here configure it. Its output (stdout and stderr) is consumed by a daemon
 * thread; the last {@value #KEPT_LINES} lines are kept for diagnostics ({@link #recentOutput()}). A
 * shutdown hook kills the child if this JVM exits without {@link #stop()}.
 *
 * <pre>{@code
 * try (ServerProcess server = ServerProcess.start(Path.of("bootstrap/target/portalloc.jar"),
 *         "jdbc:h2:file:/tmp/x/portalloc", "sa", "", List.of("-Xmx256m"), List.of("--default-pool=none"))) {
 *     HttpLoad.run("demo", "h2", server.baseUrl(), List.of("bench-1"), 16, warmup, measure);
 * }
 * }</pre>
 */
public final class ServerProcess implements AutoCloseable {
    /** How long a start may take before it is given up (covers Flyway migrating a fresh database). */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /** How long {@link #stop()} waits after SIGTERM before killing the process. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(10);
    static final int KEPT_LINES = 400;

    /** What the server logs once it listens (bootstrap's Server). */
    private static final Pattern SERVING = Pattern.compile("portalloc serving on (https?://\\S+)");
    private static final Duration READY_POLL = Duration.ofMillis(50);

    private final Process process;
    private final URI baseUrl;
    private final Duration startupTime;
    private final Deque<String> recentOutput;
    private final Thread killOnExit;

    private ServerProcess(Process process, URI baseUrl, Duration startupTime, Deque<String> recentOutput,
                          Thread killOnExit) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.startupTime = startupTime;
        this.recentOutput = recentOutput;
        this.killOnExit = killOnExit;
    }

    /**
     * Spawns the server on a free port of 127.0.0.1 and waits until it is ready.
     *
     * @param jar        the server's runnable jar (bootstrap/target/portalloc.jar)
     * @param dbUser     passed as {@code --db-user}; null to leave the server's default
     * @param dbPassword passed in the environment; null for none
     * @param jvmArgs    options for the child's JVM, e.g. {@code -Xmx256m}
     * @param extraArgs  more flags of {@code serve}, e.g. {@code --default-pool=none}
     * @throws IllegalStateException when the process exits or is not ready within {@link #START_TIMEOUT};
     *                               the message carries the end of its output
     */
    public static ServerProcess start(Path jar, String dbUrl, String dbUser, String dbPassword, List<String> jvmArgs,
                                      List<String> extraArgs) {
        Objects.requireNonNull(jar, "jar");
        Objects.requireNonNull(dbUrl, "dbUrl");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no server jar at " + jar.toAbsolutePath()
                    + " (build it: ./mvnw -B -q -DskipTests install)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", jar.toString(), "serve", "--http-host=127.0.0.1", "--http-port=0",
                "--db-url=" + dbUrl));
        if (dbUser != null) {
            command.add("--db-user=" + dbUser);
        }
        command.addAll(extraArgs);

        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("PORTALLOC_"));
        if (dbPassword != null) {
            env.put("PORTALLOC_DB_PASSWORD", dbPassword);
        }

        long spawned = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command, e);
        }
        Thread killOnExit = new Thread(process::destroyForcibly, "kill-portalloc-" + process.pid());
        Runtime.getRuntime().addShutdownHook(killOnExit);

        Deque<String> recent = new ArrayDeque<>();
        CompletableFuture<URI> serving = new CompletableFuture<>();
        Thread pump = new Thread(() -> pumpOutput(process, recent, serving), "portalloc-output-" + process.pid());
        pump.setDaemon(true);
        pump.start();

        try {
            long deadline = spawned + START_TIMEOUT.toNanos();
            URI baseUrl = awaitServing(process, serving, deadline, recent);
            awaitReady(process, baseUrl, deadline, recent);
            Duration startupTime = Duration.ofNanos(System.nanoTime() - spawned);
            return new ServerProcess(process, baseUrl, startupTime, recent, killOnExit);
        } catch (RuntimeException | Error failure) {
            process.destroyForcibly();
            removeHook(killOnExit);
            throw failure;
        }
    }

    private static void pumpOutput(Process process, Deque<String> recent, CompletableFuture<URI> serving) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                synchronized (recent) {
                    if (recent.size() == KEPT_LINES) {
                        recent.removeFirst();
                    }
                    recent.addLast(line);
                }
                if (!serving.isDone()) {
                    Matcher matcher = SERVING.matcher(line);
                    if (matcher.find()) {
                        serving.complete(URI.create(matcher.group(1)));
                    }
                }
            }
        } catch (IOException ignored) {
            // the process went away; its exit is noticed where it matters
        }
        serving.completeExceptionally(new IllegalStateException("the server's output ended"));
    }

    private static URI awaitServing(Process process, CompletableFuture<URI> serving, long deadline,
                                    Deque<String> recent) {
        while (true) {
            try {
                return serving.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException notYet) {
                if (!process.isAlive()) {
                    throw failed("exited with status " + process.exitValue() + " before serving", recent);
                }
                if (System.nanoTime() - deadline > 0) {
                    throw failed("did not say where it listens within " + START_TIMEOUT.toSeconds() + " s", recent);
                }
            } catch (ExecutionException ended) {
                waitQuietly(process);
                throw failed("stopped before serving" + (process.isAlive() ? "" : " (status " + process.exitValue() + ")"),
                        recent);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failed("start interrupted", recent);
            }
        }
    }

    private static void awaitReady(Process process, URI baseUrl, long deadline, Deque<String> recent) {
        HttpLoad.requireLoopback(baseUrl);
        String lastAnswer = "no answer";
        while (true) {
            try (Http1Connection connection = new Http1Connection(baseUrl, Duration.ofSeconds(5))) {
                HttpResponse response = connection.send("GET", "/health/ready", null);
                if (response.status() == 200) {
                    return;
                }
                lastAnswer = response.status() + " " + response.bodyText();
            } catch (IOException e) {
                lastAnswer = e.toString();
            }
            if (!process.isAlive()) {
                throw failed("exited with status " + process.exitValue() + " before it was ready", recent);
            }
            if (System.nanoTime() - deadline > 0) {
                throw failed("not ready within " + START_TIMEOUT.toSeconds() + " s (last: " + lastAnswer + ")", recent);
            }
            try {
                Thread.sleep(READY_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failed("start interrupted", recent);
            }
        }
    }

    private static void waitQuietly(Process process) {
        try {
            process.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static IllegalStateException failed(String what, Deque<String> recent) {
        List<String> tail;
        synchronized (recent) {
            tail = new ArrayList<>(recent);
        }
        int from = Math.max(0, tail.size() - 40);
        return new IllegalStateException("portalloc server " + what + "; its last output:\n  "
                + String.join("\n  ", tail.subList(from, tail.size())));
    }

    /** Where it serves, e.g. {@code http://127.0.0.1:41234}. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** The operating system's id of the child process. */
    public long pid() {
        return process.pid();
    }

    /** From spawning the process to the first 200 from {@code /health/ready}. */
    public Duration startupTime() {
        return startupTime;
    }

    /** The last lines it printed, oldest first. */
    public List<String> recentOutput() {
        synchronized (recentOutput) {
            return List.copyOf(recentOutput);
        }
    }

    /**
     * Stops it like an operator would: SIGTERM, then up to {@link #STOP_GRACE} for a clean stop, then
     * SIGKILL. Waits until the process is gone. Safe to call more than once.
     */
    public void stop() {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    System.err.println("portalloc server " + pid() + " still running " + STOP_GRACE.toSeconds()
                            + " s after SIGTERM; killing it");
                    process.destroyForcibly();
                    process.waitFor();
                }
            }
            process.waitFor();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            removeHook(killOnExit);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: it kills what is left
        }
    }
}
