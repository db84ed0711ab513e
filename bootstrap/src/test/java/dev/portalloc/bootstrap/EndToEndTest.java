package dev.portalloc.bootstrap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The service as a user runs it: the real main in its own process on an H2 file database, driven over
 * HTTP, stopped with SIGTERM and started again.
 */
final class EndToEndTest {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final String DEPLOYER_SECRET = "e2e-deployer-secret-0001";
    private static final String DASHBOARD_SECRET = "e2e-dashboard-secret-0002";
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

    @Test
    void withTokensFromTheEnvironmentAnyHostIsServedAndOnlyATokenChangesAnything() throws Exception {
        int port = freePort();
        String base = "http://127.0.0.1:" + port;
        start(port, "tokens", Map.of("PORTALLOC_API_TOKENS", "deployer:rw:" + DEPLOYER_SECRET
                + ",dashboard:ro:" + DASHBOARD_SECRET), "--http-host", "0.0.0.0");
        String allocation = "{\"deployment\": \"dep-1\", \"service\": \"web\"}";
        String eventsBefore = send(get(base + "/v1/events", DASHBOARD_SECRET)).body();

        assertThat(post(base + "/v1/pools/default/allocations", allocation).statusCode()).isEqualTo(401);
        assertThat(send(post(base + "/v1/pools/default/allocations", allocation, "not-the-right-secret-000"))
                .statusCode()).isEqualTo(401);
        assertThat(send(post(base + "/v1/pools/default/allocations", allocation, DASHBOARD_SECRET))
                .statusCode()).isEqualTo(403);
        assertThat(send(get(base + "/v1/events", DASHBOARD_SECRET)).body()).isEqualTo(eventsBefore);

        HttpResponse<String> created = send(post(base + "/v1/pools/default/allocations", allocation, DEPLOYER_SECRET));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(get(base + "/health/ready").statusCode()).isEqualTo(200);
        String events = send(get(base + "/v1/events?deployment=dep-1", DASHBOARD_SECRET)).body();
        assertThat(events).contains("\"type\":\"allocated\"", "\"actor\":\"deployer\"");
        assertThat(log("tokens")).contains("deployer (rw)", "dashboard (ro)")
                .doesNotContain(DEPLOYER_SECRET, DASHBOARD_SECRET);
    }

