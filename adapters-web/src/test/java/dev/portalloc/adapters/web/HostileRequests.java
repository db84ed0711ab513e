package dev.portalloc.adapters.web;

import dev.portalloc.domain.AllocationShape;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The case generator of {@link HostileInputFuzzTest}: from a seed, a case index and what the store holds,
 * one request (valid, hostile, or broken at the HTTP level) and what it may be answered with.
 *
 * <p>Every case draws from its own {@link Random}, seeded from the run's seed and the case index, so a
 * case does not depend on how many numbers earlier cases drew; it depends on earlier cases only through
 * the store they left, which a replay rebuilds by running them again.
 *
 * <p>Request text is held in "byte strings": each char is one byte (0..255) of what goes on the wire,
 * so that invalid UTF-8, overlong sequences and lone surrogates can be sent exactly.
 */
final class HostileRequests {
    static final String RW_SECRET = "fuzzRw.0123456789abcdefABCDEF";
    static final String RO_SECRET = "fuzzRo.fedcba9876543210FEDCBA";

    static final Pattern POOL_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    static final Pattern CURSOR = Pattern.compile("[0-9a-z]{1,64}");
    static final Pattern DECIMAL = Pattern.compile("[0-9]{1,9}");
    static final Pattern LONG_DECIMAL = Pattern.compile("[0-9]{1,19}");

    /** The pools valid requests work on; each has its own part of the port space. */
    static final Map<String, Integer> POOL_BASE = new TreeMap<>(Map.of(
            "edge", 10000, "tiny", 20000, "fz-a", 30000, "fz-b", 40000, "fz-c", 50000));
    static final List<String> POOLS = List.copyOf(POOL_BASE.keySet());
    static final List<String> DEPLOYMENTS = List.of("dep-1", "dep-2", "Dep.3", "d_4");
    static final List<String> SERVICES = List.of("web", "db", "cache");

    private HostileRequests() {
    }

    // ---------------------------------------------------------------------------------------------
    // What the generator knows about the store (built by the test from a snapshot)

    record PoolInfo(String name, int min, int max, Set<Integer> reserved, Set<Integer> taken) {
        boolean contains(int port) {
            return port >= min && port <= max;
        }
    }

    record AllocationInfo(String id, String pool, String deployment, String service, AllocationShape shape,
                          boolean active) {
    }

