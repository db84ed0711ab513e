package dev.portalloc.benchmarks.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Cycles over the HTTP API: {@code POST /v1/pools/{pool}/allocations} for one dynamic port, then
 * {@code DELETE /v1/allocations/{id}}, each connection a plain HTTP/1.1 keep-alive socket with its own
 * thread. Any answer outside 2xx is an error (the first few bodies are printed). Load goes to loopback
 * addresses only.
 */
public final class HttpLoad {
    /** How long one request may take before it counts as failed. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private HttpLoad() {
    }

    /**
     * Creates the pools that do not exist yet ({@link BenchPools}' range), then runs a warm-up and a
     * measured phase of cycles over {@code connections} connections, each cycle on a pool picked
     * uniformly at random, and files the result under {@code backend} (the server knows it, this client
     * does not).
     *
     * @param baseUrl e.g. {@code http://127.0.0.1:8080}; must be a loopback address
     */
    public static LoadResult run(String label, String backend, URI baseUrl, List<String> poolNames, int connections,
                                 Duration warmup, Duration measure) {
        requireLoopback(baseUrl);
        ensurePools(baseUrl, poolNames);
        String prefix = pathPrefix(baseUrl);
        LoadDriver.Plan plan = new LoadDriver.Plan(label, backend, LoadResult.HTTP, connections, poolNames, warmup, measure);
        try {
            return LoadDriver.run(plan, index -> {
                Http1Connection connection = new Http1Connection(baseUrl, REQUEST_TIMEOUT);
                try {
                    connection.connect();
                } catch (IOException e) {
                    connection.close();
                    throw new UncheckedIOException("connection " + index + " to " + baseUrl, e);
                }
                return new HttpCycleClient(connection, prefix);
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + label, e);
        }
    }

    /**
     * Creates each pool that does not exist with {@code PUT /v1/pools/{pool}} over {@link BenchPools}'
     * range; a pool that exists is left as it is, whatever its range.
     */
    public static void ensurePools(URI baseUrl, List<String> poolNames) {
        requireLoopback(baseUrl);
        String prefix = pathPrefix(baseUrl);
        try (Http1Connection connection = new Http1Connection(baseUrl, REQUEST_TIMEOUT)) {
            for (String pool : poolNames) {
                String target = prefix + "/v1/pools/" + segment(pool);
                HttpResponse existing = connection.send("GET", target, null);
                if (existing.status() == 200) {
                    continue;
                }
                if (existing.status() != 404) {
                    throw new HttpStatusException("GET " + target, existing);
                }
                HttpResponse created = connection.send("PUT", target,
                        "{\"minPort\":" + BenchPools.MIN_PORT + ",\"maxPort\":" + BenchPools.MAX_PORT + "}");
                if (!created.isSuccess()) {
                    throw new HttpStatusException("PUT " + target, created);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("defining pools on " + baseUrl, e);
        }
    }

    static void requireLoopback(URI baseUrl) {
        try {
            if (baseUrl.getHost() == null || !InetAddress.getByName(baseUrl.getHost()).isLoopbackAddress()) {
                throw new IllegalArgumentException("load is only sent to loopback addresses (got " + baseUrl + ")");
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host in " + baseUrl, e);
        }
    }

    private static String pathPrefix(URI baseUrl) {
        String path = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath();
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    static String segment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A cycle as two requests on one connection. */
    private static final class HttpCycleClient implements CycleClient {
        private final Http1Connection connection;
        private final String prefix;

        HttpCycleClient(Http1Connection connection, String prefix) {
            this.connection = connection;
            this.prefix = prefix;
        }

        @Override
        public String allocate(String pool, String deployment) throws IOException {
            String target = prefix + "/v1/pools/" + segment(pool) + "/allocations";
            HttpResponse response = connection.send("POST", target, "{\"deployment\":" + JsonText.quote(deployment)
                    + ",\"service\":\"" + LoadDriver.SERVICE + "\"}");
            if (!response.isSuccess()) {
                throw new HttpStatusException("POST " + target, response);
            }
            return JsonText.stringMember(response.bodyText(), "id")
                    .orElseThrow(() -> new IOException("no \"id\" in the answer to POST " + target + ": "
                            + response.bodyText()));
        }

        @Override
        public void release(String allocationId) throws IOException {
            String target = prefix + "/v1/allocations/" + segment(allocationId);
            HttpResponse response = connection.send("DELETE", target, null);
            if (!response.isSuccess()) {
                throw new HttpStatusException("DELETE " + target, response);
            }
        }

        @Override
        public void close() {
            connection.close();
        }
    }
}