    @Test
    void withoutTokensANonLoopbackHostIsRefusedAtStart() throws Exception {
        int port = freePort();

        Process refused = launch(port, "refused", Map.of(), "--http-host", "0.0.0.0");

        assertThat(refused.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(refused.exitValue()).isEqualTo(2);
        assertThat(log("refused")).contains("refusing to serve on '0.0.0.0' without access control",
                "--insecure-no-auth");
    }

    @Test
    void insecureNoAuthServesANonLoopbackHostWithALoudWarning() throws Exception {
        int port = freePort();
        String base = "http://127.0.0.1:" + port;

        start(port, "insecure", Map.of("PORTALLOC_INSECURE_NO_AUTH", "true"), "--http-host", "0.0.0.0");

        assertThat(get(base + "/v1/pools/default").statusCode()).isEqualTo(200);
        assertThat(log("insecure")).containsPattern("WARN .*INSECURE.*WITHOUT ACCESS CONTROL");
    }

    @Test
    void withAKeystoreTheServiceSpeaksHttpsOnly() throws Exception {
        int port = freePort();
        Path keystore = Keystores.create(dataDir, "e2e-keystore-pw");
        HttpClient https = HttpClient.newBuilder().sslContext(trusting(keystore, "e2e-keystore-pw"))
                .connectTimeout(Duration.ofSeconds(5)).build();

        start(port, "tls", Map.of("PORTALLOC_TLS_KEYSTORE", keystore.toString(),
                "PORTALLOC_TLS_KEYSTORE_PASSWORD", "e2e-keystore-pw"), https, "https");

        HttpResponse<String> pool = https.send(HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + port + "/v1/pools/default")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(pool.statusCode()).isEqualTo(200);
        assertThat(log("tls")).contains("serving on https://").doesNotContain("e2e-keystore-pw");
    }

    @Test
    void sigtermLetsTheRequestInFlightFinishThenExitsWithStatusZero() throws Exception {
        int port = freePort();
        // AUTO_SERVER lets this test open the server's own H2 database alongside it, to hold a lock.
        String dbUrl = "jdbc:h2:file:" + dataDir.resolve("portalloc") + ";AUTO_SERVER=TRUE";
        start(port, "sigterm", "--db-url", dbUrl);
        String base = "http://127.0.0.1:" + port;

        CompletableFuture<HttpResponse<String>> inFlight;
        try (Connection db = DriverManager.getConnection(dbUrl, "sa", "")) {
            db.setAutoCommit(false);
            try (Statement lock = db.createStatement()) {
                // The pool's row is its lock: an allocation in it now waits for this transaction.
                lock.executeQuery("SELECT name FROM pool WHERE name = 'default' FOR UPDATE").close();
            }
            inFlight = http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/v1/pools/default/allocations"))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"deployment\": \"dep-slow\", \"service\": \"web\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            Thread.sleep(300);

            process.destroy();
            // Longer than the second Jetty gives quiet connections once stopping: a busy request is not quiet.
            Thread.sleep(1200);
            assertThat(process.isAlive()).as("waits for the request in flight:\n%s", log("sigterm")).isTrue();
            assertThat(inFlight).isNotDone();
            db.rollback();
        }

        HttpResponse<String> response = inFlight.get(30, TimeUnit.SECONDS);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(response.body()).contains("\"deployment\":\"dep-slow\"");
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stops once the request is done").isTrue();
        assertThat(process.exitValue()).as(log("sigterm")).isZero();
        assertThat(log("sigterm")).contains("SIGTERM received", "portalloc stopped");

        // What the last request did was committed before the process ended.
        start(port, "after-sigterm");
        assertThat(get(base + "/v1/deployments/dep-slow").body()).contains("\"service\":\"web\"");
    }

    @Test
    void newConnectionsAreRefusedOnceStoppingHasBegun() throws Exception {
        int port = freePort();
        start(port, "stopping");

        stop();

        assertThatThrownBy(() -> get("http://127.0.0.1:" + port + "/health/live")).isInstanceOf(IOException.class);
    }

    private void start(int port, String name, String... extraArgs) throws Exception {
        start(port, name, Map.of(), extraArgs);
    }

    private void start(int port, String name, Map<String, String> environment, String... extraArgs) throws Exception {
        start(port, name, environment, http, "http", extraArgs);
    }

    private void start(int port, String name, Map<String, String> environment, HttpClient client, String scheme,
                       String... extraArgs) throws Exception {
        process = launch(port, name, environment, extraArgs);
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("server exited with " + process.exitValue() + ":\n" + log(name));
            }
            try {
                HttpResponse<String> ready = client.send(HttpRequest.newBuilder(
                        URI.create(scheme + "://127.0.0.1:" + port + "/health/ready")).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("server not ready within " + START_TIMEOUT + ":\n" + log(name));
    }

    private Process launch(int port, String name, Map<String, String> environment, String... extraArgs) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "serve", "--http-port", String.valueOf(port), "--default-pool", "default:10000-19999"));
        if (!List.of(extraArgs).contains("--db-url")) {
            command.addAll(List.of("--db-url", "jdbc:h2:file:" + dataDir.resolve("portalloc")));
        }
        command.addAll(List.of(extraArgs));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve(name + ".log").toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("PORTALLOC_"));
        builder.environment().putAll(environment);
        return builder.start();
    }

    private void stop() throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        assertThat(process.exitValue()).as("exit status after SIGTERM").isZero();
    }

    private String log(String name) throws IOException {
        return Files.readString(dataDir.resolve(name + ".log"));
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    private static HttpRequest.Builder get(String url, String token) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).GET();
    }

    private HttpResponse<String> post(String url, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static HttpRequest.Builder post(String url, String json, String token) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static SSLContext trusting(Path keystore, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, password.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
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
