package dev.portalloc.adapters.web;

import dev.portalloc.application.inmemory.InMemoryStore;
import dev.portalloc.application.port.in.UseCases;
import dev.portalloc.application.port.out.HostPorts;
import dev.portalloc.application.port.out.TransactionRunner;
import dev.portalloc.application.service.UseCaseFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API served on an ephemeral port of 127.0.0.1 over a fresh in-memory store, and a client for it.
 * Each test gets its own server, its own clock and, unless told otherwise, a host with no port in use.
 */
final class ApiServer implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");

    final InMemoryStore store = new InMemoryStore();
    final SteppingClock clock;
    final HostPorts hostPorts;
    /** The use cases served, for what the API does not expose (the reaper). */
    final UseCases useCases;
    private final HttpApi.Running running;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private ApiServer(SteppingClock clock, HostPorts hostPorts, Function<ApiServer, UseCases> useCases,
                      BooleanSupplier readiness) {
        this(clock, hostPorts, useCases, readiness, UnaryOperator.identity());
    }

    private ApiServer(SteppingClock clock, HostPorts hostPorts, Function<ApiServer, UseCases> useCases,
                      BooleanSupplier readiness, UnaryOperator<HttpApi.Builder> settings) {
        this.clock = clock;
        this.hostPorts = hostPorts;
        this.useCases = useCases.apply(this);
        // No graceful stop: with it, each close waits a second for the client's idle keep-alive connection.
        this.running = settings.apply(HttpApi.builder(this.useCases, readiness).stopTimeout(Duration.ZERO))
                .build().start("127.0.0.1", 0);
    }

    static ApiServer start() {
        return start(() -> true);
    }

    /** A server with the settings the test gives (tokens, limits, timeouts) over a fresh in-memory store. */
    static ApiServer configured(UnaryOperator<HttpApi.Builder> settings) {
        return new ApiServer(new SteppingClock(T0), HostPorts.NONE, server -> server.useCases(server.store), () -> true,
                settings);
    }

    /** A server over use cases built by the test, with the settings the test gives. */
    static ApiServer configured(Function<ApiServer, UseCases> useCases, UnaryOperator<HttpApi.Builder> settings) {
        return new ApiServer(new SteppingClock(T0), HostPorts.NONE, useCases, () -> true, settings);
    }

    static ApiServer start(BooleanSupplier readiness) {
        return new ApiServer(new SteppingClock(T0), HostPorts.NONE, server -> server.useCases(server.store), readiness);
    }

    /** A server whose use cases run their transactions through {@code transactions}. */
    static ApiServer withTransactions(Function<InMemoryStore, TransactionRunner> transactions) {
        return new ApiServer(new SteppingClock(T0), HostPorts.NONE,
                server -> server.useCases(transactions.apply(server.store)), () -> true);
    }

    /** A server over use cases built by the test. */
    static ApiServer withUseCases(Function<ApiServer, UseCases> useCases) {
        return new ApiServer(new SteppingClock(T0), HostPorts.NONE, useCases, () -> true);
    }

    /** A server on a machine where {@code hostPorts} says which ports are in use. */
    static ApiServer withHostPorts(HostPorts hostPorts) {
        return new ApiServer(new SteppingClock(T0), hostPorts, server -> server.useCases(server.store), () -> true);
    }

    /** A server whose clock reads {@link #T0} until the test advances it. */
    static ApiServer withClockStandingStill() {
        return new ApiServer(SteppingClock.standingStill(T0), HostPorts.NONE, server -> server.useCases(server.store),
                () -> true);
    }

    UseCases useCases(TransactionRunner transactions) {
        return new UseCaseFactory(store.pools(), store.allocations(), store.events(), hostPorts, transactions, clock)
                .create();
    }

    int port() {
        return running.port();
    }

    Reply get(String path) {
        return send("GET", path, null);
    }

    Reply delete(String path) {
        return send("DELETE", path, null);
    }

    Reply put(String path, String json) {
        return send("PUT", path, json, "Content-Type", "application/json");
    }

    Reply post(String path, String json) {
        return send("POST", path, json, "Content-Type", "application/json");
    }

    /** A request with {@code Authorization: Bearer <token>}, and a JSON body when there is one. */
    Reply as(String token, String method, String path, String json) {
        return json == null ? send(method, path, null, "Authorization", "Bearer " + token)
                : send(method, path, json, "Authorization", "Bearer " + token, "Content-Type", "application/json");
    }

    /** @param headers name, value, name, value... */
    Reply send(String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends bytes as they are (for what HttpClient will not send) and returns the raw response. */
    String raw(String request) {
        return raw(request.getBytes(StandardCharsets.UTF_8));
    }

    String raw(byte[] request) {
        try (Socket socket = new Socket("127.0.0.1", port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                response.write(buffer, 0, n);
                if (complete(response.toString(StandardCharsets.UTF_8))) {
                    break;
                }
            }
            return response.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a raw response holds its whole body (by Content-Length), so that no close is awaited. */
    private static boolean complete(String response) {
        int headerEnd = response.indexOf("\r\n\r\n");
        if (headerEnd < 0) {
            return false;
        }
        for (String line : response.substring(0, headerEnd).split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                int length = Integer.parseInt(line.substring("content-length:".length()).trim());
                return response.getBytes(StandardCharsets.UTF_8).length >= headerEnd + 4 + length;
            }
        }
        return false;
    }

    /** Creates a pool through the API. */
    void pool(String name, int minPort, int maxPort, Integer... reserved) {
        String reservedJson = reserved.length == 0 ? "" : ", \"reserved\": " + java.util.Arrays.toString(reserved);
        Reply reply = put("/v1/pools/" + name, "{\"minPort\": " + minPort + ", \"maxPort\": " + maxPort + reservedJson + "}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    }

    /** Allocates through the API, expecting a new allocation. */
    com.fasterxml.jackson.databind.JsonNode allocate(String pool, String json) {
        return post("/v1/pools/" + pool + "/allocations", json).assertJson(201);
    }

    @Override
    public void close() {
        running.close();
    }
}