    /** @param allocations in a deterministic order (pool, deployment, service), never by id */
    record Model(Map<String, PoolInfo> pools, List<AllocationInfo> allocations, long lastSeq) {
        List<AllocationInfo> active() {
            return allocations.stream().filter(AllocationInfo::active).toList();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Cases and expectations

    enum Token { RW, RO, NONE, WRONG, MALFORMED, TWO_HEADERS }

    enum Family { VALID, HOSTILE, PROTOCOL }

    /** What a case may be answered with: exactly some statuses, any 2xx, any 4xx, or either. */
    record Expect(String label, Set<Integer> exact, int statusClass, Expect alternative) {
        static Expect exactly(String label, Integer... statuses) {
            return new Expect(label, Set.of(statuses), 0, null);
        }

        static Expect accepted(String label) {
            return new Expect(label, null, 2, null);
        }

        static Expect rejected(String label) {
            return new Expect(label, null, 4, null);
        }

        static Expect either(String label) {
            return new Expect(label, null, 0, null);
        }

        /** This answer or the other's. */
        Expect or(Expect other) {
            return alternative == null ? new Expect(label, exact, statusClass, other)
                    : new Expect(label, exact, statusClass, alternative.or(other));
        }

        boolean allows(int status) {
            boolean own = exact != null ? exact.contains(status) : statusClass == 0 || status / 100 == statusClass;
            return own || alternative != null && alternative.allows(status);
        }

        @Override
        public String toString() {
            String what = exact != null ? new TreeSet<>(exact).toString() : statusClass == 2 ? "2xx" : statusClass == 4 ? "4xx" : "2xx or 4xx";
            return what + " (" + label + ")" + (alternative == null ? "" : " or " + alternative);
        }
    }

    /** How a mutation bears on the answer. */
    enum Effect {
        /** The request means what it meant. */
        NEUTRAL,
        /** The request is certainly refused (4xx). */
        INVALID,
        /** A value changed and may or may not be acceptable. */
        VALUE_UNKNOWN,
        /** The path may now be routed elsewhere (dot segments, encoded slashes, path parameters). */
        ROUTE_UNKNOWN
    }

    static final class Case {
        final long seed;
        final int index;
        Family family;
        final List<String> notes = new ArrayList<>();
        String method;
        /** The request-target as a byte string. */
        String target;
        /** Header name and value pairs (byte strings), in order; Host, Content-Length and Connection are added when sent. */
        final List<String[]> headers = new ArrayList<>();
        /** The body as a byte string, or null for none. */
        String body;
        /** When set, exactly these bytes are sent over a socket instead. */
        String rawRequest;
        /** Whether it must go over a raw socket even if HttpClient could send it. */
        boolean forceRaw;
        Token token;
        Expect expect;
        /** An Authorization header with bytes the HTTP server may refuse before the API sees it. */
        boolean authorizationRefusable;
        /** Seconds the clock moves on after this case, so that leases run out now and then. */
        int advanceClockSeconds;

        Case(long seed, int index) {
            this.seed = seed;
            this.index = index;
        }

        boolean isRead() {
            return "GET".equals(method) || "HEAD".equals(method);
        }

        /** A readable, exact-enough rendering for a failure report (bytes outside ASCII as \xNN). */
        String describe(int maxBody) {
            StringBuilder out = new StringBuilder();
            out.append("seed=").append(seed).append(" case=").append(index).append(" family=").append(family)
                    .append(" token=").append(token).append(" expect=").append(expect)
                    .append(" mutations=").append(notes).append('\n');
            if (rawRequest != null) {
                out.append("raw bytes (").append(rawRequest.length()).append("):\n  ")
                        .append(escape(rawRequest, maxBody)).append('\n');
                return out.toString();
            }
            out.append("  ").append(escape(method, 200)).append(' ').append(escape(target, 600)).append(" HTTP/1.1")
                    .append(forceRaw ? "   [raw socket]" : "").append('\n');
            for (String[] header : headers) {
                out.append("  ").append(escape(header[0], 100)).append(": ").append(escape(header[1], 200)).append('\n');
            }
            if (body != null) {
                out.append("  body (").append(body.length()).append(" bytes): ").append(escape(body, maxBody)).append('\n');
            }
            return out.toString();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Dictionaries

    static final List<String> UNICODE = List.of("\u00e9", "e\u0301", "\u202eegde", "edge\u202e", "\u05d0\u05d1\u05d2",
            "\u0627\u0644\u0639", "\ud83d\ude00", "edge\ud83d\udd25", "\ud83d", "\ude00", "\ud800", "x\udbff", "\u0000",
            "edge\u0000", "\u0007", "\u001b[2J", "\u007f", "\u0085", "\u2028", "\ufeffedge", "\u200bedge", "\uff45\uff44\uff47\uff45",
            "\u0130", "\u00df", "\ufffd", "\uffff", "\u00a0", "edge\u00ad", "\u03a9", "dep\u0300", "\u0661\u0662\u0663",
            "a\u0308\u0308\u0308\u0308\u0308\u0308", "\u0000\u0000\u0000", "\r\n", "tab\there", "new\nline");
    static final List<String> SQL = List.of("' OR 1=1 --", "' OR '1'='1", "edge' --", "edge'; DROP TABLE pool; --",
            "; DROP TABLE pool", "1; SELECT pg_sleep(5)", "\" OR \"\"=\"", "' UNION SELECT * FROM allocation --",
            "admin'--", "%' OR 1=1 --", "1' AND 1=(SELECT COUNT(*) FROM pool) --", "$where", "{\"$gt\":\"\"}",
            "edge) OR (1=1", "`ls`", "${jndi:ldap://x/a}", "<script>alert(1)</script>", "../../etc/passwd",
            "%00", "edge\\", "Robert'); DROP TABLE allocation;--", "1 OR 1=1", "' OR ''='");
    /** Literal request-target text for a path segment: dot segments, encoded separators, path parameters. */
    static final List<String> TRAVERSAL = List.of("..", ".", "%2e%2e", "%2E%2E", "%2e", "..%2f", "..%2F..%2Fhealth%2Flive",
            "%2e%2e%2f%2e%2e%2fhealth%2flive", "..\\..\\", "..%5c..%5c", "%5c", "\\", "....//", "..;", ";", ";x=1",
            "edge;jsessionid=1", "%252e%252e%252f", "%2F", "%2f", "edge%2F..%2Ftiny", "edge/../tiny",
            "x/../../health/live", "x/../..", "%3B", "%3F", "%23", "?", "#", "edge?x=1", "edge#frag", "/", "/./",
            "%00", "%", "%zz", "%e9", "%c3", "%ff", "*", "~", "%20", "+", " ", "\t", "..%00", "%2e%2e%5c", ".%2e",
            "%u002e%u002e", "..%c0%af", "%c0%ae%c0%ae");
    static final List<String> NUMERIC = List.of("", " ", "0", "-1", "-0", "1.0", "1e3", "65536", "99999", "4294967296",
            "9223372036854775808", "18446744073709551616", "0x10", "+1", "1,2", "\uff11", "\u0663", "NaN", "Infinity",
            "null", "true", "[]", "{}", "007", "10001 ", " 10001", "1e400", "10000.5", "-65535", "2147483648");
    static final List<String> NAMEISH = List.of("edge", "EDGE", "Edge", "edge.", ".edge", "-edge", "_x", "a", "dep-1",
            "web", "x".repeat(63), "x".repeat(64), "d".repeat(128), "d".repeat(129), "a b", "a/b", "a+b", "a=b",
            "a&b", "a%b", "tiny", "fz-a", "Dep.3");
    static final List<String> LONG = List.of("a".repeat(10_000), "\u00e9".repeat(3_000), "x".repeat(64),
            "d".repeat(129), "-" + "a".repeat(50), "A".repeat(10), "\ud83d\ude00".repeat(500), "'".repeat(2_000));

    static final List<String> BAD_COUNTS = List.of("0", "-1", "-0", "1025", "2147483648", "-2147483649",
            "9223372036854775808", "18446744073709551616", "1.0", "1.5", "0.5", "1e2", "1E0", "1e400", "-1e400", "1e-400",
            "0.0", "-0.0", "1" + "0".repeat(100), "9".repeat(1_000), "1".repeat(1_200), "\"1\"", "\"\"", "true", "false",
            "[]", "[1]", "{}", "{\"value\":1}", "\"one\"", "-9223372036854775809");
    static final List<String> BAD_PORT_NUMBERS = List.of("0", "-1", "-0", "65536", "70000", "2147483648",
            "9223372036854775808", "18446744073709551616", "1.0", "10000.5", "1e4", "1E4", "1e400", "-1e400", "\"10000\"",
            "true", "[]", "[10000]", "{}", "-65535", "10000.0", "1e-400");
    static final List<String> BAD_PORT_LISTS = List.of("10001", "\"10001\"", "true", "{}", "[]", "[0]", "[-1]",
            "[65536]", "[1.0]", "[1e4]", "[\"10001\"]", "[[10001]]", "[null]", "[10001,10001]", "[9223372036854775808]",
            "[18446744073709551616]", "[-0]", "[1e400]", "\"\"", "[{}]", "[true]");
    static final List<String> BAD_RESERVED = List.of("10000", "\"10000\"", "true", "{}", "[0]", "[-1]", "[65536]",
            "[1.0]", "[1e4]", "[\"10001\"]", "[[10001]]", "[true]", "[{}]", "[null]", "[9223372036854775808]", "[-0]",
            "\"\"");
    static final List<String> BAD_BOOLEANS = List.of("1", "0", "\"true\"", "\"false\"", "\"yes\"", "[]", "{}", "1.0",
            "\"\"", "[true]", "-0");
    static final List<String> BAD_TTLS = List.of("0", "-1", "-0", "31536001", "9223372036854775807",
            "9223372036854775808", "18446744073709551616", "-9223372036854775808", "-9223372036854775809", "1e400",
            "60.0", "60.5", "6e1", "1e2", "\"60\"", "true", "[60]", "{}", "{\"seconds\":60}", "0.0001", "-1e400", "\"\"");
    static final List<String> TYPE_SWAPS_FOR_STRINGS = List.of("42", "4.2", "-0", "1e400", "true", "false", "[]",
            "[\"dep-1\"]", "{}", "{\"name\":\"dep-1\"}", "18446744073709551616");
    static final List<String> UNKNOWN_MEMBERS = List.of("colour", "ttl", "Count", "DEPLOYMENT", "deployment ",
            " deployment", "__proto__", "constructor", "prototype", "$where", "id", "pool", "port", "min_port",
            "reserved[]", "", "\\u0000", "' OR 1=1 --", "\\ud800", "\u00e9", "x".repeat(10_000), "expiresAt", "actor",
            "status", "@type", "class");
    static final List<String> WHOLE_BODIES = List.of("", " ", "\n", "null", "true", "0", "-0", "1e400", "\"str\"", "[]",
            "{}", "{", "}", "[", "{\"", "{\"deployment\"", "{\"deployment\":", "{,}", "{\"a\":1,}", "[1,]",
            "deployment=d&service=s", "<xml/>", "{'deployment':'d'}", "{deployment:\"d\"}", "/* */{}", "{}//",
            "{} {}", "{}{}", "\u0000", "NaN", "\u00ef\u00bb\u00bf{}", "{\"a\":1}", "[{\"deployment\":\"d\"}]",
            "\"\\ud800\"", "{\"\\u0000\":1}", "{\"deployment\":\"d\",\"service\":\"s\",}", "{\"minPort\":1 \"maxPort\":2}",
            "\u00ff\u00fe{\u0000}\u0000", "{\"ttlSeconds\":}", "{\"count\":01}", "{\"count\":+1}", "{\"count\":.5}",
            "{\"count\":0x10}", "{\"count\":Infinity}", "{\"count\":NaN}", "{\"count\":1.}");
    static final List<String> CONTENT_TYPES = Arrays.asList(null, "", " ", "application/json", "APPLICATION/JSON",
            "Application/Json; charset=UTF-8", "application/json;charset=latin1", "application/json; charset=utf-16",
            "application/json;;;", "application/json ; x=y", "text/plain", "text/json", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=----x", "application/xml", "application/problem+json",
            "application/merge-patch+json", "application/json-patch+json", "application/jsonx", "application/ json",
            "application/json, text/plain", "*/*", "application/*", "json", ";", "application/json\u00e9",
            "\u00ff\u00fe", "application/json; charset=\"utf-8\"", "a".repeat(5_000), "application/json\u0000",
            "text/html; charset=utf-8", "application/octet-stream");
    static final List<String[]> ODD_HEADERS = List.of(new String[] {"X-HTTP-Method-Override", "DELETE"},
            new String[] {"X-Method-Override", "PUT"}, new String[] {"X-Forwarded-For", "' OR 1=1 --"},
            new String[] {"X-Forwarded-Host", "evil.example"}, new String[] {"X-Forwarded-Proto", "gopher"},
            new String[] {"Forwarded", "for=unknown;proto=https"}, new String[] {"Accept", "text/html"},
            new String[] {"Accept", "application/xml"}, new String[] {"Accept", "*/*;q=0"},
            new String[] {"Accept-Encoding", "gzip, br"}, new String[] {"Accept-Charset", "iso-8859-1"},
            new String[] {"Accept-Language", "' OR 1=1"}, new String[] {"Origin", "https://evil.example"},
            new String[] {"Referer", "javascript:alert(1)"}, new String[] {"Cookie", "session=' OR 1=1 --"},
            new String[] {"Range", "bytes=0-1"}, new String[] {"If-Modified-Since", "garbage"},
            new String[] {"User-Agent", "A".repeat(4_000)}, new String[] {"X-Unicode", "\u00c3\u00a9"},
            new String[] {"Content-Language", "xx"}, new String[] {"Max-Forwards", "0"}, new String[] {"Via", "1.1 evil"},
            new String[] {"Prefer", "return=minimal"}, new String[] {"X-Null", "a\u0000b"},
            new String[] {"X-Bytes", "\u00ff\u00fe\u00c0\u00ae"}, new String[] {"Accept", "application/json;q=abc"});
    static final List<String> TOKENS_WRONG = List.of("fuzzRw.0123456789abcdefABCDEX", RW_SECRET + "0",
            RW_SECRET.substring(1), RO_SECRET.toUpperCase(Locale.ROOT), "x".repeat(4_000), "deployer", "null",
            "ZnV6elJ3OnNlY3JldA==", "fuzzRw.0123456789abcdefABCDE");
    static final List<String> TOKENS_MALFORMED = List.of("Basic ZnV6ejp4", "Bearer", "Bearer ", RW_SECRET,
            "Bearer " + RW_SECRET + " extra", "Bearer\t" + RW_SECRET, "Token " + RW_SECRET, "Bearer \"" + RW_SECRET + "\"",
            "Bearer ' OR 1=1 --", "Bearer " + RW_SECRET + ",x", "Bearer " + RW_SECRET + "\u00e9", "Bearer%20" + RW_SECRET,
            "Bearer " + RW_SECRET + "\u0000", "Bear " + RW_SECRET, "Bearer: " + RW_SECRET, "\u00ff\u00fe");

    // ---------------------------------------------------------------------------------------------
    // The generator

    static Case generate(long seed, int index, Model model) {
        Random r = new Random(seed * 0x9E3779B97F4A7C15L + (index + 1L) * 0xC2B2AE3D27D4EB4FL);
        Case c = new Case(seed, index);
        if (r.nextInt(40) == 0) {
            c.advanceClockSeconds = 1 + r.nextInt(90);
        }
        int family = r.nextInt(100);
        if (family < 18) {
            c.family = Family.VALID;
            Op op = validOp(r, model);
            c.token = r.nextInt(100) < 92 ? (op.isRead() && r.nextBoolean() ? Token.RO : Token.RW) : badToken(r);
            render(c, op, r);
            c.expect = tokenExpectation(c, op.endpoint, op.expect, true, false);
        } else if (family < 30) {
            c.family = Family.PROTOCOL;
            c.token = r.nextInt(100) < 90 ? Token.RW : badToken(r);
            protocol(c, r, model);
        } else {
            c.family = Family.HOSTILE;
            int t = r.nextInt(100);
            c.token = t < 85 ? Token.RW : t < 90 ? Token.RO : badToken(r);
            hostile(c, r, model);
        }
        return c;
    }

    private static Token badToken(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> Token.NONE;
            case 1 -> Token.WRONG;
            case 2 -> Token.MALFORMED;
            default -> Token.TWO_HEADERS;
        };
    }

    /**
     * The answer once the token is taken into account: without a usable token every {@code /v1} request
     * is 401, and a read-only token may only GET (403 otherwise), before anything else is looked at.
     */
    private static Expect tokenExpectation(Case c, Endpoint endpoint, Expect otherwise, boolean routeKnown,
                                           boolean refusedByServerFirst) {
        if (!endpoint.path.startsWith("/v1")) {
            return c.authorizationRefusable ? otherwise.or(Expect.rejected("a header the server refuses")) : otherwise;
        }
        boolean noToken = c.token != Token.RW && c.token != Token.RO;
        if (!routeKnown) {
            return noToken || (c.token == Token.RO && !c.isRead()) ? Expect.rejected("no usable token; route unknown")
                    .or(otherwise) : otherwise;
        }
        if (noToken) {
            return refusedByServerFirst || c.authorizationRefusable ? Expect.rejected("no usable token")
                    : Expect.exactly("no usable token", 401);
        }
        if (c.token == Token.RO && !c.isRead()) {
            return refusedByServerFirst ? Expect.rejected("read-only token writing") : Expect.exactly("read-only token writing", 403);
        }
        return otherwise;
    }

    // ---------------------------------------------------------------------------------------------
    // Endpoints and valid operations

    enum Endpoint {
        LIST_POOLS("/v1/pools", "GET", "HEAD"),
        POOL("/v1/pools/{pool}", "GET", "HEAD", "PUT", "DELETE"),
        ALLOCATIONS("/v1/pools/{pool}/allocations", "GET", "HEAD", "POST"),
        PORT("/v1/pools/{pool}/ports/{port}", "GET", "HEAD"),
        ALLOCATION("/v1/allocations/{id}", "GET", "HEAD", "DELETE"),
        DEPLOYMENT("/v1/deployments/{deployment}", "GET", "HEAD", "DELETE"),
        RENEW("/v1/deployments/{deployment}/renew", "POST"),
        EVENTS("/v1/events", "GET", "HEAD"),
        LIVE("/health/live", "GET", "HEAD"),
        READY("/health/ready", "GET", "HEAD");

        final String path;
        final Set<String> methods;

        Endpoint(String path, String... methods) {
            this.path = path;
            this.methods = Set.of(methods);
        }

        /** Whether the endpoint reads the query (and checks it strictly); the others ignore it. */
        boolean readsQuery(String method) {
            return !queryParameters(method).isEmpty();
        }

        /** The query parameters the endpoint takes with this method. */
        Set<String> queryParameters(String method) {
            if (this == EVENTS) {
                return Set.of("pool", "deployment", "after", "limit");
            }
            return this == ALLOCATIONS && !"POST".equals(method) ? Set.of("deployment", "service", "limit", "after") : Set.of();
        }
    }

    /** A request before it is rendered: decoded path values, decoded query, body members as raw JSON. */
    static final class Op {
        Endpoint endpoint;
        String method;
        final Map<String, String> segments = new LinkedHashMap<>();
        final List<String[]> query = new ArrayList<>();
        /** Member name to raw JSON value (byte strings); null when the request has no body. */
        LinkedHashMap<String, String> body;
        String contentType = "application/json";
        Expect expect;

        Op(Endpoint endpoint, String method) {
            this.endpoint = endpoint;
            this.method = method;
        }

        boolean isRead() {
            return "GET".equals(method) || "HEAD".equals(method);
        }
    }

    static Op validOp(Random r, Model m) {
        String read = r.nextInt(4) == 0 ? "HEAD" : "GET";
        switch (r.nextInt(16)) {
            case 0 -> {
                Op op = new Op(Endpoint.LIST_POOLS, read);
                op.expect = Expect.exactly("list pools", 200);
                return op;
            }
            case 1 -> {
                Op op = new Op(Endpoint.POOL, read);
                String pool = pick(r, POOLS);
                op.segments.put("pool", pool);
                op.expect = m.pools.containsKey(pool) ? Expect.exactly("pool exists", 200) : Expect.exactly("no such pool", 404);
                return op;
            }
            case 2, 3 -> {
                return definePool(r, m);
            }
            case 4 -> {
                Op op = new Op(Endpoint.POOL, "DELETE");
                String pool = r.nextInt(4) == 0 ? pick(r, POOLS) : pick(r, List.of("fz-a", "fz-b", "fz-c"));
                op.segments.put("pool", pool);
                boolean active = m.active().stream().anyMatch(a -> a.pool.equals(pool));
                op.expect = !m.pools.containsKey(pool) ? Expect.exactly("no such pool", 404)
                        : active ? Expect.exactly("pool holds allocations", 409) : Expect.exactly("empty pool deleted", 204);
                return op;
            }
            case 5, 6, 7 -> {
                return allocate(r, m);
            }
            case 8 -> {
                Op op = new Op(Endpoint.ALLOCATIONS, read);
                String pool = pick(r, POOLS);
                op.segments.put("pool", pool);
                if (r.nextBoolean()) {
                    op.query.add(new String[] {"deployment", pick(r, DEPLOYMENTS)});
                }
                if (r.nextBoolean()) {
                    op.query.add(new String[] {"service", pick(r, SERVICES)});
                }
                if (r.nextBoolean()) {
                    op.query.add(new String[] {"limit", Integer.toString(r.nextBoolean() ? 1 + r.nextInt(3) : 1 + r.nextInt(1000))});
                }
                if (r.nextInt(3) == 0) {
                    List<AllocationInfo> all = m.allocations;
                    String after = !all.isEmpty() && r.nextBoolean() ? pick(r, all).id : randomCursor(r);
                    op.query.add(new String[] {"after", after});
                }
                op.expect = m.pools.containsKey(pool) ? Expect.exactly("list allocations", 200) : Expect.exactly("no such pool", 404);
                return op;
            }
            case 9 -> {
                Op op = new Op(Endpoint.PORT, read);
                String pool = pick(r, POOLS);
                PoolInfo info = m.pools.get(pool);
                op.segments.put("pool", pool);
                if (info == null) {
                    op.segments.put("port", Integer.toString(1 + r.nextInt(65535)));
                    op.expect = Expect.exactly("no such pool", 404);
                } else if (r.nextInt(5) > 0) {
                    op.segments.put("port", Integer.toString(info.min + r.nextInt(info.max - info.min + 1)));
                    op.expect = Expect.exactly("port in range", 200);
                } else {
                    int port = r.nextBoolean() ? 1 + r.nextInt(Math.max(1, info.min - 1)) : Math.min(65535, info.max + 1 + r.nextInt(50));
                    op.segments.put("port", Integer.toString(port));
                    op.expect = info.contains(port) ? Expect.exactly("port in range", 200) : Expect.exactly("port outside the range", 400);
                }
                return op;
            }
            case 10 -> {
                List<AllocationInfo> active = m.active();
                boolean delete = r.nextInt(5) < 2;
                Op op = new Op(Endpoint.ALLOCATION, delete ? "DELETE" : read);
                if (active.isEmpty() || r.nextInt(8) == 0) {
                    op.segments.put("id", randomCursor(r));
                    op.expect = Expect.exactly("no such allocation", 404);
                } else {
                    op.segments.put("id", pick(r, active).id);
                    op.expect = delete ? Expect.exactly("release", 204) : Expect.exactly("allocation", 200);
                }
                return op;
            }
            case 11 -> {
                boolean delete = r.nextInt(4) == 0;
                Op op = new Op(Endpoint.DEPLOYMENT, delete ? "DELETE" : read);
                op.segments.put("deployment", r.nextInt(6) == 0 ? randomName(r) : pick(r, DEPLOYMENTS));
                op.expect = Expect.exactly(delete ? "reset" : "deployment", 200);
                return op;
            }
            case 12 -> {
                Op op = new Op(Endpoint.RENEW, "POST");
                op.segments.put("deployment", pick(r, DEPLOYMENTS));
                op.body = new LinkedHashMap<>();
                op.body.put("ttlSeconds", Integer.toString(1 + r.nextInt(r.nextBoolean() ? 600 : 86_400)));
                op.expect = Expect.exactly("renew", 200);
                return op;
            }
            case 13 -> {
                Op op = new Op(Endpoint.EVENTS, read);
                if (r.nextBoolean()) {
                    op.query.add(new String[] {"pool", r.nextInt(4) == 0 ? randomName(r).toLowerCase(Locale.ROOT) : pick(r, POOLS)});
                }
                if (r.nextInt(3) == 0) {
                    op.query.add(new String[] {"deployment", pick(r, DEPLOYMENTS)});
                }
                if (r.nextBoolean()) {
                    op.query.add(new String[] {"after", Long.toString(Math.max(0, m.lastSeq - 5 + r.nextInt(10)))});
                }
                if (r.nextBoolean()) {
                    op.query.add(new String[] {"limit", Integer.toString(1 + r.nextInt(1000))});
                }
                op.expect = Expect.exactly("events", 200);
                return op;
            }
            default -> {
                Op op = new Op(r.nextBoolean() ? Endpoint.LIVE : Endpoint.READY, read);
                op.expect = Expect.exactly("health", 200);
                return op;
            }
        }
    }

    private static Op definePool(Random r, Model m) {
        Op op = new Op(Endpoint.POOL, "PUT");
        String pool = pick(r, POOLS);
        op.segments.put("pool", pool);
        PoolInfo existing = m.pools.get(pool);
        int base = POOL_BASE.get(pool);
        int min;
        int max;
        if (existing != null && !existing.taken.isEmpty() && r.nextInt(10) < 7) {
            int lowest = existing.taken.stream().min(Integer::compare).orElseThrow();
            int highest = existing.taken.stream().max(Integer::compare).orElseThrow();
            min = Math.max(1, Math.min(base, lowest) - r.nextInt(3));
            max = Math.max(highest, base + 4) + r.nextInt(20);
        } else {
            min = base + r.nextInt(10);
            max = min + r.nextInt(60);
        }
        Set<Integer> reserved = new TreeSet<>();
        for (int i = r.nextInt(4); i > 0; i--) {
            reserved.add(Math.max(1, min - 2 + r.nextInt(max - min + 5)));
        }
        op.body = new LinkedHashMap<>();
        op.body.put("minPort", Integer.toString(min));
        op.body.put("maxPort", Integer.toString(max));
        if (!reserved.isEmpty() || r.nextBoolean()) {
            op.body.put("reserved", reserved.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]")));
        }
        if (r.nextInt(5) == 0) {
            op.body.put("hostCheck", r.nextBoolean() ? "true" : "false");
        }
        final int lo = min;
        final int hi = max;
        if (existing == null) {
            op.expect = Expect.exactly("pool created", 201);
        } else if (existing.taken.stream().anyMatch(p -> p < lo || p > hi || reserved.contains(p))) {
            op.expect = Expect.exactly("change would strand allocated ports", 409);
        } else {
            op.expect = Expect.exactly("pool changed or unchanged", 200);
        }
        return op;
    }

    private static Op allocate(Random r, Model m) {
        Op op = new Op(Endpoint.ALLOCATIONS, "POST");
        String pool = r.nextInt(10) == 0 ? pick(r, POOLS) : pick(r, List.of("edge", "edge", "tiny", "fz-a"));
        op.segments.put("pool", pool);
        String deployment = pick(r, DEPLOYMENTS);
        String service = pick(r, SERVICES);
        op.body = new LinkedHashMap<>();
        op.body.put("deployment", jsonString(deployment));
        op.body.put("service", jsonString(service));
        PoolInfo info = m.pools.get(pool);
        Integer count = null;
        List<Integer> ports = null;
        boolean contiguous = false;
        switch (r.nextInt(4)) {
            case 0 -> {
            }
            case 1 -> count = 1 + r.nextInt(4);
            case 2 -> {
                count = 2 + r.nextInt(3);
                contiguous = true;
            }
            default -> {
                int lo = info == null ? 10000 : info.min;
                int hi = info == null ? 10063 : info.max;
                Set<Integer> chosen = new TreeSet<>();
                for (int i = 1 + r.nextInt(3); i > 0; i--) {
                    chosen.add(lo + r.nextInt(hi - lo + 1));
                }
                ports = new ArrayList<>(chosen);
                if (r.nextBoolean()) {
                    count = ports.size();
                }
            }
        }
        if (count != null) {
            op.body.put("count", Integer.toString(count));
        }
        if (ports != null) {
            List<Integer> shuffled = new ArrayList<>(ports);
            java.util.Collections.shuffle(shuffled, r);
            op.body.put("ports", shuffled.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]")));
        }
        if (contiguous || r.nextInt(6) == 0) {
            op.body.put("contiguous", contiguous ? "true" : "false");
        }
        if (r.nextInt(10) < 3) {
            op.body.put("ttlSeconds", Integer.toString(pick(r, List.of(1, 2, 5, 30, 60, 300, 3600))));
        }
        AllocationShape shape = AllocationShape.of(count, ports, contiguous);
        AllocationInfo existing = m.active().stream()
                .filter(a -> a.pool.equals(pool) && a.deployment.equals(deployment) && a.service.equals(service))
                .findFirst().orElse(null);
        if (info == null) {
            op.expect = Expect.exactly("no such pool", 404);
        } else if (existing != null) {
            op.expect = existing.shape.equals(shape) ? Expect.exactly("same request again", 200)
                    : Expect.exactly("same key, another shape", 409);
        } else {
            op.expect = Expect.exactly("new allocation, if the ports are free", 201, 409);
        }
        return op;
    }

    // ---------------------------------------------------------------------------------------------
    // Hostile requests: a valid operation with one to three things wrong with it

    private enum Mutation { PATH, QUERY, BODY, METHOD, CONTENT_TYPE, BODY_ON_READ, HEADERS }

    private static final class Outcome {
        boolean routeUnknown;
        boolean invalid;
        boolean valueUnknown;
        /** Something the HTTP server itself may refuse before the API sees the request (and its token). */
        boolean serverLevel;
        boolean methodNotAllowed;

        void add(Effect effect) {
            switch (effect) {
                case INVALID -> invalid = true;
                case VALUE_UNKNOWN -> valueUnknown = true;
                case ROUTE_UNKNOWN -> routeUnknown = true;
                default -> {
                }
            }
        }
    }

    private static void hostile(Case c, Random r, Model m) {
        Op op = validOp(r, m);
        List<Mutation> applicable = new ArrayList<>();
        if (!op.segments.isEmpty()) {
            applicable.addAll(List.of(Mutation.PATH, Mutation.PATH, Mutation.PATH));
        }
        applicable.addAll(List.of(Mutation.QUERY, Mutation.QUERY, Mutation.METHOD, Mutation.HEADERS));
        if (op.body != null) {
            applicable.addAll(List.of(Mutation.BODY, Mutation.BODY, Mutation.BODY, Mutation.BODY, Mutation.BODY,
                    Mutation.CONTENT_TYPE, Mutation.CONTENT_TYPE));
        } else {
            applicable.addAll(List.of(Mutation.BODY_ON_READ, Mutation.CONTENT_TYPE));
        }
        Set<Mutation> chosen = new java.util.LinkedHashSet<>();
        for (int n = 1 + (r.nextInt(3) == 0 ? 1 + r.nextInt(2) : 0); chosen.size() < n; ) {
            chosen.add(pick(r, applicable));
        }
        Outcome outcome = new Outcome();
        Map<String, String> encodedSegments = new LinkedHashMap<>();
        op.segments.forEach((slot, value) -> encodedSegments.put(slot, pct(value)));
        String queryText = encodeQuery(op.query);
        String bodyText = op.body == null ? null : serialize(op.body);
        String contentType = op.body == null ? null : pick(r, Arrays.asList("application/json", "application/json",
                "application/json; charset=utf-8", null));
        for (Mutation mutation : chosen) {
            switch (mutation) {
                case PATH -> {
                    String slot = pick(r, new ArrayList<>(op.segments.keySet()));
                    encodedSegments.put(slot, mutatePathSegment(c, r, op, slot, outcome));
                }
                case QUERY -> queryText = mutateQuery(c, r, op, outcome);
                case BODY -> bodyText = mutateBody(c, r, op, outcome);
                case METHOD -> {
                    List<String> others = new ArrayList<>(List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH",
                            "OPTIONS", "TRACE", "CONNECT", "PROPFIND", "FOO", "get", "Get", "M-SEARCH", "X".repeat(300)));
                    others.removeAll(op.endpoint.methods);
                    String method = pick(r, others);
                    c.notes.add("method:" + (method.length() > 20 ? method.substring(0, 20) + "..." : method));
                    op.method = method;
                    if (Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH").contains(method)
                            && op.endpoint.path.startsWith("/v1")) {
                        outcome.methodNotAllowed = true;
                    } else {
                        outcome.add(Effect.INVALID);
                    }
                    if ("CONNECT".equals(method)) {
                        c.forceRaw = true;
                        outcome.serverLevel = true;
                    }
                }
                case CONTENT_TYPE -> {
                    String value = pick(r, CONTENT_TYPES);
                    c.notes.add("content-type:" + (value == null ? "absent" : escape(value, 30)));
                    contentType = value == null ? null : latin1(value);
                    if (op.body != null && !jsonMediaType(value)) {
                        outcome.add(Effect.INVALID);
                    }
                    if (value != null && value.chars().anyMatch(ch -> ch < 0x20 || ch > 0x7e)) {
                        c.forceRaw = true;
                        outcome.serverLevel |= value.indexOf('\u0000') >= 0;
                    }
                }
                case BODY_ON_READ -> {
                    bodyText = pick(r, List.of("{}", "{\"deployment\":\"dep-1\"}", "not json", "\u0000\u00ff",
                            "[".repeat(5_000), "{\"ttlSeconds\":60}", "x".repeat(10_000)));
                    c.notes.add("body-on-" + op.method);
                    if (r.nextBoolean()) {
                        contentType = "application/json";
                    }
                }
                case HEADERS -> {
                    String[] header = pick(r, ODD_HEADERS);
                    c.headers.add(new String[] {header[0], header[1]});
                    c.notes.add("header:" + header[0]);
                    if (header[0].equals("X-HTTP-Method-Override")) {
                        // The method is the request line's; a request saying otherwise is refused first of all.
                        outcome.add(Effect.INVALID);
                        outcome.serverLevel = true;
                    }
                    if (header[1].chars().anyMatch(ch -> ch < 0x20 || ch > 0x7e)) {
                        c.forceRaw = true;
                        outcome.serverLevel |= header[1].indexOf('\u0000') >= 0;
                    }
                }
            }
        }
        if (contentType != null && (bodyText != null || r.nextInt(4) == 0)) {
            c.headers.add(0, new String[] {"Content-Type", contentType});
        }
        c.method = op.method;
        c.target = fill(op.endpoint.path, encodedSegments) + (queryText.isEmpty() ? "" : "?" + queryText);
        c.body = bodyText;
        addToken(c, r);
        int headerBytes = c.target.length() + c.headers.stream().mapToInt(h -> h[0].length() + h[1].length() + 4).sum();
        if (c.target.length() > 3_000 || headerBytes > 6_000) {
            // Near the server's header buffer the request is refused before it is routed (414 or 431).
            outcome.serverLevel = true;
        }
        Expect expect;
        if (outcome.routeUnknown) {
            expect = Expect.either("route may change");
        } else if (outcome.methodNotAllowed && !outcome.serverLevel && !chosen.contains(Mutation.PATH)) {
            expect = Expect.exactly("method not allowed", 405);
        } else if (outcome.invalid || outcome.methodNotAllowed) {
            expect = Expect.rejected("invalid");
        } else if (outcome.valueUnknown) {
            expect = Expect.either("value may be valid");
        } else {
            expect = op.expect;
        }
        if (outcome.serverLevel) {
            expect = expect.or(Expect.rejected("the HTTP server may refuse it first"));
        }
        c.expect = tokenExpectation(c, op.endpoint, expect, !outcome.routeUnknown, outcome.serverLevel);
    }

    private static String mutatePathSegment(Case c, Random r, Op op, String slot, Outcome outcome) {
        int encoding = r.nextInt(12);
        if (encoding >= 10) {
            String literal = pick(r, TRAVERSAL);
            c.notes.add("path:" + slot + "/traversal:" + escape(literal, 40));
            outcome.add(Effect.ROUTE_UNKNOWN);
            if (!uriSafe(literal)) {
                c.forceRaw = true;
            }
            return literal;
        }
        String value = switch (r.nextInt(10)) {
            case 0, 1, 2 -> pick(r, UNICODE);
            case 3, 4, 5 -> pick(r, SQL);
            case 6 -> pick(r, LONG);
            case 7, 8 -> pick(r, NUMERIC);
            default -> pick(r, NAMEISH);
        };
        String note = "path:" + slot + "/";
        String encoded;
        boolean decodedKnown = true;
        if (encoding < 6) {
            encoded = pct(value);
            note += "pct";
        } else if (encoding == 6) {
            encoded = pct(pct(value));
            // Decoded once by the server, it still holds '%', which no name, id or port may contain.
            value = pct(value);
            note += "double-pct";
        } else if (encoding == 7) {
            // As it is: raw UTF-8 bytes (and any separators) straight in the request-target.
            encoded = latin1(value);
            note += "raw";
            if (!uriSafe(encoded)) {
                // Characters a request-target may not hold: the HTTP server may refuse them outright.
                c.forceRaw = true;
                outcome.serverLevel = true;
            }
            decodedKnown = encoded.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f && "%/\\;?#".indexOf(ch) < 0);
        } else if (encoding == 8) {
            // Overlong and other invalid UTF-8 for '.', '/' and '\': never a dot segment or a separator.
            encoded = pick(r, List.of("%c0%ae%c0%ae", "%c0%ae%c0%ae%c0%af", "%e0%80%ae%e0%80%ae", "%c0%2e",
                    "%c1%9c", "%f0%80%80%ae", "%c0%af", "\u00c0\u00ae\u00c0\u00ae", "\u00c0\u00ae\u00c0\u00ae\u00c0\u00af",
                    "\u00e0\u0080\u00ae", "%ed%a0%80", "%ed%bf%bf", "%ff%fe", "\u00ff", "%80", "%c3%28"));
            value = null;
            note += "overlong:" + escape(encoded, 30);
            if (!uriSafe(encoded)) {
                c.forceRaw = true;
            }
            outcome.serverLevel = true;
            outcome.add(Effect.INVALID);
            c.notes.add(note);
            return encoded;
        } else {
            // Lone surrogates as the three bytes a careless encoder writes (not UTF-8).
            encoded = pct(value + "\ud800");
            value = value + "\ud800";
            note += "pct+surrogate";
        }
        c.notes.add(note + ":" + escape(value, 30));
        if (!decodedKnown || value.isEmpty() || value.equals(".") || value.equals("..")
                || value.chars().anyMatch(ch -> ch == '/' || ch == '\\' || ch == ';')) {
            outcome.add(Effect.ROUTE_UNKNOWN);
        } else if (validFor(slot, value)) {
            outcome.add(Effect.VALUE_UNKNOWN);
        } else {
            outcome.add(Effect.INVALID);
        }
        if (value.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f || Character.isSurrogate((char) ch))
                || value.chars().anyMatch(ch -> ch > 0x7f) && encoding == 7) {
            outcome.serverLevel = true;
        }
        return encoded;
    }

