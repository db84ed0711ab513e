package dev.portalloc.adapters.web;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portalloc.adapters.web.HostileRequests.AllocationInfo;
import dev.portalloc.adapters.web.HostileRequests.Case;
import dev.portalloc.adapters.web.HostileRequests.Model;
import dev.portalloc.adapters.web.HostileRequests.PoolInfo;
import dev.portalloc.adapters.web.HostileRequests.Token;
import dev.portalloc.domain.Allocation;
import dev.portalloc.domain.Event;
import dev.portalloc.domain.Pool;
import dev.portalloc.domain.PortState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A seeded fuzzer for issue 4's "hostile input": thousands of malformed and adversarial requests per run
 * at every endpoint of the API (pools, allocations, ports, deployments with renew, events, health), over
 * a real server on an ephemeral port with one read-write and one read-only token.
 *
 * <p>Requests go out one at a time, through {@link HttpClient} where it can send them and over a raw
 * socket where it cannot (bad request lines, duplicate headers, broken chunking, bytes that are not
 * UTF-8) or should not (bodies of 8 KiB and more, see {@link Run#send}). {@link HostileRequests} makes them.
 *
 * <p>For every answer: the status is 2xx or 4xx, never 5xx, and it comes within a timeout; every 4xx is
 * {@code application/problem+json} (HEAD answers included) with {@code type}, {@code title},
 * {@code status} (the HTTP status), {@code detail} and {@code code}, and no stack trace, class name or SQL
 * that the request did not itself contain; the answer is one the case allows (valid requests are tracked
 * and must get exactly the answer the store's state calls for, hostile ones must be refused, or, where a
 * mutation may leave the request valid, either); and the store, compared in full before and after (pools
 * with cursors and bits, every allocation with its expiry, the event log), is unchanged by every refused
 * request, by every GET and HEAD, and by every request without the read-write token. The store's own
 * consistency (no port held twice, every pool's bits matching its allocations) is checked every 250
 * cases, and nothing may be logged at ERROR.
 *
 * <p>A failure names the seed and case and prints the request, with the bytes that crossed HttpClient's
 * connections since the case before: its requests go through a {@link WireRecorder}, so that a wrong answer
 * on a kept-alive connection shows whether the server sent it or the client misread what it was sent.
 * {@link #replay(long, int)} runs the same seed up to that case on a fresh server, prints that exchange in
 * full and writes its exact bytes to {@code target/hostile-input/}; {@code -Dhostile.replay=<seed>:<case>}
 * does so from Maven, and {@code -Dhostile.seeds=4,5,6 -Dhostile.cases=10000} explores other seeds.
 */
class HostileInputFuzzTest {
    /** Cases per seed; three seeds make a run of several thousand requests. */
    static final int CASES_PER_SEED = 3_000;
    private static final long[] SEEDS = {1L, 20_261_127L, 0x5EED_F00DL};
    private static final int MAX_FAILURES_REPORTED = 15;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Requests whose body or head reach this size (Jetty's default header limit) go over a socket (see {@link Run#send}). */
    private static final int LARGE = 8 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What must never come out unless the request put it in. */
    private static final List<String> LEAKS = List.of("exception", "at dev.", "dev.portalloc", "java.", "javax.",
            "jakarta.", "org.hibernate", "org.eclipse", "io.javalin", "com.fasterxml", "jackson", "select ", "insert into",
            "caused by", "\tat ", "jdbc", "postgres", "sqlstate", "stacktrace", "<html");
    /** A qualified Java class name ({@code dev.portalloc.domain.PoolName}, {@code java.lang.String}). */
    private static final Pattern CLASS_NAME = Pattern.compile("\\b[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+\\.[A-Z][A-Za-z0-9_$]+\\b");
    private static final AccessPolicy POLICY = AccessPolicy.tokens(List.of(
            ApiToken.of("fuzz-rw", ApiToken.Scope.READ_WRITE, HostileRequests.RW_SECRET),
            ApiToken.of("fuzz-ro", ApiToken.Scope.READ_ONLY, HostileRequests.RO_SECRET)));

    /** The fixed seeds, or {@code -Dhostile.seeds=1,2,3} to explore others, or the seed of {@code -Dhostile.replay}. */
    static LongStream seeds() {
        String replay = System.getProperty("hostile.replay");
        if (replay != null && !replay.isBlank()) {
            return LongStream.of(Long.parseLong(replay.split(":")[0].trim()));
        }
        String seeds = System.getProperty("hostile.seeds");
        return seeds == null || seeds.isBlank() ? LongStream.of(SEEDS)
                : java.util.Arrays.stream(seeds.split(",")).map(String::trim).mapToLong(Long::parseLong);
    }

    private static int casesPerSeed() {
        return Integer.getInteger("hostile.cases", CASES_PER_SEED);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void hostileRequestsGetAProblemNeverA5xxAndChangeNothing(long seed) {
        String replay = System.getProperty("hostile.replay");
        if (replay != null && !replay.isBlank()) {
            Exchange exchange = replay(seed, Integer.parseInt(replay.split(":")[1].trim()));
            assertThat(exchange.failures).as(String.join("\n", exchange.failures)).isEmpty();
            return;
        }
        int cases = casesPerSeed();
        try (Run run = new Run(seed)) {
            long start = System.nanoTime();
            run.execute(cases, -1);
            run.checkLogs();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            System.out.printf("hostile input, seed %d: %d cases (%d requests) in %d ms; %s%n", seed, cases,
                    run.requests, millis, run.summary());
            if (!run.failures.isEmpty()) {
                fail(run.failures.size() + " of " + cases + " cases of seed " + seed + " failed"
                        + (run.failures.size() >= MAX_FAILURES_REPORTED ? " (stopped counting)" : "") + ":\n\n"
                        + String.join("\n\n", run.failures));
            }
        }
    }

    @Test
    void aSeedAndACaseNumberReplayTheSameRequestsAndAnswers() {
        List<String> first;
        List<String> second;
        try (Run run = new Run(42L)) {
            run.execute(300, -1);
            first = run.trace;
        }
        try (Run run = new Run(42L)) {
            run.execute(300, -1);
            second = run.trace;
        }
        assertThat(second).isEqualTo(first);
        Exchange replayed = replay(42L, 299);
        assertThat(replayed.trace).isEqualTo(first.get(299));
    }

    // ---------------------------------------------------------------------------------------------
    // What the fuzzer found, pinned down case by case

    @Test
    void aTokenDifferingOnlyInCaseIsRefusedEvenOnAConnectionThatJustSentTheRightOne() throws IOException {
        try (Run run = new Run(0L)) {
            Snapshot before = run.snapshot();
            String wrongCase = HostileRequests.RW_SECRET.toUpperCase(Locale.ROOT);
            String answers = keepAlive(run.api.port(),
                    "GET /v1/pools HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + HostileRequests.RW_SECRET + "\r\n\r\n",
                    "DELETE /v1/deployments/dep-1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + wrongCase
                            + "\r\nConnection: close\r\n\r\n");

            assertThat(answers).startsWith("HTTP/1.1 200 ");
            assertThat(answers.substring(answers.indexOf("HTTP/1.1", 10))).startsWith("HTTP/1.1 401 ")
                    .contains("\"code\":\"unauthorized\"");
            assertThat(run.snapshot()).isEqualTo(before);
        }
    }

    @Test
    void aMethodOverrideHeaderNeverTurnsAReadIntoAWrite() {
        try (Run run = new Run(0L)) {
            Snapshot before = run.snapshot();
            for (String method : List.of("GET", "HEAD")) {
                Case c = new Case(0L, 0);
                c.method = method;
                c.target = "/v1/deployments/dep-1";
                c.headers.add(new String[] {"Authorization", "Bearer " + HostileRequests.RW_SECRET});
                c.headers.add(new String[] {"X-HTTP-Method-Override", "DELETE"});

                Response response = run.send(c).get(0);

                assertThat(response.status).as(method).isEqualTo(400);
                assertThat(response.header("Content-Type")).startsWith("application/problem+json");
            }
            assertThat(run.snapshot()).isEqualTo(before);
        }
    }

    @Test
    void aPercentSignThatStartsNoEscapeIsAnInvalidRequestNotAnInternalError() {
        try (Run run = new Run(0L)) {
            for (String target : List.of("/v1/pools/%u002e%u002e/allocations", "/v1/deployments/%u0041", "/v1/allocations/ab%",
                    "/v1/pools/edge/ports/1%2")) {
                Case c = new Case(0L, 0);
                c.method = "GET";
                c.target = target;
                c.headers.add(new String[] {"Authorization", "Bearer " + HostileRequests.RW_SECRET});

                Response response = run.send(c).get(0);

                assertThat(response.status).as(target).isEqualTo(400);
                assertThat(response.bodyText()).as(target).contains("\"code\":\"invalid-request\"");
            }
            run.checkLogs();
            assertThat(run.failures).isEmpty();
        }
    }

    @Test
    void aRequestTheHttpServerRefusesSaysTheConnectionCloses() throws IOException {
        try (Run run = new Run(0L)) {
            // Without "Connection: close" a keep-alive client sends its next request down a closed connection.
            for (String target : List.of("/v1/deployments/..%00", "/v1/pools/edge%00")) {
                String answer = keepAlive(run.api.port(), "GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(answer).as(target).startsWith("HTTP/1.1 400 ").containsIgnoringCase("Connection: close");
            }
        }
    }

    @Test
    void aRequestLineWithoutAVersionTheServerSpeaksIsA400NotA505() {
        try (Run run = new Run(0L)) {
            for (String line : List.of("GET /v1/pools HTTP/1", "GET /v1/pools HTTP/9.9", "GET /v1/pools", "GET /v1/pools HTTP/1.1.1")) {
                Case c = new Case(0L, 0);
                c.rawRequest = line + "\r\nHost: x\r\nAuthorization: Bearer " + HostileRequests.RW_SECRET + "\r\n\r\n";
                c.method = "GET";

                Response response = run.send(c).get(0);

                assertThat(response.status).as(line).isEqualTo(400);
                assertThat(response.bodyText()).as(line).contains("\"status\":400", "\"code\":\"invalid-request\"");
            }
        }
    }

    /** Sends the requests down one connection, each after the answer to the last, and returns all that came back. */
    private static String keepAlive(int port, String... requests) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8_192];
            for (int i = 0; i < requests.length; i++) {
                socket.getOutputStream().write(requests[i].getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
                while (!holdsAnswers(received.toString(StandardCharsets.ISO_8859_1), i + 1)) {
                    int n = in.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    received.write(buffer, 0, n);
                }
            }
            return received.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)content-length:\\s*(\\d+)");

    /** Whether the text holds this many whole answers (each with a Content-Length, or none). */
    private static boolean holdsAnswers(String text, int answers) {
        int at = 0;
        for (int i = 0; i < answers; i++) {
            int headerEnd = text.indexOf("\r\n\r\n", at);
            if (headerEnd < 0) {
                return false;
            }
            Matcher length = CONTENT_LENGTH.matcher(text.substring(at, headerEnd));
            at = headerEnd + 4 + (length.find() ? Integer.parseInt(length.group(1)) : 0);
            if (at > text.length()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Runs {@code seed} on a fresh server up to and including case {@code index}, prints that case's request
     * and answer in full, writes its exact bytes to {@code target/hostile-input/}, and returns it.
     */
    static Exchange replay(long seed, int index) {
        try (Run run = new Run(seed)) {
            run.execute(index + 1, index);
            return run.last;
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** One seed's run: a server, the cases sent to it, and what went wrong. */
    static final class Run implements AutoCloseable {
        final long seed;
        final SteppingClock clock = SteppingClock.standingStill(ApiServer.T0);
        final ApiServer api;
        /** Between HttpClient and the server: raw-socket cases go to the server directly. */
        final WireRecorder wire;
        final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        final List<String> failures = new ArrayList<>();
        final List<String> trace = new ArrayList<>();
        final Map<String, Integer> statuses = new TreeMap<>();
        final Map<String, Integer> families = new TreeMap<>();
        int requests;
        int raw;
        int accepted;
        Exchange last;
        private final ListAppender<ILoggingEvent> errors = new ListAppender<>();
        private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

        Run(long seed) {
            this.seed = seed;
            errors.start();
            root.addAppender(errors);
            api = ApiServer.configured(server -> server.store.useCases(clock),
                    settings -> settings.accessPolicy(POLICY).idleTimeout(Duration.ofSeconds(5)));
            try {
                wire = new WireRecorder(api.port());
            } catch (IOException e) {
                api.close();
                throw new UncheckedIOException(e);
            }
            setUp("PUT", "/v1/pools/edge", "{\"minPort\":10000,\"maxPort\":10063,\"reserved\":[10005]}", 201);
            setUp("PUT", "/v1/pools/tiny", "{\"minPort\":20000,\"maxPort\":20003,\"reserved\":[20001]}", 201);
            setUp("POST", "/v1/pools/edge/allocations", "{\"deployment\":\"dep-1\",\"service\":\"web\",\"count\":2}", 201);
            setUp("POST", "/v1/pools/tiny/allocations", "{\"deployment\":\"dep-2\",\"service\":\"db\",\"ports\":[20000]}", 201);
            setUp("POST", "/v1/pools/edge/allocations",
                    "{\"deployment\":\"Dep.3\",\"service\":\"cache\",\"ttlSeconds\":60}", 201);
        }

        private void setUp(String method, String path, String body, int status) {
            Case c = new Case(seed, -1);
            c.method = method;
            c.target = path;
            c.body = body;
            c.headers.add(new String[] {"Authorization", "Bearer " + HostileRequests.RW_SECRET});
            c.headers.add(new String[] {"Content-Type", "application/json"});
            List<Response> responses = send(c);
            assertThat(responses).as("set-up %s %s", method, path).isNotEmpty();
            assertThat(responses.get(0).status).as("set-up %s %s: %s", method, path, responses.get(0).bodyText())
                    .isEqualTo(status);
        }

        void execute(int cases, int verboseIndex) {
            for (int i = 0; i < cases && failures.size() < MAX_FAILURES_REPORTED; i++) {
                Snapshot before = snapshot();
                Case c = HostileRequests.generate(seed, i, before.model(clock.instant()));
                Exchange exchange = new Exchange(c);
                exchange.wireMark = wire.mark();
                exchange.responses = send(c);
                Snapshot after = snapshot();
                check(exchange, before, after);
                record(exchange);
                if (i == verboseIndex) {
                    print(exchange);
                }
                last = exchange;
                if (c.advanceClockSeconds > 0) {
                    clock.advance(Duration.ofSeconds(c.advanceClockSeconds));
                    // Leases that ran out are released by whichever transaction next locks their pool, a
                    // refused request's included; releasing them here keeps "a refusal changes nothing" exact.
                    while (api.store.useCases(clock).reapExpiredAllocations().reapExpiredAllocations(1000) > 0) {
                        // until none is left
                    }
                }
                if (i % 250 == 249 || i == cases - 1) {
                    checkConsistency(c);
                }
            }
        }

        private void record(Exchange exchange) {
            Case c = exchange.c;
            families.merge(c.family.name().toLowerCase(Locale.ROOT), 1, Integer::sum);
            if (exchange.responses.isEmpty()) {
                statuses.merge("none", 1, Integer::sum);
            }
            for (Response response : exchange.responses) {
                statuses.merge(Integer.toString(response.status), 1, Integer::sum);
            }
            if (exchange.responses.stream().anyMatch(r -> r.status / 100 == 2)) {
                accepted++;
            }
            exchange.trace = c.index + " " + maskIds(c.describe(300)) + " -> "
                    + exchange.responses.stream().map(r -> Integer.toString(r.status)).toList();
            trace.add(exchange.trace);
            if (!exchange.failures.isEmpty()) {
                String dump = dump(c);
                // The previous case and the answer's headers: the wrong answers seen that replays did not bring back
                // came on kept-alive connections and looked like answers to the request before.
                failures.add("case " + c.index + " of seed " + seed + ": " + String.join("; ", exchange.failures) + "\n"
                        + c.describe(1_500) + "answer: " + exchange.answerText() + "\n"
                        + "answer headers: " + exchange.responses.stream().map(r -> String.valueOf(r.headers())).toList() + "\n"
                        + "previous case: " + (last == null ? "none" : last.trace + " " + last.answerText()) + "\n"
                        + "on HttpClient's connections since the previous case:\n"
                        + wire.since(last == null ? exchange.wireMark : last.wireMark)
                        + "replay: HostileInputFuzzTest.replay(" + seed + "L, " + c.index + ") or mvn test -Dtest=HostileInputFuzzTest"
                        + " -Dhostile.replay=" + seed + ":" + c.index + (dump == null ? "" : "; exact bytes in " + dump));
            }
        }

        String summary() {
            return "families " + families + ", " + raw + " over raw sockets, " + accepted + " accepted, statuses " + statuses;
        }

        // -----------------------------------------------------------------------------------------
        // Sending

        List<Response> send(Case c) {
            requests++;
            // A large request goes over a socket, written whole before the answer is read: the server may refuse it
            // (431, 413) before reading it all and close, and HttpClient, still writing, then loses the answer.
            if (c.rawRequest == null && !c.forceRaw && !large(c)) {
                Optional<HttpRequest> request = clientRequest(c);
                if (request.isPresent()) {
                    try {
                        HttpResponse<byte[]> response = client.send(request.get(), HttpResponse.BodyHandlers.ofByteArray());
                        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                        headers.putAll(response.headers().map());
                        return List.of(new Response(response.statusCode(), headers, response.body(), "HEAD".equals(c.method)));
                    } catch (IOException e) {
                        if (String.valueOf(e.getMessage()).contains("received no bytes")) {
                            // HttpClient lost a kept-alive connection that closed as it reused it (seen once in
                            // many thousands of cases): the case is judged again on a fresh socket of its own.
                            return sendRaw(c);
                        }
                        return List.of(Response.none("no answer from HttpClient: " + e + "; " + liveness()));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                }
            }
            return sendRaw(c);
        }

        private static boolean large(Case c) {
            int head = c.method.length() + c.target.length();
            for (String[] header : c.headers) {
                head += header[0].length() + header[1].length() + 4;
            }
            return head >= LARGE || (c.body != null && c.body.length() >= LARGE);
        }

        private Optional<HttpRequest> clientRequest(Case c) {
            if (!HostileRequests.uriSafe(c.target) || !c.target.startsWith("/")) {
                return Optional.empty();
            }
            try {
                HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + wire.port() + c.target))
                        .timeout(REQUEST_TIMEOUT)
                        .method(c.method, c.body == null ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(c.body.getBytes(StandardCharsets.ISO_8859_1)));
                Set<String> names = new HashSet<>();
                for (String[] header : c.headers) {
                    if (!names.add(header[0].toLowerCase(Locale.ROOT))) {
                        return Optional.empty();
                    }
                    builder.header(header[0], header[1]);
                }
                HttpRequest request = builder.build();
                // HttpClient must send the target exactly as generated.
                String sent = request.uri().getRawPath() + (request.uri().getRawQuery() == null ? "" : "?" + request.uri().getRawQuery());
                return sent.equals(c.target) ? Optional.of(request) : Optional.empty();
            } catch (IllegalArgumentException refused) {
                return Optional.empty();
            }
        }

        /** Whether the server still answers at all, on a fresh connection: said with every missing answer. */
        private String liveness() {
            try {
                HttpResponse<String> live = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + api.port() + "/health/live")).timeout(REQUEST_TIMEOUT).build(),
                        HttpResponse.BodyHandlers.ofString());
                return "meanwhile GET /health/live on a new connection answers " + live.statusCode();
            } catch (IOException e) {
                return "GET /health/live on a new connection gets no answer either: " + e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }

        /** The request as HTTP/1.1 bytes: what a raw case sends, and the exact request of any case. */
        byte[] rawBytes(Case c) {
            if (c.rawRequest != null) {
                return c.rawRequest.getBytes(StandardCharsets.ISO_8859_1);
            }
            StringBuilder out = new StringBuilder();
            out.append(c.method).append(' ').append(c.target).append(" HTTP/1.1\r\n");
            out.append("Host: 127.0.0.1:").append(api.port()).append("\r\n");
            for (String[] header : c.headers) {
                out.append(header[0]).append(": ").append(header[1]).append("\r\n");
            }
            if (c.body != null) {
                out.append("Content-Length: ").append(c.body.length()).append("\r\n");
            }
            out.append("Connection: close\r\n\r\n");
            if (c.body != null) {
                out.append(c.body);
            }
            return out.toString().getBytes(StandardCharsets.ISO_8859_1);
        }

        /**
         * Sends the bytes, then closes the sending half so that the server sees the end of anything left
         * incomplete instead of waiting for more; reads until the server closes, within a deadline.
         */
        private List<Response> sendRaw(Case c) {
            raw++;
            byte[] bytes = rawBytes(c);
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            String trouble = null;
            long deadline = System.nanoTime() + REQUEST_TIMEOUT.toNanos() + TimeUnit.SECONDS.toNanos(2);
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", api.port()), 5_000);
                socket.setSoTimeout((int) REQUEST_TIMEOUT.toMillis());
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(bytes);
                    out.flush();
                    socket.shutdownOutput();
                } catch (IOException refusedEarly) {
                    // The server may answer and close before it has read everything (431, 413): read the answer.
                }
                InputStream in = socket.getInputStream();
                byte[] buffer = new byte[16_384];
                while (true) {
                    if (System.nanoTime() > deadline) {
                        trouble = "no end of answer within " + (REQUEST_TIMEOUT.toSeconds() + 2) + " s";
                        break;
                    }
                    int n;
                    try {
                        n = in.read(buffer);
                    } catch (SocketTimeoutException e) {
                        trouble = "no answer within " + REQUEST_TIMEOUT.toSeconds() + " s";
                        break;
                    } catch (IOException e) {
                        // A reset after the answer was sent loses nothing we need; before it, there is no answer.
                        break;
                    }
                    if (n < 0) {
                        break;
                    }
                    received.write(buffer, 0, n);
                }
            } catch (IOException e) {
                trouble = "cannot connect: " + e;
            }
            List<Response> responses = Response.parseAll(received.toByteArray(), "HEAD".equals(c.method));
            if (trouble != null && responses.isEmpty()) {
                return List.of(Response.none(trouble + "; " + liveness()));
            }
            if (responses.isEmpty()) {
                return List.of(Response.none("the connection closed without an answer"
                        + (received.size() > 0 ? " (got " + received.size() + " unparseable bytes)" : "")));
            }
            return responses;
        }

        // -----------------------------------------------------------------------------------------
        // Checks

        private void check(Exchange exchange, Snapshot before, Snapshot after) {
            Case c = exchange.c;
            List<String> failed = exchange.failures;
            if (exchange.responses.size() == 1 && exchange.responses.get(0).status < 0) {
                failed.add(exchange.responses.get(0).trouble);
                if (!after.equals(before)) {
                    failed.add("the store changed, though no answer came");
                }
                return;
            }
            boolean anyAccepted = false;
            for (Response response : exchange.responses) {
                int status = response.status;
                anyAccepted |= status / 100 == 2;
                if (status / 100 != 2 && status / 100 != 4) {
                    failed.add("status " + status + " is neither 2xx nor 4xx");
                }
                if (status >= 400) {
                    checkProblem(c, response, failed);
                } else if (status / 100 == 2) {
                    checkSuccess(response, failed);
                }
            }
            int first = exchange.responses.get(0).status;
            if (!c.expect.allows(first)) {
                failed.add("status " + first + " where the case allows " + c.expect);
            }
            String change = after.equals(before) ? null : before.difference(after);
            if (change != null && !anyAccepted) {
                failed.add("the store changed on a refused request: " + change);
            }
            if (change != null && c.token != Token.RW) {
                failed.add("the store changed without a read-write token: " + change);
            }
            if (change != null && c.rawRequest == null && c.isRead()) {
                failed.add("the store changed on a " + c.method + ": " + change);
            }
            if (anyAccepted && c.token != Token.RW && c.token != Token.RO) {
                for (Response response : exchange.responses) {
                    boolean health = response.bodyText().replace(" ", "").equals("{\"status\":\"UP\"}")
                            || response.body.length == 0 && c.target != null && c.target.contains("health");
                    if (response.status / 100 == 2 && !health) {
                        failed.add("accepted without a usable token: " + response.status + " " + response.bodyText());
                    }
                }
            }
        }

        private void checkProblem(Case c, Response response, List<String> failed) {
            String contentType = response.header("Content-Type");
            if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/problem+json")) {
                failed.add(response.status + " with Content-Type " + contentType + ", not application/problem+json");
            }
            if (response.headOnly || response.status == 304) {
                return;
            }
            JsonNode problem;
            try {
                problem = JSON.readTree(response.body);
            } catch (IOException e) {
                failed.add(response.status + " with a body that is not JSON: " + response.bodyText());
                return;
            }
            if (problem == null || !problem.isObject()) {
                failed.add(response.status + " with a body that is not a JSON object: " + response.bodyText());
                return;
            }
            JsonNode type = problem.get("type");
            JsonNode title = problem.get("title");
            JsonNode status = problem.get("status");
            JsonNode code = problem.get("code");
            JsonNode detail = problem.get("detail");
            if (type == null || !type.isTextual() || title == null || !title.isTextual() || title.asText().isBlank()
                    || status == null || !status.isInt() || code == null || !code.isTextual() || code.asText().isBlank()
                    || detail == null || !detail.isTextual() || detail.asText().isBlank()) {
                failed.add("a problem without type, title, status, detail or code: " + response.bodyText());
                return;
            }
            if (status.asInt() != response.status) {
                failed.add("problem status " + status.asInt() + " in a " + response.status + " answer");
            }
            if (!type.asText().equals("/problems/" + code.asText())) {
                failed.add("problem type " + type.asText() + " does not name its code " + code.asText());
            }
            String said = texts(problem).toLowerCase(Locale.ROOT);
            String asked = c.describe(Integer.MAX_VALUE).toLowerCase(Locale.ROOT) + " "
                    + decoded(c.rawRequest != null ? c.rawRequest : c.target + " " + c.body).toLowerCase(Locale.ROOT);
            for (String leak : LEAKS) {
                if (said.contains(leak) && !asked.contains(leak)) {
                    failed.add("the problem gives away '" + leak.trim() + "': " + response.bodyText());
                }
            }
            Matcher className = CLASS_NAME.matcher(texts(problem));
            while (className.find()) {
                if (!asked.contains(className.group().toLowerCase(Locale.ROOT))) {
                    failed.add("the problem names a class, " + className.group() + ": " + response.bodyText());
                }
            }
        }

        private void checkSuccess(Response response, List<String> failed) {
            if (response.status == 204) {
                if (response.body.length > 0) {
                    failed.add("204 with a body");
                }
                return;
            }
            String contentType = response.header("Content-Type");
            if (contentType == null || !contentType.replace(" ", "").toLowerCase(Locale.ROOT).startsWith("application/json")) {
                failed.add(response.status + " with Content-Type " + contentType);
            }
            if (response.headOnly) {
                return;
            }
            try {
                JSON.readTree(response.body);
            } catch (IOException e) {
                failed.add(response.status + " with a body that is not JSON: " + response.bodyText());
            }
        }

        /** No port held twice, every allocated port marked so in its pool, and nothing else marked. */
        private void checkConsistency(Case c) {
            List<String> broken = api.store.inTransaction(() -> {
                List<String> problems = new ArrayList<>();
                for (Pool pool : api.store.pools().findAll()) {
                    Set<Integer> held = new HashSet<>();
                    for (Allocation allocation : allocationsOf(pool)) {
                        for (int port : allocation.ports()) {
                            if (!pool.range().contains(port) || pool.stateOf(port) != PortState.ALLOCATED) {
                                problems.add("pool " + pool.name() + ": port " + port + " of " + allocation.id() + " is not marked");
                            } else if (!held.add(port)) {
                                problems.add("pool " + pool.name() + ": port " + port + " is held twice");
                            }
                        }
                    }
                    if (held.size() != pool.allocatedCount()) {
                        problems.add("pool " + pool.name() + " marks " + pool.allocatedCount() + " ports, its allocations hold "
                                + held.size());
                    }
                }
                return problems;
            });
            if (!broken.isEmpty()) {
                failures.add("the store is inconsistent after case " + c.index + " of seed " + seed + ": " + broken);
            }
        }

        void checkLogs() {
            List<String> logged = errors.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
                    .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()
                            + (e.getThrowableProxy() == null ? "" : " (" + e.getThrowableProxy().getClassName() + ": "
                            + e.getThrowableProxy().getMessage() + ")"))
                    .distinct().limit(10).toList();
            if (!logged.isEmpty()) {
                failures.add("logged at ERROR while fuzzing: " + logged);
            }
        }

        // -----------------------------------------------------------------------------------------
        // The store, as it is

        Snapshot snapshot() {
            return api.store.inTransaction(() -> {
                List<PoolState> pools = new ArrayList<>();
                List<Allocation> allocations = new ArrayList<>();
                for (Pool pool : api.store.pools().findAll()) {
                    pools.add(new PoolState(pool.name().value(), pool.range().min(), pool.range().max(),
                            List.copyOf(pool.reserved()), pool.hostCheck(), pool.nextPort(),
                            Base64.getEncoder().encodeToString(pool.takenBits())));
                    allocations.addAll(allocationsOf(pool));
                }
                allocations.sort(Comparator.comparing((Allocation a) -> a.pool().value())
                        .thenComparing(a -> a.deployment().value()).thenComparing(a -> a.service().value()));
                List<Event> events = api.store.events().read(0, Integer.MAX_VALUE, Optional.empty(), Optional.empty());
                return new Snapshot(pools, List.copyOf(allocations), events.size(), events.isEmpty() ? null : events.get(events.size() - 1));
            });
        }

        /** Every allocation of the pool, expired ones included. */
        private List<Allocation> allocationsOf(Pool pool) {
            return api.store.allocations().findPage(pool.name(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Integer.MAX_VALUE, Instant.MIN);
        }

        private String dump(Case c) {
            try {
                Path dir = Path.of("target", "hostile-input");
                Files.createDirectories(dir);
                Path file = dir.resolve("seed-" + c.seed + "-case-" + c.index + ".http");
                Files.write(file, rawBytes(c));
                return file.toString();
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        private void print(Exchange exchange) {
            String dump = dump(exchange.c);
            System.out.println("=== seed " + seed + ", case " + exchange.c.index + (dump == null ? "" : " (exact bytes: " + dump + ")"));
            System.out.println(exchange.c.describe(Integer.MAX_VALUE));
            System.out.println("--- answer: " + exchange.answerText());
            System.out.println("--- failures: " + exchange.failures);
        }

        @Override
        public void close() {
            root.detachAppender(errors);
            wire.close();
            api.close();
        }
    }

    record PoolState(String name, int min, int max, List<Integer> reserved, boolean hostCheck, int nextPort, String taken) {
    }

    /** The whole store: pools with their cursors and bits, every allocation, and the event log's end. */
    record Snapshot(List<PoolState> pools, List<Allocation> allocations, int events, Event lastEvent) {
        Model model(Instant now) {
            Map<String, PoolInfo> pools = new TreeMap<>();
            for (PoolState pool : this.pools) {
                Set<Integer> taken = new TreeSet<>();
                allocations.stream().filter(a -> a.pool().value().equals(pool.name)).forEach(a -> taken.addAll(a.ports()));
                pools.put(pool.name, new PoolInfo(pool.name, pool.min, pool.max, Set.copyOf(pool.reserved), taken));
            }
            List<AllocationInfo> infos = allocations.stream().map(a -> new AllocationInfo(a.id().value(), a.pool().value(),
                    a.deployment().value(), a.service().value(), a.shape(), !a.isExpiredAt(now))).toList();
            return new Model(pools, infos, lastEvent == null ? 0 : lastEvent.seq());
        }

        String difference(Snapshot after) {
            List<String> changes = new ArrayList<>();
            if (!pools.equals(after.pools)) {
                changes.add("pools " + pools + " -> " + after.pools);
            }
            if (!allocations.equals(after.allocations)) {
                changes.add("allocations " + allocations.size() + " -> " + after.allocations.size());
            }
            if (events != after.events) {
                changes.add("events " + events + " -> " + after.events + " (last " + after.lastEvent + ")");
            }
            return String.join("; ", changes);
        }
    }

    /** One case, what came back, and what was wrong with it. */
    static final class Exchange {
        final Case c;
        List<Response> responses = List.of();
        /** Where the wire stood when the case was sent. */
        long wireMark;
        final List<String> failures = new ArrayList<>();
        String trace;

        Exchange(Case c) {
            this.c = c;
        }

        String answerText() {
            StringBuilder out = new StringBuilder();
            for (Response response : responses) {
                out.append(response.status < 0 ? response.trouble : response.status + " " + response.header("Content-Type")
                        + " " + HostileRequests.escape(response.bodyText(), 600)).append(" | ");
            }
            return out.toString();
        }
    }

    /** One answer; a status of -1 means there was none (and says why). */
    record Response(int status, Map<String, List<String>> headers, byte[] body, boolean headOnly, String trouble) {
        /** The body as sent, decompressed when the server compressed it (it may, when asked to). */
        Response(int status, Map<String, List<String>> headers, byte[] body, boolean headOnly) {
            this(status, headers, decoded(headers, body), headOnly, null);
        }

        private static byte[] decoded(Map<String, List<String>> headers, byte[] body) {
            List<String> encoding = headers.get("Content-Encoding");
            if (encoding == null || body.length == 0 || !encoding.get(0).toLowerCase(Locale.ROOT).contains("gzip")) {
                return body;
            }
            try (InputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
                return in.readAllBytes();
            } catch (IOException e) {
                return ("(gzip that cannot be read: " + e + ")").getBytes(StandardCharsets.UTF_8);
            }
        }

        static Response none(String trouble) {
            return new Response(-1, Map.of(), new byte[0], false, trouble);
        }

        String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] (\\d{3})[^\r\n]*");

        /** Every response in what a raw connection received (interim 1xx answers skipped). */
        static List<Response> parseAll(byte[] bytes, boolean head) {
            List<Response> responses = new ArrayList<>();
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            int at = 0;
            while (at < text.length()) {
                int headerEnd = text.indexOf("\r\n\r\n", at);
                if (headerEnd < 0) {
                    break;
                }
                String[] lines = text.substring(at, headerEnd).split("\r\n");
                Matcher statusLine = STATUS_LINE.matcher(lines[0]);
                if (!statusLine.matches()) {
                    break;
                }
                int status = Integer.parseInt(statusLine.group(1));
                Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                for (int i = 1; i < lines.length; i++) {
                    int colon = lines[i].indexOf(':');
                    if (colon > 0) {
                        headers.computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new ArrayList<>())
                                .add(lines[i].substring(colon + 1).trim());
                    }
                }
                int bodyStart = headerEnd + 4;
                boolean noBody = head && responses.isEmpty() || status / 100 == 1 || status == 204 || status == 304;
                byte[] body;
                int next;
                List<String> encoding = headers.get("Transfer-Encoding");
                List<String> length = headers.get("Content-Length");
                if (noBody) {
                    body = new byte[0];
                    next = bodyStart;
                } else if (encoding != null && encoding.get(0).toLowerCase(Locale.ROOT).contains("chunked")) {
                    ByteArrayOutputStream decoded = new ByteArrayOutputStream();
                    int p = bodyStart;
                    while (true) {
                        int lineEnd = text.indexOf("\r\n", p);
                        if (lineEnd < 0) {
                            p = text.length();
                            break;
                        }
                        int size = Integer.parseInt(text.substring(p, lineEnd).split(";")[0].trim(), 16);
                        p = lineEnd + 2;
                        if (size == 0) {
                            int trailerEnd = text.indexOf("\r\n", p);
                            p = trailerEnd < 0 ? text.length() : trailerEnd + 2;
                            break;
                        }
                        int end = Math.min(text.length(), p + size);
                        decoded.write(bytes, p, end - p);
                        p = Math.min(text.length(), end + 2);
                    }
                    body = decoded.toByteArray();
                    next = p;
                } else if (length != null) {
                    int end = Math.min(text.length(), bodyStart + Integer.parseInt(length.get(0)));
                    body = java.util.Arrays.copyOfRange(bytes, bodyStart, end);
                    next = end;
                } else {
                    body = java.util.Arrays.copyOfRange(bytes, bodyStart, bytes.length);
                    next = bytes.length;
                }
                if (status / 100 != 1) {
                    responses.add(new Response(status, headers, body, noBody && status / 100 != 1 && head));
                }
                at = next;
            }
            return responses;
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** Every text value of a JSON tree, joined: what a problem says, unescaped. */
    private static String texts(JsonNode node) {
        StringBuilder out = new StringBuilder();
        if (node.isTextual()) {
            out.append(node.asText()).append(' ');
        }
        node.fieldNames().forEachRemaining(name -> out.append(name).append(' '));
        node.elements().forEachRemaining(child -> out.append(texts(child)));
        return out.toString();
    }

    /**
     * A byte string as UTF-8, with percent-escapes decoded once and twice and JSON escapes decoded, for
     * comparing with what was echoed.
     */
    private static String decoded(String bytes) {
        String text = new String(bytes.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        String once = percentDecode(text);
        return text + " " + once + " " + percentDecode(once) + " " + jsonUnescape(text);
    }

    private static final Pattern JSON_ESCAPE = Pattern.compile("\\\\u([0-9a-fA-F]{4})");

    private static String jsonUnescape(String text) {
        return JSON_ESCAPE.matcher(text).replaceAll(m -> Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(m.group(1), 16))));
    }

    private static String percentDecode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%' && i + 2 < bytes.length && Character.digit(bytes[i + 1], 16) >= 0 && Character.digit(bytes[i + 2], 16) >= 0) {
                out.write(Character.digit(bytes[i + 1], 16) * 16 + Character.digit(bytes[i + 2], 16));
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static final Pattern ID = Pattern.compile("\\b[0-9a-f]{26}\\b");

    private static String maskIds(String text) {
        return ID.matcher(text).replaceAll("<id>");
    }
}
