package dev.portalloc.adapters.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portalloc.application.port.in.AllocatePortsCommand;
import dev.portalloc.application.port.in.AllocatePortsUseCase;
import dev.portalloc.application.port.in.AllocationResult;
import dev.portalloc.application.port.in.GetPoolUseCase;
import dev.portalloc.application.port.in.UseCases;
import dev.portalloc.domain.PoolNotFoundException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Slow, stuck and greedy clients: the server times them out or sheds them, and keeps serving the rest. */
class LimitsTest {
    private static final Duration IDLE_TIMEOUT = Duration.ofMillis(400);

    @Test
    void aClientThatConnectsAndSaysNothingIsDisconnectedAfterTheIdleTimeout() throws Exception {
        try (ApiServer api = ApiServer.configured(settings -> settings.idleTimeout(IDLE_TIMEOUT))) {
            Ending silence = sendAndListen(api, "");

            assertThat(silence.millis).isBetween(IDLE_TIMEOUT.toMillis() - 50, IDLE_TIMEOUT.toMillis() + 3000);
        }
    }

    @Test
    void aClientStuckHalfwayThroughItsHeadersIsDisconnected() throws Exception {
        try (ApiServer api = ApiServer.configured(settings -> settings.idleTimeout(IDLE_TIMEOUT))) {
            Ending silence = sendAndListen(api, "PUT /v1/pools/edge HTTP/1.1\r\nHost: x\r\nContent-Ty");

            assertThat(silence.millis).isLessThan(IDLE_TIMEOUT.toMillis() + 3000);
            api.get("/v1/pools/edge").assertProblem(404, "pool-not-found");
        }
    }

    @Test
    void aClientStuckHalfwayThroughItsBodyGetsARequestTimeoutAndChangesNothing() throws Exception {
        try (ApiServer api = ApiServer.configured(settings -> settings.idleTimeout(IDLE_TIMEOUT))) {
            Ending silence = sendAndListen(api, "PUT /v1/pools/edge HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 40\r\n\r\n{\"minPort\": 1,");

            assertThat(silence.millis).isLessThan(IDLE_TIMEOUT.toMillis() + 3000);
            assertThat(silence.response).startsWith("HTTP/1.1 408").contains("application/problem+json",
                    "\"code\":\"request-timeout\"");
            api.get("/v1/pools/edge").assertProblem(404, "pool-not-found");
            assertThat(api.get("/v1/events").assertJson(200).get("events")).isEmpty();
        }
    }

