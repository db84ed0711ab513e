package dev.portalloc.adapters.web;

import dev.portalloc.application.inmemory.InMemoryStore;
import dev.portalloc.application.port.in.PoolSummary;
import dev.portalloc.application.port.in.UseCases;
import dev.portalloc.application.port.out.HostPorts;
import dev.portalloc.application.service.UseCaseFactory;
import io.javalin.testtools.JavalinTest;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpApiLifecycleTest {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static UseCases freshUseCases() {
        InMemoryStore store = new InMemoryStore();
        return new UseCaseFactory(store.pools(), store.allocations(), store.events(), HostPorts.NONE, store,
                new SteppingClock(Instant.EPOCH)).create();
    }

    @Test
    void startServesOnTheBoundPortUntilClosed() throws Exception {
        HttpApi.Running running = new HttpApi(freshUseCases(), () -> true, Duration.ZERO).start("127.0.0.1", 0);
        int port = running.port();
        assertThat(port).isPositive();
        assertThat(running.scheme()).isEqualTo("http");
        assertThat(get(port, "/health/live").statusCode()).isEqualTo(200);

        running.close();

        assertThatThrownBy(() -> get(port, "/health/live")).isInstanceOf(ConnectException.class);
    }

    @Test
    void appsShareNothing() throws Exception {
        try (HttpApi.Running a = new HttpApi(freshUseCases(), () -> true, Duration.ZERO).start("127.0.0.1", 0);
             HttpApi.Running b = new HttpApi(freshUseCases(), () -> false, Duration.ZERO).start("127.0.0.1", 0)) {
            HttpResponse<String> created = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.port() + "/v1/pools/edge"))
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"minPort\": 1, \"maxPort\": 10}")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(get(a.port(), "/v1/pools").body()).contains("edge");
            assertThat(get(b.port(), "/v1/pools").body()).isEqualTo("{\"pools\":[]}");
            assertThat(get(a.port(), "/health/ready").statusCode()).isEqualTo(200);
            assertThat(get(b.port(), "/health/ready").statusCode()).isEqualTo(503);
        }
    }

    @Test
    void createAppBuildsTheSameApiForTestTools() {
        JavalinTest.test(new HttpApi(freshUseCases(), () -> true).createApp(), (server, client) -> {
            assertThat(client.get("/health/live").body().string()).isEqualTo("{\"status\":\"UP\"}");
            assertThat(client.get("/v1/pools/nope").code()).isEqualTo(404);
            assertThat(client.get("/v1/pools/nope").headers().get("Content-Type").get(0)).startsWith("application/problem+json");
        });
    }

    @Test
    void theShortConstructorsServeAnOpenApi() {
        assertThat(new HttpApi(freshUseCases(), () -> true).accessPolicy().requiresToken()).isFalse();
        assertThat(HttpApi.builder(freshUseCases(), () -> true).build().accessPolicy()).isSameAs(AccessPolicy.open());
    }

    @Test
    void createAppCarriesTheAccessPolicyToo() {
        AccessPolicy policy = AccessPolicy.tokens(java.util.List.of(
                ApiToken.of("t", ApiToken.Scope.READ_ONLY, "0123456789abcdef")));
        JavalinTest.test(HttpApi.builder(freshUseCases(), () -> true).accessPolicy(policy).build().createApp(),
                (server, client) -> {
                    assertThat(client.get("/v1/pools").code()).isEqualTo(401);
                    assertThat(client.get("/v1/pools", request -> request.header("Authorization", "Bearer 0123456789abcdef"))
                            .code()).isEqualTo(200);
                    assertThat(client.get("/health/live").code()).isEqualTo(200);
                });
    }

    @Test
    void closeLetsARequestInFlightFinish() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        UseCases base = freshUseCases();
        UseCases slow = new UseCases(base.allocatePorts(), base.releaseAllocation(), base.resetDeployment(),
                base.definePool(), base.deletePool(), pool -> {
                    entered.countDown();
                    await(release);
                    throw new dev.portalloc.domain.PoolNotFoundException(pool);
                }, base.listPools(), base.getAllocation(), base.listAllocations(), base.getDeployment(), base.lookUpPort(),
                base.renewDeployment(), base.reapExpiredAllocations(), base.listEvents());
        HttpApi.Running running = new HttpApi(slow, () -> true).start("127.0.0.1", 0);
        int port = running.port();

        CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(() -> {
            try {
                return get(port, "/v1/pools/edge");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> closing = CompletableFuture.runAsync(running::close);
        Thread.sleep(200);
        assertThat(closing).isNotDone();

        release.countDown();

        assertThat(inFlight.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(404);
        closing.get(15, TimeUnit.SECONDS);
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static PoolSummary await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }
}
