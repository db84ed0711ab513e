package dev.portalloc.systemtests;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Asks one instance for a pool (a database read) every 100 ms, straight to that instance, while
 * PostgreSQL restarts: when its answers stop being 200 and when they are 200 again.
 */
final class OutageProbe implements Runnable {
    private static final long PERIOD_MILLIS = 100;

    record Sample(long startNanos, long endNanos, int status) {
    }

    private final int instance;
    private final ServerProcess server;
    private final HttpClient http;
    private final Duration timeout;
    private final String path;
    private final List<Sample> samples = new ArrayList<>();
    private volatile boolean stop;

    OutageProbe(int instance, ServerProcess server, HttpClient http, Duration timeout, String pool) {
        this.instance = instance;
        this.server = server;
        this.http = http;
        this.timeout = timeout;
        this.path = "/v1/pools/" + pool;
    }

    int instance() {
        return instance;
    }

    ServerProcess server() {
        return server;
    }

    void stop() {
        stop = true;
    }

    synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    @Override
    public void run() {
        HttpRequest request = HttpRequest.newBuilder(server.uri(path)).timeout(timeout).GET().build();
        while (!stop) {
            long start = System.nanoTime();
            int status;
            try {
                status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (HttpTimeoutException timedOut) {
                status = Op.TIMEOUT;
            } catch (IOException failed) {
                status = Op.IO_ERROR;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            synchronized (this) {
                samples.add(new Sample(start, System.nanoTime(), status));
            }
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The first 200 asked for at or after {@code fromNanos}. */
    Optional<Sample> firstSuccessFrom(long fromNanos) {
        return samples().stream().filter(s -> s.startNanos() - fromNanos >= 0 && s.status() == 200).findFirst();
    }

    long failuresBetween(long fromNanos, long toNanos) {
        return samples().stream()
                .filter(s -> s.startNanos() - fromNanos >= 0 && s.startNanos() - toNanos <= 0 && s.status() != 200)
                .count();
    }

    long timeouts() {
        return samples().stream().filter(s -> s.status() == Op.TIMEOUT).count();
    }

    long statusCount(int status) {
        return samples().stream().filter(s -> s.status() == status).count();
    }
}