    private static boolean validFor(String slot, String value) {
        return switch (slot) {
            case "pool" -> POOL_NAME.matcher(value).matches();
            case "deployment" -> NAME.matcher(value).matches();
            // No id the fuzzer makes up was ever issued: 404 whatever its form.
            case "id" -> false;
            case "port" -> DECIMAL.matcher(value).matches() && Integer.parseInt(value) >= 1 && Integer.parseInt(value) <= 65535;
            default -> throw new IllegalArgumentException(slot);
        };
    }

    private static String mutateQuery(Case c, Random r, Op op, Outcome outcome) {
        boolean reads = op.endpoint.readsQuery(op.method);
        Set<String> known = op.endpoint.queryParameters(op.method);
        List<String> names = new ArrayList<>(List.of("pool", "deployment", "service", "limit", "after", "Limit", "LIMIT",
                "foo", "id", "q", "__proto__", "' OR 1=1 --", "limit[]", "limit.x", "a".repeat(1_000), "\u00e9", "count",
                "after ", "%zz"));
        List<String[]> parameters = new ArrayList<>();
        if (r.nextInt(50) == 0) {
            // More parameters than the server parses.
            int n = 1_001 + r.nextInt(400);
            StringBuilder many = new StringBuilder();
            for (int i = 0; i < n; i++) {
                many.append(i == 0 ? "" : "&").append("k").append(i).append("=1");
            }
            c.notes.add("query:" + n + "-parameters");
            outcome.add(reads ? Effect.INVALID : Effect.VALUE_UNKNOWN);
            return many.toString();
        }
        for (int n = 1 + r.nextInt(4); n > 0; n--) {
            String name = r.nextInt(10) < 6 && !known.isEmpty() ? pick(r, new ArrayList<>(new TreeSet<>(known))) : pick(r, names);
            String value = queryValue(r);
            parameters.add(new String[] {name, value});
            if (r.nextInt(10) == 0) {
                parameters.add(new String[] {name, r.nextBoolean() ? value : queryValue(r)});
            }
        }
        StringBuilder text = new StringBuilder();
        boolean broken = false;
        for (String[] parameter : parameters) {
            if (!text.isEmpty()) {
                text.append('&');
            }
            text.append(pct(parameter[0])).append('=').append(pct(parameter[1]));
            if (r.nextInt(12) == 0) {
                text.append(pick(r, List.of("%", "%zz", "%e9", "%c0%ae", "%%", "+", "\u00ff", "%ed%a0%80", "=", "&&", ";", "%u002e", "%u00")));
                broken = true;
            }
        }
        String rendered = text.toString();
        c.notes.add("query:" + escape(rendered, 60) + (broken ? " (broken encoding)" : ""));
        if (!uriSafe(rendered)) {
            c.forceRaw = true;
        }
        if (broken) {
            outcome.serverLevel = true;
            outcome.add(Effect.VALUE_UNKNOWN);
            return rendered;
        }
        if (!reads) {
            return rendered;
        }
        outcome.add(validQuery(op, parameters) ? Effect.NEUTRAL : Effect.INVALID);
        return rendered;
    }

