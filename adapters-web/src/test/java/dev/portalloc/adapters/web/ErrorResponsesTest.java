package dev.portalloc.adapters.web;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.portalloc.application.port.in.UseCases;
import dev.portalloc.application.port.out.StoreUnavailableException;
import dev.portalloc.application.port.out.TransactionRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Errors that do not come from the domain: routing, the store, the HTTP server and the unexpected. */
class ErrorResponsesTest {
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger mapperLog = (Logger) LoggerFactory.getLogger(ProblemMapper.class);

    @BeforeEach
    void captureLogs() {
        logged.start();
        mapperLog.addAppender(logged);
        // Expected failures are asserted here, not printed.
        mapperLog.setAdditive(false);
    }

    @AfterEach
    void releaseLogs() {
        mapperLog.detachAppender(logged);
        mapperLog.setAdditive(true);
    }

    @Test
    void anUnknownPathIsNotFound() {
        try (ApiServer api = ApiServer.start()) {
            api.get("/v2/pools").assertProblem(404, "not-found");
            api.get("/").assertProblem(404, "not-found");
            api.get("/v1/pools/edge/unknown").assertProblem(404, "not-found");
            api.post("/v1/nothing", "{}").assertProblem(404, "not-found");
        }
    }

    @Test
    void aKnownPathWithAnotherMethodIsMethodNotAllowedWithAllow() {
        try (ApiServer api = ApiServer.start()) {
            Reply pools = api.post("/v1/pools", "{}");
            Reply pool = api.send("PATCH", "/v1/pools/edge", "{}", "Content-Type", "application/json");
            Reply allocation = api.put("/v1/allocations/abc", "{}");

            assertThat(pools.assertProblem(405, "method-not-allowed").get("detail").asText()).contains("GET");
            assertThat(pools.header("Allow")).isEqualTo("GET, HEAD");
            pool.assertProblem(405, "method-not-allowed");
            assertThat(pool.header("Allow").split(", ")).containsExactlyInAnyOrder("GET", "HEAD", "PUT", "DELETE");
            allocation.assertProblem(405, "method-not-allowed");
            assertThat(allocation.header("Allow").split(", ")).containsExactlyInAnyOrder("GET", "HEAD", "DELETE");

            Reply renew = api.get("/v1/deployments/dep-42/renew");
            renew.assertProblem(405, "method-not-allowed");
            assertThat(renew.header("Allow")).isEqualTo("POST");
            Reply events = api.post("/v1/events", "{}");
            events.assertProblem(405, "method-not-allowed");
            assertThat(events.header("Allow").split(", ")).containsExactlyInAnyOrder("GET", "HEAD");
        }
    }

    @Test
    void anUnreachableStoreIsUnavailableAndChangesNothing() {
        AtomicBoolean down = new AtomicBoolean(false);
        try (ApiServer api = ApiServer.withTransactions(store -> new TransactionRunner() {
            @Override
            public <T> T inTransaction(Supplier<T> work) {
                if (!down.get()) {
                    return store.inTransaction(work);
                }
                // The work runs, then the commit fails: the in-memory store discards what it did.
                return store.inTransaction(() -> {
                    work.get();
                    throw new StoreUnavailableException("commit failed: Connection to jdbc:postgresql://db:5432/portalloc "
                            + "refused during SELECT * FROM pool FOR UPDATE", new java.net.ConnectException("refused"));
                });
            }

            @Override
            public <T> T inTransactionOnce(Supplier<T> work) {
                return inTransaction(work);
            }
        })) {
            api.pool("edge", 10000, 10009);
            JsonNode before = api.get("/v1/pools/edge").assertJson(200);

            down.set(true);
            Reply allocate = api.post("/v1/pools/edge/allocations", "{\"deployment\": \"d\", \"service\": \"s\", \"count\": 3}");
            Reply define = api.put("/v1/pools/other", "{\"minPort\": 1, \"maxPort\": 10}");
            Reply read = api.get("/v1/pools/edge");
            down.set(false);

            JsonNode problem = allocate.assertProblem(503, "unavailable");
            assertThat(problem.get("detail").asText()).contains("retrying is safe");
            assertThat(allocate.body()).doesNotContain("postgresql", "5432", "FOR UPDATE", "refused");
            assertThat(allocate.header("Retry-After")).isEqualTo("1");
            define.assertProblem(503, "unavailable");
            read.assertProblem(503, "unavailable");
            assertThat(api.get("/v1/pools/edge").assertJson(200)).isEqualTo(before);
            api.get("/v1/pools/other").assertProblem(404, "pool-not-found");
            assertThat(logged.list).anySatisfy(event -> assertThat(event.getLevel()).isEqualTo(Level.WARN));
        }
    }