    @Test
    void aClientTricklingItsBodyIsCutOffThoughItNeverFallsSilent() throws Exception {
        // Each byte comes well within the idle timeout; only the deadline for the whole body catches this one.
        try (ApiServer api = ApiServer.configured(settings -> settings.idleTimeout(Duration.ofSeconds(1)));
             Socket socket = new Socket("127.0.0.1", api.port())) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(("PUT /v1/pools/edge HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 2000\r\n\r\n{\"minPort\": 1,").getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            try {
                for (int i = 0; i < 40 && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10); i++) {
                    Thread.sleep(250);
                    socket.getOutputStream().write(' ');
                    socket.getOutputStream().flush();
                }
            } catch (IOException closedByServer) {
                // expected: the server gave up on the body
            }
            String response = readAll(socket.getInputStream());

            assertThat(response).startsWith("HTTP/1.1 408").contains("\"code\":\"request-timeout\"");
            api.get("/v1/pools/edge").assertProblem(404, "pool-not-found");
        }
    }

    @Test
    void aBodyThatArrivesInPiecesWithinTheTimeoutIsRead() throws Exception {
        try (ApiServer api = ApiServer.configured(settings -> settings.idleTimeout(Duration.ofSeconds(5)));
             Socket socket = new Socket("127.0.0.1", api.port())) {
            socket.setSoTimeout(15_000);
            String body = "{\"minPort\": 1, \"maxPort\": 9}";
            socket.getOutputStream().write(("PUT /v1/pools/edge HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            for (char c : body.toCharArray()) {
                // Far slower than any real client, for a body this short.
                Thread.sleep(30);
                socket.getOutputStream().write(c);
                socket.getOutputStream().flush();
            }

            assertThat(readAll(socket.getInputStream())).startsWith("HTTP/1.1 201");
        }
    }

    @Test
    void requestsOverTheConcurrencyLimitAreShedWith503WhileHealthIsStillAnswered() throws Exception {
        Blocker blocker = new Blocker();
        try (ApiServer api = ApiServer.configured(blocker::useCases,
                settings -> settings.maxThreads(16).concurrency(2, 0, Duration.ZERO))) {
            api.pool("edge", 10000, 10009);
            List<CompletableFuture<Reply>> running = sendUntilEntered(2, blocker.entered, i -> api.get("/v1/pools/edge"));

            long start = System.nanoTime();
            Reply shed = api.get("/v1/pools/edge");
            Reply shedWrite = api.post("/v1/pools/edge/allocations", "{\"deployment\": \"d\", \"service\": \"s\"}");

            JsonNode problem = shed.assertProblem(503, "unavailable");
            assertThat(problem.get("detail").asText()).contains("limit of 2 concurrent requests", "retrying");
            assertThat(shed.header("Retry-After")).isEqualTo("1");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2000);
            shedWrite.assertProblem(503, "unavailable");
            api.get("/health/live").assertJson(200);
            api.get("/health/ready").assertJson(200);

            blocker.release.countDown();
            for (CompletableFuture<Reply> reply : running) {
                reply.get(10, TimeUnit.SECONDS).assertJson(200);
            }
            // Requests run on the server's own bounded pool.
            assertThat(blocker.threads).allSatisfy(thread -> assertThat(thread).startsWith("portalloc-http"));
            // Nothing the shed write asked for happened; with room again, requests run.
            assertThat(api.get("/v1/pools/edge").assertJson(200).get("allocated").asInt()).isZero();
            assertThat(api.get("/v1/events").assertJson(200).get("events")).hasSize(1);
        }
    }

    @Test
    void anAllocationWaitingForItsBatchKeepsItsPlaceUntilAnsweredAndIsAnsweredWhenTheBatchCommits() throws Exception {
        Deferred deferred = new Deferred();
        try (ApiServer api = ApiServer.configured(deferred::useCases,
                settings -> settings.maxThreads(16).concurrency(2, 0, Duration.ZERO))) {
            api.pool("edge", 10000, 10009);
            List<CompletableFuture<Reply>> waiting = sendUntilEntered(2, deferred.entered,
                    i -> api.post("/v1/pools/edge/allocations", "{\"deployment\": \"d" + i + "\", \"service\": \"s\"}"));

            // Both wait for their batch without a thread of the server's, and still hold their places.
            api.get("/v1/pools/edge").assertProblem(503, "unavailable");
            api.get("/health/live").assertJson(200);
            assertThat(waiting).noneMatch(CompletableFuture::isDone);

            deferred.commit();
            for (CompletableFuture<Reply> reply : waiting) {
                assertThat(reply.get(10, TimeUnit.SECONDS).assertJson(201).get("ports")).hasSize(1);
            }
            assertThat(api.get("/v1/pools/edge").assertJson(200).get("allocated").asInt()).isEqualTo(2);
        }
    }

    @Test
    void aRefusalReachedAfterTheRequestThreadLeftIsAnsweredAsAProblemAndGivesItsPlaceBack() throws Exception {
        Deferred deferred = new Deferred();
        try (ApiServer api = ApiServer.configured(deferred::useCases,
                settings -> settings.maxThreads(16).concurrency(1, 0, Duration.ZERO))) {
            api.pool("edge", 10000, 10000);
            for (String deployment : List.of("a", "b")) {
                CompletableFuture<Reply> reply = sendUntilEntered(1, deferred.entered, i -> api.post(
                        "/v1/pools/edge/allocations", "{\"deployment\": \"" + deployment + "\", \"service\": \"s\"}")).get(0);
                deferred.commit();
                if (deployment.equals("a")) {
                    reply.get(10, TimeUnit.SECONDS).assertJson(201);
                } else {
                    reply.get(10, TimeUnit.SECONDS).assertProblem(409, "pool-exhausted");
                }
            }
            // The one place is free again after the refusal.
            assertThat(api.get("/v1/pools/edge").assertJson(200).get("allocated").asInt()).isEqualTo(1);
        }
    }

    @Test
    void aRequestWaitsBrieflyForRoomBeforeBeingShed() throws Exception {
        Blocker blocker = new Blocker();
        try (ApiServer api = ApiServer.configured(blocker::useCases,
                settings -> settings.maxThreads(16).concurrency(1, 1, Duration.ofSeconds(5)))) {
            api.pool("edge", 10000, 10009);
            CompletableFuture<Reply> first = sendUntilEntered(1, blocker.entered, i -> api.get("/v1/pools/edge")).get(0);
            CompletableFuture<Reply> waiting = CompletableFuture.supplyAsync(() -> api.get("/v1/pools"));
            Thread.sleep(300);

            // One is running and one waits: a third may not even wait.
            api.get("/v1/pools").assertProblem(503, "unavailable");
            assertThat(waiting).isNotDone();

            blocker.release.countDown();
            first.get(10, TimeUnit.SECONDS).assertJson(200);
            waiting.get(10, TimeUnit.SECONDS).assertJson(200);
        }
    }

    @Test
    void aRequestThatWaitsTooLongIsShed() throws Exception {
        Blocker blocker = new Blocker();
        try (ApiServer api = ApiServer.configured(blocker::useCases,
                settings -> settings.maxThreads(16).concurrency(1, 4, Duration.ofMillis(200)))) {
            api.pool("edge", 10000, 10009);
            CompletableFuture<Reply> first = sendUntilEntered(1, blocker.entered, i -> api.get("/v1/pools/edge")).get(0);

            long start = System.nanoTime();
            api.get("/v1/pools").assertProblem(503, "unavailable");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(150);

            blocker.release.countDown();
            first.get(10, TimeUnit.SECONDS).assertJson(200);
        }
    }

    @Test
    void refusalsForWantOfATokenDoNotTakeAPlace() throws Exception {
        Blocker blocker = new Blocker();
        AccessPolicy policy = AccessPolicy.tokens(List.of(ApiToken.of("t", ApiToken.Scope.READ_WRITE, "0123456789abcdef")));
        try (ApiServer api = ApiServer.configured(blocker::useCases,
                settings -> settings.accessPolicy(policy).maxThreads(16).concurrency(1, 0, Duration.ZERO))) {
            CompletableFuture<Reply> first = sendUntilEntered(1, blocker.entered,
                    i -> api.as("0123456789abcdef", "GET", "/v1/pools/edge", null)).get(0);

            // Refused by access control before admission: 401, not 503.
            api.get("/v1/pools").assertProblem(401, "unauthorized");

            blocker.release.countDown();
            first.get(10, TimeUnit.SECONDS).assertProblem(404, "pool-not-found");
        }
    }

    @Test
    void beyondTheConnectionLimitTheServerAcceptsNoMoreUntilOneCloses() throws Exception {
        try (ApiServer api = ApiServer.configured(settings -> settings.maxConnections(1));
             Socket first = new Socket("127.0.0.1", api.port());
             Socket second = new Socket("127.0.0.1", api.port())) {
            first.setSoTimeout(10_000);
            second.setSoTimeout(1000);
            String request = "GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
            first.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(first.getInputStream().readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");

            // The first connection stays open (kept alive): the second waits in the backlog, unanswered.
            second.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            assertThatThrownBy(() -> second.getInputStream().read()).isInstanceOf(java.net.SocketTimeoutException.class);

            first.close();
            second.setSoTimeout(10_000);
            assertThat(readAll(second.getInputStream())).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void limitsThatLeaveNoThreadsForHealthChecksAreRefused() {
        UseCases useCases = new Blocker().useCases(null);
        assertThatThrownBy(() -> HttpApi.builder(useCases, () -> true).maxThreads(20).concurrency(10, 8, Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxThreads must be at least");
        assertThatThrownBy(() -> HttpApi.builder(useCases, () -> true).concurrency(0, 0, Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HttpApi.builder(useCases, () -> true).concurrency(1, -1, Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HttpApi.builder(useCases, () -> true).idleTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HttpApi.builder(useCases, () -> true).maxConnections(0).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(HttpApi.builder(useCases, () -> true).maxThreads(26).concurrency(10, 8, Duration.ZERO).build()).isNotNull();
    }

    /** Sends the requests, each from a thread of its own, and returns once every one has entered its use case. */
    private static List<CompletableFuture<Reply>> sendUntilEntered(int count, Semaphore entered, IntFunction<Reply> request)
            throws InterruptedException {
        List<CompletableFuture<Reply>> replies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = i;
            replies.add(CompletableFuture.supplyAsync(() -> request.apply(n)));
        }
        assertThat(entered.tryAcquire(count, 10, TimeUnit.SECONDS)).isTrue();
        return replies;
    }

    /**
     * Use cases whose asynchronous allocation is decided only when the test commits, as a batch would be:
     * until then the request has no thread of the server's to hold. Each entry is signalled.
     */
    private static final class Deferred {
        final Semaphore entered = new Semaphore(0);
        private final List<Runnable> pending = java.util.Collections.synchronizedList(new ArrayList<>());

        UseCases useCases(ApiServer server) {
            UseCases base = server.useCases(server.store);
            AllocatePortsUseCase deferred = new AllocatePortsUseCase() {
                @Override
                public AllocationResult allocatePorts(AllocatePortsCommand command) {
                    return base.allocatePorts().allocatePorts(command);
                }

                @Override
                public CompletableFuture<AllocationResult> allocatePortsAsync(AllocatePortsCommand command) {
                    CompletableFuture<AllocationResult> answer = new CompletableFuture<>();
                    pending.add(() -> {
                        try {
                            answer.complete(base.allocatePorts().allocatePorts(command));
                        } catch (RuntimeException refused) {
                            answer.completeExceptionally(refused);
                        }
                    });
                    entered.release();
                    return answer;
                }
            };
            return new UseCases(deferred, base.releaseAllocation(), base.resetDeployment(),
                    base.definePool(), base.deletePool(), base.getPool(), base.listPools(), base.getAllocation(),
                    base.listAllocations(), base.getDeployment(), base.lookUpPort(), base.renewDeployment(),
                    base.reapExpiredAllocations(), base.listEvents());
        }

        /** Decides every allocation waiting, in arrival order, on the test's thread. */
        void commit() {
            List<Runnable> batch;
            synchronized (pending) {
                batch = new ArrayList<>(pending);
                pending.clear();
            }
            batch.forEach(Runnable::run);
        }
    }

    /** Use cases whose {@code getPool} waits until released, signalling each entry. */
    private static final class Blocker {
        final Semaphore entered = new Semaphore(0);
        final CountDownLatch release = new CountDownLatch(1);
        final List<String> threads = java.util.Collections.synchronizedList(new ArrayList<>());

        UseCases useCases(ApiServer server) {
            UseCases base = server == null ? freshUseCases() : server.useCases(server.store);
            GetPoolUseCase blocking = pool -> {
                threads.add(Thread.currentThread().getName());
                entered.release();
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return base.getPool().getPool(pool);
            };
            return new UseCases(base.allocatePorts(), base.releaseAllocation(), base.resetDeployment(),
                    base.definePool(), base.deletePool(), blocking, base.listPools(), base.getAllocation(),
                    base.listAllocations(), base.getDeployment(), base.lookUpPort(), base.renewDeployment(),
                    base.reapExpiredAllocations(), base.listEvents());
        }

        private static UseCases freshUseCases() {
            dev.portalloc.application.inmemory.InMemoryStore store = new dev.portalloc.application.inmemory.InMemoryStore();
            return store.useCases(new SteppingClock(ApiServer.T0));
        }
    }

    /**
     * What a client saw after sending {@code request} and then nothing, until the server closed the
     * connection: how long that took, and any response before it.
     */
    private record Ending(long millis, String response) {
    }

    private static Ending sendAndListen(ApiServer api, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", api.port())) {
            socket.setSoTimeout(15_000);
            long start = System.nanoTime();
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String response = readAll(socket.getInputStream());
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            return new Ending(millis, response);
        }
    }

    /** Everything until the server closes the connection (a read timeout fails the test). */
    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
            }
        } catch (java.net.SocketException reset) {
            // A reset after the response is as good as a close.
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