    private static String queryValue(Random r) {
        return switch (r.nextInt(9)) {
            case 0, 1 -> pick(r, NUMERIC);
            case 2 -> pick(r, List.of("1", "5", "100", "1000", "0", "1001", "9223372036854775807", "42"));
            case 3 -> pick(r, NAMEISH);
            case 4 -> pick(r, SQL);
            case 5 -> pick(r, UNICODE);
            case 6 -> randomCursor(r);
            case 7 -> r.nextInt(10) == 0 ? "z".repeat(5_000) : randomName(r);
            default -> "";
        };
    }

    /** The query rules of API.md: known names only, each at most once, values within their rules; empty is absent. */
    static boolean validQuery(Op op, List<String[]> parameters) {
        Set<String> known = op.endpoint.queryParameters(op.method);
        Set<String> seen = new java.util.HashSet<>();
        for (String[] parameter : parameters) {
            String name = parameter[0];
            String value = parameter[1];
            if (!known.contains(name) || !seen.add(name)) {
                return false;
            }
            if (value.isEmpty()) {
                continue;
            }
            boolean ok = switch (name) {
                case "pool" -> POOL_NAME.matcher(value).matches();
                case "deployment", "service" -> NAME.matcher(value).matches();
                case "limit" -> DECIMAL.matcher(value).matches() && Integer.parseInt(value) >= 1 && Integer.parseInt(value) <= 1000;
                case "after" -> op.endpoint == Endpoint.EVENTS
                        ? LONG_DECIMAL.matcher(value).matches() && fitsLong(value)
                        : CURSOR.matcher(value).matches();
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean fitsLong(String digits) {
        try {
            Long.parseLong(digits);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** A body with something wrong with it; the JSON is kept as a byte string. */
    private static String mutateBody(Case c, Random r, Op op, Outcome outcome) {
        LinkedHashMap<String, String> members = new LinkedHashMap<>(op.body);
        List<String> names = new ArrayList<>(members.keySet());
        int kind = r.nextInt(20);
        switch (kind) {
            case 0, 1 -> {
                String whole = serialize(members);
                int cut = r.nextInt(whole.length());
                c.notes.add("body:truncated-at-" + cut);
                outcome.add(Effect.INVALID);
                return whole.substring(0, cut);
            }
            case 2 -> {
                // A stray byte between tokens, where JSON allows nothing but whitespace. Not inside a number:
                // a comma there splits one array element into two, and the body stays valid.
                String whole = serialize(members);
                List<Integer> between = new ArrayList<>();
                boolean inString = false;
                for (int i = 0; i <= whole.length(); i++) {
                    boolean insideNumber = i > 0 && i < whole.length()
                            && numberChar(whole.charAt(i - 1)) && numberChar(whole.charAt(i));
                    if (!inString && !insideNumber) {
                        between.add(i);
                    }
                    if (i < whole.length() && whole.charAt(i) == '"' && (i == 0 || whole.charAt(i - 1) != '\\')) {
                        inString = !inString;
                    }
                }
                int at = pick(r, between);
                String stray = pick(r, List.of("\u0000", "\u0001", "\u007f", "\u00ff", "\u00c0", "x", "#", ")", "'", "\u00ef\u00bb\u00bf", ",", "}", "]"));
                c.notes.add("body:stray-byte-" + escape(stray, 10) + "-at-" + at);
                String result = whole.substring(0, at) + stray + whole.substring(at);
                // A byte order mark before the whole is the one insertion a parser may take.
                outcome.add(at == 0 && stray.startsWith("\u00ef") ? Effect.VALUE_UNKNOWN : Effect.INVALID);
                return result;
            }
            case 3, 4, 5, 6 -> {
                String member = pick(r, names);
                String bad = badValueFor(r, member);
                c.notes.add("body:" + member + "=" + escape(bad, 40));
                members.put(member, bad);
                outcome.add(Effect.INVALID);
                return serialize(members);
            }
            case 7 -> {
                String member = pick(r, names);
                String again = r.nextBoolean() ? members.get(member) : pick(r, List.of("1", "\"x\"", "true", "[]"));
                c.notes.add("body:duplicate-" + member);
                outcome.add(Effect.INVALID);
                String whole = serialize(members);
                return whole.substring(0, whole.length() - 1) + ",\"" + member + "\":" + again + "}";
            }
            case 8 -> {
                String unknown = pick(r, UNKNOWN_MEMBERS);
                members.put(unknown.replace("\"", "\\\""), pick(r, List.of("1", "\"x\"", "true", "[]", "{}", "null")));
                c.notes.add("body:unknown-member-" + escape(unknown, 20));
                outcome.add(Effect.INVALID);
                return serialize(members);
            }
            case 9, 10 -> {
                int depth = pick(r, List.of(17, 64, 100, 1_000, 5_000, 10_000, 1 + r.nextInt(10_000)));
                String nested = switch (r.nextInt(4)) {
                    case 0 -> "[".repeat(depth) + "]".repeat(depth);
                    case 1 -> "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
                    case 2 -> "[".repeat(depth);
                    default -> "[{\"a\":".repeat(depth / 2) + "0" + "}]".repeat(depth / 2);
                };
                outcome.add(Effect.INVALID);
                if (r.nextBoolean()) {
                    c.notes.add("body:nested-" + depth);
                    return nested;
                }
                String member = pick(r, names);
                members.put(member, nested);
                c.notes.add("body:" + member + "-nested-" + depth);
                return serialize(members);
            }
            case 11 -> {
                String whole = pick(r, WHOLE_BODIES);
                c.notes.add("body:whole:" + escape(whole, 30));
                outcome.add(Effect.INVALID);
                return latin1(whole);
            }
            case 12 -> {
                byte[] random = new byte[1 + r.nextInt(300)];
                r.nextBytes(random);
                c.notes.add("body:random-bytes-" + random.length);
                String text = new String(random, StandardCharsets.ISO_8859_1);
                // Random bytes that happen to be a JSON object with the right members are not worth the worry.
                outcome.add(Effect.INVALID);
                return text.startsWith("{") ? "x" + text : text;
            }
            case 13 -> {
                String member = pick(r, names);
                members.remove(member);
                members.put(member, "null");
                c.notes.add("body:" + member + "=null");
                outcome.add(Effect.INVALID);
                return serialize(members);
            }
            case 14 -> {
                String required = switch (op.endpoint) {
                    case POOL -> pick(r, List.of("minPort", "maxPort"));
                    case ALLOCATIONS -> pick(r, List.of("deployment", "service"));
                    default -> "ttlSeconds";
                };
                members.remove(required);
                c.notes.add("body:without-" + required);
                outcome.add(Effect.INVALID);
                return serialize(members);
            }
            case 15 -> {
                if (r.nextInt(3) > 0) {
                    // Over the 64 KiB limit.
                    String filler = " ".repeat(HttpApi.MAX_BODY_BYTES + 1 + r.nextInt(2_000));
                    c.notes.add("body:over-64KiB");
                    outcome.add(Effect.INVALID);
                    return r.nextBoolean() ? filler + serialize(members) : "{\"deployment\":\"" + "a".repeat(filler.length()) + "\"}";
                }
                // Whitespace everywhere JSON allows it, and the members in another order: the same request.
                List<Map.Entry<String, String>> entries = new ArrayList<>(members.entrySet());
                java.util.Collections.shuffle(entries, r);
                StringBuilder spaced = new StringBuilder(" \n\t{ ");
                for (int i = 0; i < entries.size(); i++) {
                    spaced.append(i == 0 ? "" : " ,\r\n ").append('"').append(entries.get(i).getKey()).append("\"\t:  ")
                            .append(entries.get(i).getValue());
                }
                c.notes.add("body:whitespace-and-order");
                return spaced.append(" }\n").toString();
            }
            case 16 -> {
                // Names written with JSON escapes decode to the same valid name: the same request.
                if (members.containsKey("deployment")) {
                    members.put("deployment", escapedEverything(unquote(members.get("deployment"))));
                    c.notes.add("body:escaped-deployment");
                    return serialize(members);
                }
                members.put("ttlSeconds", pick(r, BAD_TTLS));
                c.notes.add("body:ttlSeconds=" + members.get("ttlSeconds"));
                // An unknown member of a pool definition, or a lease out of bounds: refused either way.
                outcome.add(Effect.INVALID);
                return serialize(members);
            }
            case 17 -> {
                // Invalid UTF-8 or raw control characters inside a string.
                String member = members.containsKey("deployment") ? pick(r, List.of("deployment", "service")) : null;
                String junk = pick(r, List.of("\u00ff", "\u00c0\u00ae", "\u00ed\u00a0\u0080", "\u0080",
                        "\u00f8\u0088\u0080\u0080\u0080", "\u00e2\u0082", "\u0000", "\u0001", "\n", "\u001f", "\u00c3"));
                outcome.add(Effect.INVALID);
                if (member == null) {
                    c.notes.add("body:junk-string-member");
                    members.put("\"" + junk + "\"", "1");
                    return serialize(members);
                }
                String value = unquote(members.get(member));
                members.put(member, "\"" + value.substring(0, 1) + junk + value.substring(1) + "\"");
                c.notes.add("body:" + member + "-with-" + escape(junk, 20));
                return serialize(members);
            }
            case 18 -> {
                // Another encoding of the same JSON: UTF-16 or with a byte order mark; the parser may well read it.
                String whole = serialize(members);
                c.notes.add("body:other-encoding");
                outcome.add(Effect.VALUE_UNKNOWN);
                return r.nextBoolean() ? "\u00ef\u00bb\u00bf" + whole
                        : new String(new String(whole.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8)
                        .getBytes(StandardCharsets.UTF_16BE), StandardCharsets.ISO_8859_1);
            }
            default -> {
                c.notes.add("body:empty");
                outcome.add(Effect.INVALID);
                return "";
            }
        }
    }

    private static String badValueFor(Random r, String member) {
        return switch (member) {
            case "deployment", "service" -> {
                if (r.nextInt(4) == 0) {
                    yield pick(r, TYPE_SWAPS_FOR_STRINGS);
                }
                String name;
                do {
                    name = switch (r.nextInt(4)) {
                        case 0 -> pick(r, UNICODE);
                        case 1 -> pick(r, SQL);
                        case 2 -> pick(r, LONG);
                        default -> pick(r, NAMEISH);
                    };
                } while (NAME.matcher(name).matches());
                yield r.nextBoolean() ? jsonString(name) : escapedEverything(name);
            }
            case "count" -> pick(r, BAD_COUNTS);
            case "minPort", "maxPort" -> pick(r, BAD_PORT_NUMBERS);
            case "ports" -> r.nextInt(8) == 0 ? portList(10_000, 1_025 + r.nextInt(4_000)) : pick(r, BAD_PORT_LISTS);
            case "reserved" -> pick(r, BAD_RESERVED);
            case "contiguous", "hostCheck" -> pick(r, BAD_BOOLEANS);
            case "ttlSeconds" -> pick(r, BAD_TTLS);
            default -> throw new IllegalArgumentException(member);
        };
    }

    private static String portList(int first, int count) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            out.append(i == 0 ? "" : ",").append(first + i);
        }
        return out.append(']').toString();
    }

    // ---------------------------------------------------------------------------------------------
    // Requests broken at the HTTP level, written byte by byte

    private static void protocol(Case c, Random r, Model m) {
        Op op = validOp(r, m);
        String target = fill(op.endpoint.path, pctAll(op.segments)) + (op.query.isEmpty() ? "" : "?" + encodeQuery(op.query));
        String body = op.body == null ? null : serialize(op.body);
        String auth = authorizationLines(c, r);
        String host = "Host: 127.0.0.1\r\n";
        String json = body == null ? "" : "Content-Type: application/json\r\n";
        String length = body == null ? "" : "Content-Length: " + body.length() + "\r\n";
        String end = "Connection: close\r\n\r\n" + (body == null ? "" : body);
        String method = op.method;
        c.method = method;
        c.target = target;
        Expect rejected = Expect.rejected("broken HTTP");
        Expect base = tokenExpectation(c, op.endpoint, op.expect, true, false);
        Expect rejectedUnlessAuthFirst = c.token == Token.RW ? rejected : Expect.rejected("broken HTTP, no usable token");
        switch (r.nextInt(11)) {
            case 0 -> {
                String[] strict = {"GARBAGE", "GET", method + " " + target + " HTTP/1.1 extra",
                        method + " " + target + " HTTP/1.1\u0000", method + " v1/pools HTTP/1.1", method + " * HTTP/1.1",
                        method + " " + target + " HTTP/1", method + " " + target + " HTTP/1.1.1",
                        method + " " + target + "\u00ff HTTP/1.1", " " + method + " " + target + " HTTP/1.1",
                        method + " " + target + " HTTPS/1.1", "\u0000" + method + " " + target + " HTTP/1.1",
                        method + " /v1/pools/" + "a".repeat(20_000) + " HTTP/1.1",
                        method + " " + target.replace("/", "\\") + " HTTP/1.1", method + " " + target + " HTTP/1.1\r\nHost x"};
                // Forms a lenient parser may take as they are.
                String[] lenient = {method + " " + target, method + "  " + target + " HTTP/1.1",
                        method + "\t" + target + "\tHTTP/1.1", method + " " + target + " HTTP/1.1 ",
                        method + " " + target + " http/1.1", method.toLowerCase(Locale.ROOT) + " " + target + " HTTP/1.1"};
                boolean isStrict = r.nextInt(3) > 0;
                String line = isStrict ? pick(r, Arrays.asList(strict)) : pick(r, Arrays.asList(lenient));
                c.notes.add("protocol:request-line:" + escape(line, 60));
                c.rawRequest = line + "\r\n" + host + auth + json + length + end;
                c.expect = isStrict ? rejected : Expect.either("a request line a lenient parser may take");
            }
            case 1 -> {
                String version = pick(r, List.of("HTTP/9.9", "HTTP/2.0", "HTTP/3.0", "HTTP/1.2", "HTTP/0.9", "HTTP/1.10", "HTTP/01.1"));
                c.notes.add("protocol:version:" + version);
                c.rawRequest = method + " " + target + " " + version + "\r\n" + host + auth + json + length + end;
                c.expect = Expect.either("unusual HTTP version");
            }
            case 2 -> {
                String line = pick(r, List.of("\r\n", "\r\n\r\n", "\n"));
                String variant = pick(r, List.of("leading-empty-lines", "absolute-form", "http-1.0"));
                c.notes.add("protocol:" + variant);
                c.rawRequest = switch (variant) {
                    case "leading-empty-lines" -> line + method + " " + target + " HTTP/1.1\r\n" + host + auth + json + length + end;
                    case "absolute-form" -> method + " http://evil.example" + target + " HTTP/1.1\r\n" + host + auth + json + length + end;
                    default -> method + " " + target + " HTTP/1.0\r\n" + auth + json + length + end;
                };
                // Requests a server may well take as they are.
                c.expect = Expect.either("legal but unusual request form").or(base);
            }
            case 3 -> {
                String[] duplicate = pick(r, List.of(new String[] {"Host: 127.0.0.1\r\nHost: evil.example\r\n", "two hosts"},
                        new String[] {"Content-Length: 1\r\nContent-Length: 2\r\n", "two lengths"},
                        new String[] {"Content-Type: text/plain\r\nContent-Type: application/json\r\n", "two content types"},
                        new String[] {"X-Dup: 1\r\nX-Dup: 2\r\n", "two custom headers"},
                        new String[] {"Transfer-Encoding: chunked\r\n", "length and chunked"}));
                c.notes.add("protocol:duplicate:" + duplicate[1]);
                String headers = duplicate[1].equals("two hosts") ? duplicate[0] + auth + json + length
                        : duplicate[1].equals("two lengths") ? host + auth + json + duplicate[0]
                        : duplicate[1].equals("two content types") ? host + auth + duplicate[0] + length
                        : duplicate[1].equals("two custom headers") ? host + auth + json + length + duplicate[0]
                        : host + auth + json + (body == null ? "Content-Length: 0\r\n" : length) + duplicate[0];
                c.rawRequest = method + " " + target + " HTTP/1.1\r\n" + headers + end;
                c.expect = switch (duplicate[1]) {
                    case "two hosts", "two lengths" -> rejected;
                    case "two custom headers" -> base;
                    default -> Expect.either("ambiguous framing or type").or(base);
                };
            }
            case 4 -> {
                // Chunked bodies, broken in each way a chunk can be, on a request that takes a body or not.
                String payload = body == null ? "{}" : body;
                String hex = Integer.toHexString(payload.length());
                String[] chunked = pick(r, List.of(
                        new String[] {"zz\r\n" + payload + "\r\n0\r\n\r\n", "bad size"},
                        new String[] {"-" + hex + "\r\n" + payload + "\r\n0\r\n\r\n", "negative size"},
                        new String[] {"ffffffffffffffffff\r\n" + payload + "\r\n0\r\n\r\n", "huge size"},
                        new String[] {hex + "\r\n" + payload + "\r\n", "no last chunk"},
                        new String[] {Integer.toHexString(payload.length() + 50) + "\r\n" + payload + "\r\n0\r\n\r\n", "size too big"},
                        new String[] {hex + "\r\n" + payload + "0\r\n\r\n", "no CRLF after data"},
                        new String[] {hex + ";ext=\u0000\r\n" + payload + "\r\n0\r\n\r\n", "NUL in extension"},
                        new String[] {hex + "\r\n" + payload + "\r\n0\r\nX-Trailer\r\n\r\n", "bad trailer"},
                        new String[] {hex + " \r\n" + payload + "\r\n0\r\n\r\n", "space after size"},
                        new String[] {"0x" + hex + "\r\n" + payload + "\r\n0\r\n\r\n", "0x size"},
                        new String[] {hex + "\r\n" + payload + "\r\n0\r\n\r\n", "well formed"},
                        new String[] {"1\r\n" + payload.charAt(0) + "\r\n" + Integer.toHexString(payload.length() - 1) + "\r\n"
                                + payload.substring(1) + "\r\n0\r\n\r\n", "well formed in two"}));
                String coding = pick(r, List.of("chunked", "chunked", "chunked", "gzip, chunked", "chunked, chunked",
                        "xchunked", "Chunked", "chunked\u0000", " chunked"));
                c.notes.add("protocol:chunked:" + chunked[1] + ":" + escape(coding, 20));
                String bodyMethod = body == null ? pick(r, List.of(method, "POST")) : method;
                c.method = bodyMethod;
                c.rawRequest = bodyMethod + " " + target + " HTTP/1.1\r\n" + host + auth + "Content-Type: application/json\r\n"
                        + "Transfer-Encoding: " + coding + "\r\nConnection: close\r\n\r\n" + chunked[0];
                boolean codingOk = coding.strip().equalsIgnoreCase("chunked");
                // Framed by their last coding, chunked: the server may take the chunks and ignore the rest.
                boolean codingListed = coding.equals("gzip, chunked") || coding.equals("chunked, chunked");
                boolean surelyBroken = Set.of("bad size", "negative size", "huge size", "no last chunk", "size too big",
                        "no CRLF after data", "0x size").contains(chunked[1]);
                if (body != null && (!codingOk && !codingListed || surelyBroken)) {
                    c.expect = rejected;
                } else if (body != null && codingOk && chunked[1].startsWith("well formed")) {
                    c.expect = base;
                } else {
                    c.expect = Expect.either("odd chunking, or a body where none is read");
                }
            }
            case 5 -> {
                // Bytes that are not UTF-8 (or not allowed) in the target, a header or the body.
                String junk = pick(r, List.of("\u00ff", "\u00c0\u00ae", "\u00ed\u00a0\u0080", "\u0080", "\u00fe\u00ff", "\u00c3"));
                String where = pick(r, List.of("path", "query", "header", "body"));
                c.notes.add("protocol:non-utf8-in-" + where + ":" + escape(junk, 20));
                switch (where) {
                    case "path" -> {
                        String bad = target.contains("/v1/pools/") ? target.replaceFirst("/v1/pools/", "/v1/pools/" + junk)
                                : target + junk;
                        c.rawRequest = method + " " + bad + " HTTP/1.1\r\n" + host + auth + json + length + end;
                        c.expect = rejectedUnlessAuthFirst;
                    }
                    case "query" -> {
                        c.rawRequest = method + " " + target + (target.contains("?") ? "&" : "?") + "deployment=" + junk
                                + " HTTP/1.1\r\n" + host + auth + json + length + end;
                        c.expect = op.endpoint.readsQuery(method) ? rejected : Expect.either("query ignored").or(base);
                    }
                    case "header" -> {
                        c.rawRequest = method + " " + target + " HTTP/1.1\r\n" + host + auth + "X-Junk: a" + junk + "b\r\n" + json + length + end;
                        c.expect = Expect.either("odd header value").or(base);
                    }
                    default -> {
                        String broken = body == null ? "{\"x\":\"" + junk + "\"}" : body.replaceFirst("\":\"", "\":\"" + junk);
                        String declared = "Content-Length: " + broken.length() + "\r\n";
                        c.rawRequest = method + " " + target + " HTTP/1.1\r\n" + host + auth + "Content-Type: application/json\r\n"
                                + declared + "Connection: close\r\n\r\n" + broken;
                        c.expect = body != null && broken.contains(junk) && broken.contains("\"deployment\"")
                                ? rejected : Expect.either("junk in a body that may not be read").or(base);
                    }
                }
            }
            case 6 -> {
                String header = pick(r, List.of("X-Foo\r\n", "Host : 127.0.0.1\r\n", " X-Folded: yes\r\n", "X-Nul: a\u0000b\r\n",
                        "X(Y): 1\r\n", ": empty\r\n", "X-Big: " + "b".repeat(20_000) + "\r\n", "X-Obs: a\r\n\tfolded\r\n",
                        "X-CR: a\rb\r\n", "X\u00ff: 1\r\n"));
                c.notes.add("protocol:header:" + escape(header, 30));
                c.rawRequest = method + " " + target + " HTTP/1.1\r\n" + host + auth + json + length + header + end;
                c.expect = rejected;
            }
            case 7 -> {
                String declared = pick(r, List.of("-1", "abc", "1e3", "99999999999999999999", "+5", "5 5", "0x10", "", "1,2"));
                c.notes.add("protocol:content-length:" + declared);
                String payload = body == null ? "{}" : body;
                c.rawRequest = method + " " + target + " HTTP/1.1\r\n" + host + auth + "Content-Type: application/json\r\n"
                        + "Content-Length: " + declared + "\r\nConnection: close\r\n\r\n" + payload;
                c.expect = rejected;
            }
            case 8 -> {
                // Declared lengths that do not match what is sent.
                String payload = body == null ? "{\"ttlSeconds\":60}" : body;
                boolean shorter = r.nextBoolean();
                int declared = shorter ? Math.max(1, payload.length() - 1 - r.nextInt(Math.max(1, payload.length() - 1)))
                        : payload.length() + 1 + r.nextInt(100);
                String sentMethod = body == null ? "POST" : method;
                c.method = sentMethod;
                c.notes.add("protocol:length-" + (shorter ? "short" : "long") + ":" + declared + "/" + payload.length());
                c.rawRequest = sentMethod + " " + target + " HTTP/1.1\r\n" + host + auth + "Content-Type: application/json\r\n"
                        + "Content-Length: " + declared + "\r\nConnection: close\r\n\r\n" + payload;
                // A prefix of the JSON is never a whole object; a missing tail never arrives.
                c.expect = sentMethod.equals(method) || !op.endpoint.methods.contains(sentMethod)
                        ? rejected : Expect.either("body length mismatch");
            }
            case 9 -> {
                c.notes.add("protocol:no-host");
                c.rawRequest = method + " " + target + " HTTP/1.1\r\n" + auth + json + length + end;
                c.expect = rejected;
            }
            default -> {
                String extra = pick(r, List.of("Expect: 100-continue\r\n", "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n",
                        "Upgrade: websocket\r\n", "Expect: something-else\r\n", "TE: trailers\r\n", "Connection: keep-alive, Upgrade\r\n"));
                c.notes.add("protocol:" + escape(extra.trim(), 40));
                c.rawRequest = method + " " + target + " HTTP/1.1\r\n" + host + auth + json + length + extra + end;
                c.expect = Expect.either("expectations and upgrades").or(base);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Rendering

    private static void render(Case c, Op op, Random r) {
        c.method = op.method;
        c.target = fill(op.endpoint.path, pctAll(op.segments)) + (op.query.isEmpty() ? "" : "?" + encodeQuery(op.query));
        if (op.body != null) {
            c.body = serialize(op.body);
            String contentType = pick(r, Arrays.asList("application/json", "application/json; charset=utf-8", null));
            if (contentType != null) {
                c.headers.add(new String[] {"Content-Type", contentType});
            }
        }
        addToken(c, r);
        c.notes.add("valid:" + op.endpoint + "/" + op.method);
    }

    private static void addToken(Case c, Random r) {
        switch (c.token) {
            case RW -> c.headers.add(new String[] {"Authorization",
                    pick(r, List.of("Bearer ", "Bearer ", "Bearer ", "bearer ", "BEARER   ")) + RW_SECRET});
            case RO -> c.headers.add(new String[] {"Authorization", "Bearer " + RO_SECRET});
            case NONE -> {
            }
            case WRONG -> c.headers.add(new String[] {"Authorization", "Bearer " + pick(r, TOKENS_WRONG)});
            case MALFORMED -> {
                String value = latin1(pick(r, TOKENS_MALFORMED));
                c.headers.add(new String[] {"Authorization", value});
                if (!value.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f || ch == '\t')) {
                    c.forceRaw = true;
                }
                c.authorizationRefusable = value.chars().anyMatch(ch -> ch < 0x20 && ch != '\t' || ch == 0x7f);
            }
            case TWO_HEADERS -> {
                c.headers.add(new String[] {"Authorization", "Bearer " + RW_SECRET});
                c.headers.add(new String[] {"Authorization", "Bearer " + pick(r, List.of(RW_SECRET, RO_SECRET, "x"))});
                c.forceRaw = true;
            }
        }
    }

    private static String authorizationLines(Case c, Random r) {
        Case scratch = new Case(c.seed, c.index);
        scratch.token = c.token;
        addToken(scratch, r);
        c.authorizationRefusable = scratch.authorizationRefusable;
        StringBuilder lines = new StringBuilder();
        for (String[] header : scratch.headers) {
            lines.append(header[0]).append(": ").append(header[1]).append("\r\n");
        }
        return lines.toString();
    }

    private static String fill(String template, Map<String, String> encoded) {
        String path = template;
        for (Map.Entry<String, String> segment : encoded.entrySet()) {
            path = path.replace("{" + segment.getKey() + "}", segment.getValue());
        }
        return path;
    }

    private static Map<String, String> pctAll(Map<String, String> segments) {
        Map<String, String> encoded = new LinkedHashMap<>();
        segments.forEach((slot, value) -> encoded.put(slot, pct(value)));
        return encoded;
    }

    private static String encodeQuery(List<String[]> query) {
        return query.stream().map(p -> pct(p[0]) + "=" + pct(p[1])).collect(Collectors.joining("&"));
    }

    static String serialize(Map<String, String> members) {
        StringBuilder out = new StringBuilder("{");
        for (Map.Entry<String, String> member : members.entrySet()) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append('"').append(latin1(member.getKey())).append("\":").append(latin1(member.getValue()));
        }
        return out.append('}').toString();
    }

    /** A JSON string: controls escaped, everything else as (possibly broken) UTF-8 bytes. */
    static String jsonString(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char ch : value.toCharArray()) {
            if (ch == '"' || ch == '\\') {
                out.append('\\').append(ch);
            } else if (ch < 0x20) {
                out.append(String.format("\\u%04x", (int) ch));
            } else {
                out.append(ch);
            }
        }
        return latin1(out.append('"').toString());
    }

    /** A JSON string with every character written as a {@code \\uXXXX} escape (lone surrogates included). */
    static String escapedEverything(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char ch : value.toCharArray()) {
            out.append(String.format("\\u%04x", (int) ch));
        }
        return out.append('"').toString();
    }

    private static String unquote(String json) {
        String text = new String(json.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        return text.substring(1, text.length() - 1);
    }

    /** Percent-encodes all but the unreserved characters of RFC 3986, over (possibly broken) UTF-8. */
    static String pct(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : wtf8(value)) {
            int unsigned = b & 0xff;
            if (unsigned >= 'a' && unsigned <= 'z' || unsigned >= 'A' && unsigned <= 'Z' || unsigned >= '0' && unsigned <= '9'
                    || unsigned == '-' || unsigned == '.' || unsigned == '_' || unsigned == '~') {
                out.append((char) unsigned);
            } else {
                out.append('%').append(String.format("%02X", unsigned));
            }
        }
        return out.toString();
    }

    /** The text as a byte string of its UTF-8 bytes (lone surrogates as their three bytes). */
    static String latin1(String value) {
        boolean plain = value.chars().allMatch(ch -> ch < 0x80);
        return plain ? value : new String(wtf8(value), StandardCharsets.ISO_8859_1);
    }

    /** UTF-8, except that an unpaired surrogate is written as the three bytes of its code unit. */
    static byte[] wtf8(String value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 0x80) {
                out.write(cp);
            } else if (cp < 0x800) {
                out.write(0xc0 | cp >> 6);
                out.write(0x80 | cp & 0x3f);
            } else if (cp < 0x10000) {
                out.write(0xe0 | cp >> 12);
                out.write(0x80 | cp >> 6 & 0x3f);
                out.write(0x80 | cp & 0x3f);
            } else {
                out.write(0xf0 | cp >> 18);
                out.write(0x80 | cp >> 12 & 0x3f);
                out.write(0x80 | cp >> 6 & 0x3f);
                out.write(0x80 | cp & 0x3f);
            }
        }
        return out.toByteArray();
    }