    @Test
    void anUnexpectedExceptionIsInternalErrorLoggedWithItsStackTraceButNotShown() {
        try (ApiServer api = ApiServer.withUseCases(server -> replacingAllocate(server.useCases(server.store),
                command -> {
                    throw new IllegalStateException("secret detail at jdbc:h2:/var/lib/portalloc");
                }))) {
            api.pool("edge", 10000, 10009);

            Reply reply = api.post("/v1/pools/edge/allocations", "{\"deployment\": \"d\", \"service\": \"s\"}");

            JsonNode problem = reply.assertProblem(500, "internal-error");
            assertThat(reply.body()).doesNotContain("secret", "IllegalState", "h2");
            assertThat(problem.get("detail").asText()).isEqualTo("an unexpected error occurred; it has been logged");
            assertThat(logged.list).singleElement().satisfies(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.ERROR);
                assertThat(event.getFormattedMessage()).contains("POST /v1/pools/edge/allocations");
                assertThat(event.getThrowableProxy().getClassName()).isEqualTo(IllegalStateException.class.getName());
                assertThat(event.getThrowableProxy().getStackTraceElementProxyArray()).isNotEmpty();
            });
        }
    }

    @Test
    void anErrorThrownByAUseCaseIsInternalErrorToo() {
        try (ApiServer api = ApiServer.withUseCases(server -> replacingAllocate(server.useCases(server.store),
                command -> {
                    throw new AssertionError("invariant broken in dev.portalloc.Secret");
                }))) {
            api.pool("edge", 10000, 10009);

            Reply reply = api.post("/v1/pools/edge/allocations", "{\"deployment\": \"d\", \"service\": \"s\"}");

            reply.assertProblem(500, "internal-error");
            assertThat(reply.body()).doesNotContain("invariant", "Secret");
            assertThat(logged.list).anySatisfy(event -> assertThat(event.getThrowableProxy().getClassName())
                    .isEqualTo(AssertionError.class.getName()));
            // The server is still serving.
            api.get("/health/live").assertJson(200);
        }
    }

    @Test
    void requestsTheHttpServerRefusesBeforeRoutingAreProblemsToo() {
        try (ApiServer api = ApiServer.start()) {
            assertRawProblem(api.raw("GET /v1/pools/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
                    400, "invalid-request");
            assertRawProblem(api.raw("GARBAGE\r\n\r\n"), 400, "invalid-request");
            assertRawProblem(api.raw("GET / HTTP/9.9\r\n\r\n"), 400, "invalid-request");
            assertRawProblem(api.raw("GET /v1/pools HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Big: "
                    + "a".repeat(20_000) + "\r\n\r\n"), 431, "invalid-request");
        }
    }

    private static void assertRawProblem(String response, int status, String code) {
        assertThat(response).startsWith("HTTP/1.1 " + status + " ");
        assertThat(response).containsIgnoringCase("Content-Type: application/problem+json");
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        assertThat(body).startsWith("{\"type\":\"/problems/" + code + "\"").contains("\"status\":" + status)
                .contains("\"code\":\"" + code + "\"").doesNotContain("<html", "Jetty", "java.");
    }

    private static UseCases replacingAllocate(UseCases base, dev.portalloc.application.port.in.AllocatePortsUseCase allocate) {
        return new UseCases(allocate, base.releaseAllocation(), base.resetDeployment(), base.definePool(),
                base.deletePool(), base.getPool(), base.listPools(), base.getAllocation(), base.listAllocations(),
                base.getDeployment(), base.lookUpPort(), base.renewDeployment(), base.reapExpiredAllocations(),
                base.listEvents());
    }
}
