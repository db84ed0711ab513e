package dev.portalloc.systemtests;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The instances as clients see them: a request goes to the caller's preferred instance; one that
 * refuses the connection (or has just died under it) is suspected for a moment and the request is
 * tried on the next one. Any other failure is recorded, never retried, because its outcome is unknown.
 */
final class Cluster {
    private static final int MAX_ATTEMPTS = 4;
    private static final long SUSPICION_NANOS = Duration.ofSeconds(1).toNanos();
    /** An instance killed, stopped or started this recently may break connections; that is no finding. */
    private static final long LIFECYCLE_GRACE_NANOS = Duration.ofSeconds(3).toNanos();

    private final List<ServerProcess> instances;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final AtomicLongArray suspectedUntil;
    private final AtomicIntegerArray inFlight;
    private final LongAdder refusedRetries = new LongAdder();
    private final LongAdder brokenRetries = new LongAdder();
    private final AtomicLongArray brokenByInstance;

    Cluster(List<ServerProcess> instances, HttpClient http, Duration requestTimeout) {
        this.instances = List.copyOf(instances);
        this.http = http;
        this.requestTimeout = requestTimeout;
        this.suspectedUntil = new AtomicLongArray(instances.size());
        this.inFlight = new AtomicIntegerArray(instances.size());
        this.brokenByInstance = new AtomicLongArray(instances.size());
        long now = System.nanoTime();
        for (int i = 0; i < instances.size(); i++) {
            // nanoTime may be negative: start every instance "suspected until now", i.e. not suspected.
            suspectedUntil.set(i, now);
        }
    }

    List<ServerProcess> instances() {
        return instances;
    }

    ServerProcess instance(int index) {
        return instances.get(index);
    }

    int size() {
        return instances.size();
    }

    int inFlight(int index) {
        return inFlight.get(index);
    }

    /** Requests retried on another instance after a refused connection. */
    long refusedRetries() {
        return refusedRetries.sum();
    }

    /** Requests retried on another instance after their connection broke while that instance died or restarted. */
    long brokenRetries() {
        return brokenRetries.sum();
    }

    /** Connections to this instance that broke under a request while it died or restarted. */
    long broken(int index) {
        return brokenByInstance.get(index);
    }

    /** The answer (or failure) of one request, with the instance that gave it. */
    record Exchange(int instance, int attempts, int status, boolean problemJson, String body, long startNanos,
                    long endNanos, String error) {
    }

    Exchange send(int preferred, String method, String path, String body) throws InterruptedException {
        long start = System.nanoTime();
        boolean[] tried = new boolean[instances.size()];
        int target = pick(preferred, tried);
        String lastError = null;
        for (int attempt = 1; ; attempt++) {
            ServerProcess instance = instances.get(target);
            HttpRequest.Builder request = HttpRequest.newBuilder(instance.uri(path)).timeout(requestTimeout);
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body));
            }
            inFlight.incrementAndGet(target);
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                boolean problem = response.headers().firstValue("Content-Type")
                        .map(type -> type.startsWith("application/problem+json")).orElse(false);
                return new Exchange(target, attempt, response.statusCode(), problem, response.body(), start,
                        System.nanoTime(), null);
            } catch (HttpConnectTimeoutException | ConnectException refused) {
                refusedRetries.increment();
                lastError = refused.toString();
            } catch (HttpTimeoutException timeout) {
                return new Exchange(target, attempt, Op.TIMEOUT, false, null, start, System.nanoTime(), timeout.toString());
            } catch (IOException broken) {
                if (instance.isAlive() && System.nanoTime() - instance.lastLifecycleNanos() > LIFECYCLE_GRACE_NANOS) {
                    return new Exchange(target, attempt, Op.IO_ERROR, false, null, start, System.nanoTime(),
                            broken.toString());
                }
                brokenRetries.increment();
                brokenByInstance.incrementAndGet(target);
                lastError = broken.toString();
            } finally {
                inFlight.decrementAndGet(target);
            }
            suspectedUntil.set(target, System.nanoTime() + SUSPICION_NANOS);
            tried[target] = true;
            int next = pick(preferred, tried);
            if (attempt >= MAX_ATTEMPTS || next < 0 || System.nanoTime() - start > requestTimeout.toNanos()) {
                return new Exchange(target, attempt, Op.IO_ERROR, false, null, start, System.nanoTime(),
                        "no instance took the request: " + lastError);
            }
            target = next;
        }
    }

    /**
     * The preferred instance unless suspected; else one of the others not suspected, drawn at random so a
     * dead instance's share spreads evenly; else any not yet tried; -1 when every one was tried.
     */
    private int pick(int preferred, boolean[] tried) {
        long now = System.nanoTime();
        if (!tried[preferred] && suspectedUntil.get(preferred) - now <= 0) {
            return preferred;
        }
        List<Integer> healthy = new ArrayList<>();
        int fallback = -1;
        for (int i = 0; i < instances.size(); i++) {
            if (tried[i]) {
                continue;
            }
            if (suspectedUntil.get(i) - now <= 0) {
                healthy.add(i);
            } else if (fallback < 0) {
                fallback = i;
            }
        }
        if (!healthy.isEmpty()) {
            return healthy.get(ThreadLocalRandom.current().nextInt(healthy.size()));
        }
        return fallback;
    }
}