    /** Whether HttpClient can send this request-target text exactly as it is. */
    static boolean uriSafe(String text) {
        if (!text.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f && ch != '\\' && ch != '"' && ch != '<' && ch != '>'
                && ch != '^' && ch != '`' && ch != '{' && ch != '|' && ch != '}' && ch != '#')) {
            return false;
        }
        try {
            URI uri = URI.create("http://127.0.0.1:1" + (text.startsWith("/") ? "" : "/") + text);
            return uri.getRawPath() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static boolean jsonMediaType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return true;
        }
        return contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT).equals("application/json");
    }

    static String escape(String bytes, int max) {
        StringBuilder out = new StringBuilder();
        int limit = Math.min(bytes.length(), max);
        for (int i = 0; i < limit; i++) {
            char ch = bytes.charAt(i);
            if (ch == '\\') {
                out.append("\\\\");
            } else if (ch == '\r') {
                out.append("\\r");
            } else if (ch == '\n') {
                out.append("\\n");
            } else if (ch < 0x20 || ch >= 0x7f) {
                out.append(ch > 0xff ? String.format("\\u%04x", (int) ch) : String.format("\\x%02x", (int) ch));
            } else {
                out.append(ch);
            }
        }
        if (bytes.length() > max) {
            out.append("...(").append(bytes.length()).append(" in all)");
        }
        return out.toString();
    }

    private static String randomCursor(Random r) {
        String alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
        StringBuilder out = new StringBuilder();
        for (int i = 1 + r.nextInt(40); i > 0; i--) {
            out.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    private static String randomName(Random r) {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";
        StringBuilder out = new StringBuilder().append(alphabet.charAt(r.nextInt(36)));
        for (int i = r.nextInt(20); i > 0; i--) {
            out.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    static <T> T pick(Random r, List<T> values) {
        return values.get(r.nextInt(values.size()));
    }

    private static boolean numberChar(char c) {
        return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
    }
}
