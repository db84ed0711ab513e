package dev.portalloc.systemtests;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One instance of the real jar in a process of its own, listening on a fixed loopback port, its stdout
 * and stderr appended to one log file (a restart appends to the same file after a marker line).
 */
final class ServerProcess {
    private final String name;
    private final int port;
    private final Path log;
    private final List<String> command;
    private final Optional<String> dbPassword;
    private volatile Process process;
    /** When this instance was last killed, stopped or started: IO errors near it are expected. */
    private volatile long lastLifecycleNanos;
    private int starts;

    ServerProcess(String name, int port, Path jar, Path log, String dbUrl, String dbUser, Optional<String> dbPassword) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.dbPassword = dbPassword;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        this.command = List.of(java, "-Xmx384m", "-jar", jar.toString(), "serve",
                "--http-host", "127.0.0.1", "--http-port", Integer.toString(port),
                "--db-url", dbUrl, "--db-user", dbUser,
                "--default-pool", "none", "--reaper-interval-seconds", "1");
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    Path log() {
        return log;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is running already");
        }
        starts++;
        // The first start begins a fresh log; a restart appends to it after a marker.
        Files.writeString(log, (starts == 1 ? "" : "\n") + "=== " + name + " start #" + starts + ": "
                + String.join(" ", command) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                starts == 1 ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        // Only what the command line says: no inherited PORTALLOC_* (e.g. API tokens) changes the instance.
        env.keySet().removeIf(key -> key.startsWith("PORTALLOC_"));
        // The password, if any, goes by environment so it never shows in a process listing.
        dbPassword.ifPresent(password -> env.put("PORTALLOC_DB_PASSWORD", password));
        process = builder.start();
        lastLifecycleNanos = System.nanoTime();
    }

    /** Waits until {@code /health/ready} answers 200, or fails with the end of the instance's log. */
    void awaitReady(HttpClient http, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(uri("/health/ready")).timeout(Duration.ofSeconds(2)).GET().build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " while starting; log "
                        + log + ":\n" + tail(40));
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (ConnectException notYet) {
                // not listening yet
            } catch (IOException notYet) {
                // a half-started server may drop the connection
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(name + " was not ready within " + timeout.toSeconds() + " s; log " + log
                + ":\n" + tail(40));
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        Process current = process;
        return current != null && current.isAlive();
    }

    long lastLifecycleNanos() {
        return lastLifecycleNanos;
    }

    /**
     * SIGKILL: on Unix {@link Process#destroyForcibly()} sends signal 9, which the exit status shows
     * (128 + 9 = 137).
     */
    int kill(Duration wait) throws InterruptedException {
        lastLifecycleNanos = System.nanoTime();
        process.destroyForcibly();
        if (!process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(name + " survived SIGKILL for " + wait);
        }
        lastLifecycleNanos = System.nanoTime();
        return process.exitValue();
    }

    /** SIGTERM: on Unix {@link Process#destroy()} sends signal 15. */
    void terminate() {
        lastLifecycleNanos = System.nanoTime();
        process.destroy();
    }

    /** The exit code, or empty if the process is still running after {@code wait}. */
    Optional<Integer> awaitExit(Duration wait) throws InterruptedException {
        if (process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            lastLifecycleNanos = System.nanoTime();
            return Optional.of(process.exitValue());
        }
        return Optional.empty();
    }

    /** Stops whatever is left, gently first; for clean-up, never for a measurement. */
    void stopQuietly() {
        Process current = process;
        if (current == null || !current.isAlive()) {
            return;
        }
        current.destroy();
        try {
            if (!current.waitFor(15, TimeUnit.SECONDS)) {
                current.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            current.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    void destroyForciblyQuietly() {
        Process current = process;
        if (current != null && current.isAlive()) {
            current.destroyForcibly();
        }
    }

    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", new ArrayList<>(all.subList(Math.max(0, all.size() - lines), all.size())));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public String toString() {
        return name + " (127.0.0.1:" + port + ")";
    }
}
