package dev.portalloc.bootstrap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service as a user runs it: the real main in its own process on an H2 file database, driven over
 * HTTP, stopped and started again.
 */
final class EndToEndTest {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;

    @TempDir
    Path dataDir;

    @AfterEach
    void stopProcess() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void allocationsSurviveARestart() throws Exception {
        int port = freePort();
        String base = "http://127.0.0.1:" + port;
        start(port, "first");

        HttpResponse<String> pool = get(base + "/v1/pools/default");
        assertThat(pool.statusCode()).isEqualTo(200);
        assertThat(pool.body()).contains("\"minPort\":10000", "\"maxPort\":19999");

        HttpResponse<String> created = post(base + "/v1/pools/default/allocations",
                "{\"deployment\": \"dep-42\", \"service\": \"rabbitmq\", \"count\": 2}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body()).contains("\"ports\":[10000,10001]");
        String id = field(created.body(), "id");

        stop();
        start(port, "second");

        HttpResponse<String> again = get(base + "/v1/allocations/" + id);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("\"ports\":[10000,10001]", "\"deployment\":\"dep-42\"");
        HttpResponse<String> next = post(base + "/v1/pools/default/allocations",
                "{\"deployment\": \"dep-43\", \"service\": \"web\"}");
        assertThat(next.statusCode()).isEqualTo(201);
        assertThat(next.body()).as("the cursor survived the restart too").contains("\"ports\":[10002]");
        HttpResponse<String> reset = send(HttpRequest.newBuilder(URI.create(base + "/v1/deployments/dep-42")).DELETE());
        assertThat(reset.statusCode()).isEqualTo(200);
        assertThat(reset.body()).contains("\"released\":2");
        assertThat(Files.exists(dataDir.resolve("portalloc.mv.db"))).isTrue();
    }

    @Test
    void aLeaseNobodyRenewsIsReleasedByTheServerAndRecorded() throws Exception {
        int port = freePort();
        String base = "http://127.0.0.1:" + port;
        start(port, "leases", "--reaper-interval-seconds", "1");

        HttpResponse<String> leased = post(base + "/v1/pools/default/allocations",
                "{\"deployment\": \"dep-lease\", \"service\": \"web\", \"ttlSeconds\": 1}");
        assertThat(leased.statusCode()).isEqualTo(201);
        String id = field(leased.body(), "id");
        Instant expiresAt = Instant.parse(field(leased.body(), "expiresAt"));

        String events = "";
        while (!events.contains("\"expired\"") && Instant.now().isBefore(expiresAt.plusSeconds(10))) {
            Thread.sleep(200);
            events = get(base + "/v1/events?deployment=dep-lease").body();
        }
        assertThat(events).as("an expired event within 10 s of expiresAt").contains("\"type\":\"expired\"", id);
        assertThat(get(base + "/v1/allocations/" + id).statusCode()).isEqualTo(404);
        assertThat(get(base + "/v1/pools/default").body()).contains("\"allocated\":0");
    }

    private void start(int port, String name, String... extraArgs) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "serve", "--http-port", String.valueOf(port),
                "--db-url", "jdbc:h2:file:" + dataDir.resolve("portalloc"), "--default-pool", "default:10000-19999"));
        command.addAll(List.of(extraArgs));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve(name + ".log").toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("PORTALLOC_"));
        process = builder.start();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("server exited with " + process.exitValue() + ":\n" + log(name));
            }
            try {
                if (get("http://127.0.0.1:" + port + "/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("server not ready within " + START_TIMEOUT + ":\n" + log(name));
    }

    private void stop() throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
    }

    private String log(String name) throws IOException {
        return Files.readString(dataDir.resolve(name + ".log"));
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    private HttpResponse<String> post(String url, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        assertThat(matcher.find()).as(name + " in " + json).isTrue();
        return matcher.group(1);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
