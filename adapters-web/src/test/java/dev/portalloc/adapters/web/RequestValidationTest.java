package dev.portalloc.adapters.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Bodies, Content-Types and sizes the API refuses, and that a refused request changes nothing. */
class RequestValidationTest {
    private static final String ALLOCATIONS = "/v1/pools/edge/allocations";

    private ApiServer api;

    @BeforeEach
    void start() {
        api = ApiServer.start();
        api.pool("edge", 10000, 10099);
    }

    @AfterEach
    void stop() {
        // Whatever was refused, nothing was allocated.
        assertThat(api.get("/v1/pools/edge").assertJson(200).get("allocated").asInt()).isZero();
        api.close();
    }

    static Stream<Arguments> invalidAllocationBodies() {
        return Stream.of(
                arguments("port as a string", "{\"deployment\":\"d\",\"service\":\"s\",\"ports\":[\"10001\"]}", "ports[0]"),
                arguments("port as a fraction", "{\"deployment\":\"d\",\"service\":\"s\",\"ports\":[10001.5]}", "ports[0]"),
                arguments("port as a float", "{\"deployment\":\"d\",\"service\":\"s\",\"ports\":[10001.0]}", "ports[0]"),
                arguments("port in exponent form", "{\"deployment\":\"d\",\"service\":\"s\",\"ports\":[1e4]}", "ports[0]"),
                arguments("port negative", "{\"deployment\":\"d\",\"service\":\"s\",\"ports\":[-10001]}", "ports"),
                arguments("port zero", "{\"deployment\":\"d\",\"service\":\"s\",\"ports\":[0]}", "ports"),
                arguments("port too high", "{\"deployment\":\"d\",\"service\":\"s\",\"ports\":[65536]}", "ports"),
                arguments("port huge", "{\"deployment\":\"d\",\"service\":\"s\",\"ports\":[99999999999999999999]}", "ports[0]"),
                arguments("port null", "{\"deployment\":\"d\",\"service\":\"s\",\"ports\":[10001,null]}", "ports[1]"),
                arguments("port listed twice", "{\"deployment\":\"d\",\"service\":\"s\",\"ports\":[10001,10001]}", "ports"),
                arguments("ports not an array", "{\"deployment\":\"d\",\"service\":\"s\",\"ports\":10001}", "ports"),
                arguments("ports empty", "{\"deployment\":\"d\",\"service\":\"s\",\"ports\":[]}", "ports"),
                arguments("ports an object", "{\"deployment\":\"d\",\"service\":\"s\",\"ports\":{\"a\":1}}", "ports"),
                arguments("too many ports", "{\"deployment\":\"d\",\"service\":\"s\",\"ports\":" + range(10000, 1025) + "}", "count"),
                arguments("count zero", "{\"deployment\":\"d\",\"service\":\"s\",\"count\":0}", "count"),
                arguments("count over 1024", "{\"deployment\":\"d\",\"service\":\"s\",\"count\":1025}", "count"),
                arguments("count negative", "{\"deployment\":\"d\",\"service\":\"s\",\"count\":-1}", "count"),
                arguments("count fractional", "{\"deployment\":\"d\",\"service\":\"s\",\"count\":1.5}", "count"),
                arguments("count as float", "{\"deployment\":\"d\",\"service\":\"s\",\"count\":2.0}", "count"),
                arguments("count huge", "{\"deployment\":\"d\",\"service\":\"s\",\"count\":4294967297}", "count"),
                arguments("count as a string", "{\"deployment\":\"d\",\"service\":\"s\",\"count\":\"2\"}", "count"),
                arguments("count as a boolean", "{\"deployment\":\"d\",\"service\":\"s\",\"count\":true}", "count"),
                arguments("count null", "{\"deployment\":\"d\",\"service\":\"s\",\"count\":null}", "count"),
                arguments("contiguous as a string", "{\"deployment\":\"d\",\"service\":\"s\",\"contiguous\":\"true\"}", "contiguous"),
                arguments("contiguous as a number", "{\"deployment\":\"d\",\"service\":\"s\",\"contiguous\":1}", "contiguous"),
                arguments("contiguous null", "{\"deployment\":\"d\",\"service\":\"s\",\"contiguous\":null}", "contiguous"),
                arguments("contiguous ports not a run", "{\"deployment\":\"d\",\"service\":\"s\",\"ports\":[10001,10003],\"contiguous\":true}", "ports"),
                arguments("deployment missing", "{\"service\":\"s\"}", "deployment"),
                arguments("service missing", "{\"deployment\":\"d\"}", "service"),
                arguments("deployment null", "{\"deployment\":null,\"service\":\"s\"}", "deployment"),
                arguments("deployment a number", "{\"deployment\":42,\"service\":\"s\"}", "deployment"),
                arguments("deployment an object", "{\"deployment\":{\"name\":\"d\"},\"service\":\"s\"}", "deployment"),
                arguments("deployment empty", "{\"deployment\":\"\",\"service\":\"s\"}", "deployment"),
                arguments("deployment with a space", "{\"deployment\":\"my dep\",\"service\":\"s\"}", "deployment"),
                arguments("deployment too long", "{\"deployment\":\"" + "d".repeat(129) + "\",\"service\":\"s\"}", "deployment"),
                arguments("service starting with a dash", "{\"deployment\":\"d\",\"service\":\"-s\"}", "service"),
                arguments("service with a slash", "{\"deployment\":\"d\",\"service\":\"a/b\"}", "service"),
                arguments("unknown field", "{\"deployment\":\"d\",\"service\":\"s\",\"colour\":\"red\"}", "colour"),
                arguments("ttlSeconds zero", "{\"deployment\":\"d\",\"service\":\"s\",\"ttlSeconds\":0}", "ttlSeconds"),
                arguments("ttlSeconds negative", "{\"deployment\":\"d\",\"service\":\"s\",\"ttlSeconds\":-1}", "ttlSeconds"),
                arguments("ttlSeconds over 365 days", "{\"deployment\":\"d\",\"service\":\"s\",\"ttlSeconds\":31536001}", "ttlSeconds"),
                arguments("ttlSeconds over a long", "{\"deployment\":\"d\",\"service\":\"s\",\"ttlSeconds\":99999999999999999999}", "ttlSeconds"),
                arguments("ttlSeconds fractional", "{\"deployment\":\"d\",\"service\":\"s\",\"ttlSeconds\":60.5}", "ttlSeconds"),
                arguments("ttlSeconds as float", "{\"deployment\":\"d\",\"service\":\"s\",\"ttlSeconds\":60.0}", "ttlSeconds"),
                arguments("ttlSeconds in exponent form", "{\"deployment\":\"d\",\"service\":\"s\",\"ttlSeconds\":6e1}", "ttlSeconds"),
                arguments("ttlSeconds as a string", "{\"deployment\":\"d\",\"service\":\"s\",\"ttlSeconds\":\"60\"}", "ttlSeconds"),
                arguments("ttlSeconds as a boolean", "{\"deployment\":\"d\",\"service\":\"s\",\"ttlSeconds\":true}", "ttlSeconds"),
                arguments("ttlSeconds as an array", "{\"deployment\":\"d\",\"service\":\"s\",\"ttlSeconds\":[60]}", "ttlSeconds"),
                arguments("ttlSeconds as an object", "{\"deployment\":\"d\",\"service\":\"s\",\"ttlSeconds\":{\"s\":60}}", "ttlSeconds"),
                arguments("ttlSeconds null", "{\"deployment\":\"d\",\"service\":\"s\",\"ttlSeconds\":null}", "ttlSeconds"),
                arguments("ttl misspelt", "{\"deployment\":\"d\",\"service\":\"s\",\"ttl\":60}", "ttl"),
                arguments("duplicate key", "{\"deployment\":\"d\",\"service\":\"s\",\"service\":\"t\"}", null),
                arguments("trailing garbage", "{\"deployment\":\"d\",\"service\":\"s\"} x", null),
                arguments("a second value", "{\"deployment\":\"d\",\"service\":\"s\"} {}", null),
                arguments("truncated", "{\"deployment\":\"d\",\"service\":\"s\"", null),
                arguments("not JSON", "deployment=d&service=s", null),
                arguments("single quotes", "{'deployment':'d','service':'s'}", null),
                arguments("comments", "{/* c */\"deployment\":\"d\",\"service\":\"s\"}", null),
                arguments("an array", "[{\"deployment\":\"d\",\"service\":\"s\"}]", null),
                arguments("a string", "\"deployment\"", null),
                arguments("null", "null", null),
                arguments("whitespace only", "  \n ", null),
                arguments("deeply nested", "[".repeat(5000) + "]".repeat(5000), null),
                arguments("deeply nested in a field", "{\"deployment\":\"d\",\"service\":\"s\",\"x\":" + "{\"a\":".repeat(100) + "1" + "}".repeat(100) + "}", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidAllocationBodies")
    void anInvalidAllocationBodyIsInvalidRequest(String description, String body, String field) {
        JsonNode problem = api.post(ALLOCATIONS, body).assertProblem(400, "invalid-request");

        if (field != null) {
            assertThat(problem.path("field").asText()).isEqualTo(field);
        }
    }

    static Stream<Arguments> invalidPoolBodies() {
        return Stream.of(
                arguments("minPort as a string", "{\"minPort\":\"1\",\"maxPort\":10}", "minPort"),
                arguments("maxPort fractional", "{\"minPort\":1,\"maxPort\":10.5}", "maxPort"),
                arguments("maxPort huge", "{\"minPort\":1,\"maxPort\":1e400}", "maxPort"),
                arguments("minPort null", "{\"minPort\":null,\"maxPort\":10}", "minPort"),
                arguments("reserved null", "{\"minPort\":1,\"maxPort\":10,\"reserved\":null}", "reserved"),
                arguments("reserved element a string", "{\"minPort\":1,\"maxPort\":10,\"reserved\":[\"5\"]}", "reserved[0]"),
                arguments("reserved element null", "{\"minPort\":1,\"maxPort\":10,\"reserved\":[5,null]}", "reserved[1]"),
                arguments("reserved a number", "{\"minPort\":1,\"maxPort\":10,\"reserved\":5}", "reserved"),
                arguments("reserved out of range", "{\"minPort\":1,\"maxPort\":10,\"reserved\":[0]}", "reserved"),
                arguments("unknown field", "{\"minPort\":1,\"maxPort\":10,\"name\":\"edge\"}", "name"),
                arguments("hostCheck as a string", "{\"minPort\":1,\"maxPort\":10,\"hostCheck\":\"true\"}", "hostCheck"),
                arguments("hostCheck as a number", "{\"minPort\":1,\"maxPort\":10,\"hostCheck\":1}", "hostCheck"),
                arguments("hostCheck null", "{\"minPort\":1,\"maxPort\":10,\"hostCheck\":null}", "hostCheck"),
                arguments("hostCheck an array", "{\"minPort\":1,\"maxPort\":10,\"hostCheck\":[true]}", "hostCheck"),
                arguments("duplicate key", "{\"minPort\":1,\"maxPort\":10,\"maxPort\":20}", null),
                arguments("empty object", "{}", "minPort"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidPoolBodies")
    void anInvalidPoolBodyIsInvalidRequestAndChangesNothing(String description, String body, String field) {
        JsonNode problem = api.put("/v1/pools/edge", body).assertProblem(400, "invalid-request");

        if (field != null) {
            assertThat(problem.path("field").asText()).isEqualTo(field);
        }
        assertThat(api.get("/v1/pools/edge").assertJson(200).get("maxPort").asInt()).isEqualTo(10099);
    }

    static Stream<Arguments> invalidRenewalBodies() {
        return Stream.of(
                arguments("ttlSeconds missing", "{}", "ttlSeconds"),
                arguments("ttlSeconds null", "{\"ttlSeconds\":null}", "ttlSeconds"),
                arguments("ttlSeconds zero", "{\"ttlSeconds\":0}", "ttlSeconds"),
                arguments("ttlSeconds negative", "{\"ttlSeconds\":-60}", "ttlSeconds"),
                arguments("ttlSeconds over 365 days", "{\"ttlSeconds\":31536001}", "ttlSeconds"),
                arguments("ttlSeconds over a long", "{\"ttlSeconds\":99999999999999999999}", "ttlSeconds"),
                arguments("ttlSeconds fractional", "{\"ttlSeconds\":1.5}", "ttlSeconds"),
                arguments("ttlSeconds as float", "{\"ttlSeconds\":60.0}", "ttlSeconds"),
                arguments("ttlSeconds as a string", "{\"ttlSeconds\":\"60\"}", "ttlSeconds"),
                arguments("ttlSeconds as a boolean", "{\"ttlSeconds\":false}", "ttlSeconds"),
                arguments("unknown field", "{\"ttlSeconds\":60,\"pool\":\"edge\"}", "pool"),
                arguments("duplicate key", "{\"ttlSeconds\":60,\"ttlSeconds\":61}", null),
                arguments("an array", "[{\"ttlSeconds\":60}]", null),
                arguments("a number", "60", null),
                arguments("null", "null", null),
                arguments("trailing garbage", "{\"ttlSeconds\":60} x", null),
                arguments("truncated", "{\"ttlSeconds\":60", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRenewalBodies")
    void anInvalidRenewalBodyIsInvalidRequestAndRenewsNothing(String description, String body, String field) {
        JsonNode leased = api.allocate("edge", "{\"deployment\":\"d\",\"service\":\"s\",\"ttlSeconds\":60}");

        JsonNode problem = api.post("/v1/deployments/d/renew", body).assertProblem(400, "invalid-request");

        if (field != null) {
            assertThat(problem.path("field").asText()).isEqualTo(field);
        }
        assertThat(api.get("/v1/allocations/" + leased.get("id").asText()).assertJson(200).get("expiresAt"))
                .isEqualTo(leased.get("expiresAt"));
        // The check after each test wants the pool empty again.
        api.delete("/v1/deployments/d").assertJson(200);
    }

    @Test
    void renewalNeedsABodyOfJson() {
        api.send("POST", "/v1/deployments/d/renew", null).assertProblem(400, "invalid-request");
        api.post("/v1/deployments/d/renew", "").assertProblem(400, "invalid-request");
        api.send("POST", "/v1/deployments/d/renew", "{\"ttlSeconds\":60}", "Content-Type", "text/plain")
                .assertProblem(415, "unsupported-media-type");
        assertThat(declaringOneByteTooMany("POST /v1/deployments/d/renew")).startsWith("HTTP/1.1 413")
                .contains("\"code\":\"payload-too-large\"", "\"maxBytes\":65536");
    }

    @Test
    void problemDetailsNameJsonMembersAndTypesNotJavaOnes() {
        assertThat(api.post(ALLOCATIONS, "{\"deployment\":\"d\",\"service\":\"s\",\"count\":\"2\"}")
                .assertProblem(400, "invalid-request").get("detail").asText()).isEqualTo("'count' must be a JSON integer");
        assertThat(api.post(ALLOCATIONS, "{\"deployment\":\"d\",\"service\":\"s\",\"contiguous\":1}")
                .assertProblem(400, "invalid-request").get("detail").asText()).isEqualTo("'contiguous' must be true or false");
        assertThat(api.post(ALLOCATIONS, "{\"deployment\":[],\"service\":\"s\"}")
                .assertProblem(400, "invalid-request").get("detail").asText()).isEqualTo("'deployment' must be a JSON string");
        assertThat(api.post(ALLOCATIONS, "{\"deployment\":\"d\",\"service\":\"s\",\"ports\":1}")
                .assertProblem(400, "invalid-request").get("detail").asText()).isEqualTo("'ports' must be a JSON array");
        assertThat(api.post(ALLOCATIONS, "{\"deployment\":\"d\",\"service\":\"s\",\"count\":4294967297}")
                .assertProblem(400, "invalid-request").get("detail").asText()).isEqualTo("'count' is out of range");
        assertThat(api.post(ALLOCATIONS, "{\"deployment\":\"d\",\"service\":\"s\",\"x\":1}")
                .assertProblem(400, "invalid-request").get("detail").asText())
                .isEqualTo("unknown field 'x' (known fields: contiguous, count, deployment, ports, service, ttlSeconds)");
        assertThat(api.post(ALLOCATIONS, "{\"deployment\":\"d\",\"service\":\"s\",\"ttlSeconds\":0}")
                .assertProblem(400, "invalid-request").get("detail").asText()).isEqualTo("ttlSeconds must be within 1..31536000 (got 0)");
        assertThat(api.post(ALLOCATIONS, "{\"deployment\":\"d\",\"service\":\"s\",\"ttlSeconds\":\"60\"}")
                .assertProblem(400, "invalid-request").get("detail").asText()).isEqualTo("'ttlSeconds' must be a JSON integer");
        assertThat(api.post(ALLOCATIONS, "{\"deployment\":\"d\",\"service\":\"s\",\"ttlSeconds\":99999999999999999999}")
                .assertProblem(400, "invalid-request").get("detail").asText()).isEqualTo("'ttlSeconds' is out of range");
        assertThat(api.put("/v1/pools/edge", "{\"minPort\":1,\"maxPort\":10,\"hostCheck\":\"yes\"}")
                .assertProblem(400, "invalid-request").get("detail").asText()).isEqualTo("'hostCheck' must be true or false");
        assertThat(api.post("/v1/deployments/d/renew", "{\"ttl\":60}")
                .assertProblem(400, "invalid-request").get("detail").asText()).isEqualTo("unknown field 'ttl' (known fields: ttlSeconds)");
        assertThat(api.post(ALLOCATIONS, "{\"deployment\":\"d\",\"deployment\":\"e\"}")
                .assertProblem(400, "invalid-request").get("detail").asText()).isEqualTo("duplicate field 'deployment'");
        assertThat(api.post(ALLOCATIONS, "{\"deployment\":\"d\",}")
                .assertProblem(400, "invalid-request").get("detail").asText()).startsWith("malformed JSON at line 1, column");
        assertThat(api.post(ALLOCATIONS, "{\"deployment\":\"d\"")
                .assertProblem(400, "invalid-request").get("detail").asText()).startsWith("malformed JSON");
    }

    @Test
    void namesEchoedFromTheRequestAreBoundedAndFreeOfControlCharacters() {
        String key = "k\\u0007" + "x".repeat(10_000);

        JsonNode problem = api.post(ALLOCATIONS, "{\"deployment\":\"d\",\"service\":\"s\",\"" + key + "\":1}")
                .assertProblem(400, "invalid-request");

        assertThat(problem.get("detail").asText()).hasSizeLessThan(300).contains("k?xxx", "...").doesNotContain("\u0007");
        assertThat(problem.get("field").asText()).hasSizeLessThan(80);
        assertThat(api.get("/v1/pools/edge/allocations?" + "q".repeat(5000) + "=1").assertProblem(400, "invalid-request")
                .get("detail").asText()).hasSizeLessThan(300);
    }

    @Test
    void anEmptyBodyIsInvalidRequest() {
        assertThat(api.post(ALLOCATIONS, "").assertProblem(400, "invalid-request").get("detail").asText())
                .isEqualTo("a JSON body is required");
        api.send("POST", ALLOCATIONS, null).assertProblem(400, "invalid-request");
        api.send("PUT", "/v1/pools/other", null).assertProblem(400, "invalid-request");
    }

    @Test
    void aBodyThatIsNotUtf8IsInvalidRequest() {
        byte[] body = {'{', '"', 'd', 'e', 'p', 'l', 'o', 'y', 'm', 'e', 'n', 't', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'};
        byte[] head = ("POST " + ALLOCATIONS + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);

        String response = api.raw(request);

        assertThat(response).startsWith("HTTP/1.1 400");
        assertThat(response).contains("\"code\":\"invalid-request\"", "malformed JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "application/json;charset=UTF-8",
            "Application/JSON", "application/json; charset=iso-8859-1"})
    void jsonIsAcceptedWithAnyCharset(String contentType) {
        api.send("PUT", "/v1/pools/other", "{\"minPort\":1,\"maxPort\":10}", "Content-Type", contentType).assertJson(201);
        api.delete("/v1/pools/other");
    }

    @Test
    void aBodyWithoutAContentTypeIsReadAsJson() {
        api.send("PUT", "/v1/pools/other", "{\"minPort\":1,\"maxPort\":10}").assertJson(201);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "application/xml", "text/json",
            "application/merge-patch+json", "multipart/form-data; boundary=x"})
    void otherContentTypesAreUnsupportedMediaType(String contentType) {
        JsonNode problem = api.send("POST", ALLOCATIONS, "{\"deployment\":\"d\",\"service\":\"s\"}", "Content-Type", contentType)
                .assertProblem(415, "unsupported-media-type");

        assertThat(problem.get("detail").asText()).contains("application/json");
        api.send("PUT", "/v1/pools/other", "{\"minPort\":1,\"maxPort\":10}", "Content-Type", contentType)
                .assertProblem(415, "unsupported-media-type");
    }

    @Test
    void aBodyOver64KiBIsPayloadTooLarge() {
        assertThat(declaringOneByteTooMany("POST " + ALLOCATIONS)).startsWith("HTTP/1.1 413")
                .containsIgnoringCase("Content-Type: application/problem+json")
                .contains("\"code\":\"payload-too-large\"", "\"maxBytes\":65536");
        api.get("/v1/deployments/d").assertJson(200);
    }

    /**
     * Announces a body one byte over the limit and sends only its start: the server answers before the
     * rest arrives. (A client still writing the whole body when the server answers and closes may see
     * the connection reset instead of the answer, so the whole body is not sent.)
     */
    private String declaringOneByteTooMany(String requestLine) {
        return api.raw(requestLine + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + (HttpApi.MAX_BODY_BYTES + 1) + "\r\n\r\n{");
    }

    @Test
    void aBodyOfExactly64KiBIsRead() {
        String json = "{\"deployment\":\"d\",\"service\":\"s\"}";
        String body = json + " ".repeat(HttpApi.MAX_BODY_BYTES - json.length());

        api.post(ALLOCATIONS, body).assertJson(201);
        api.delete("/v1/deployments/d").assertJson(200);
    }

    @Test
    void anOverLongChunkedBodyIsCutOffWhileReadAndIsPayloadTooLarge() {
        int size = HttpApi.MAX_BODY_BYTES + 8192;
        String response = api.raw("POST " + ALLOCATIONS + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(size) + "\r\n" + " ".repeat(size) + "\r\n0\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 413");
        assertThat(response).containsIgnoringCase("Content-Type: application/problem+json");
        assertThat(response).contains("\"code\":\"payload-too-large\"");
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedWithoutWaitingForTheBody() {
        // Only a few bytes of the announced 10 MB are sent: the answer must not wait for the rest.
        String response = api.raw("PUT /v1/pools/other HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nContent-Length: 10000000\r\n\r\n{\"minPort\":");

        assertThat(response).startsWith("HTTP/1.1 413");
        assertThat(response).contains("\"code\":\"payload-too-large\"");
        api.get("/v1/pools/other").assertProblem(404, "pool-not-found");
    }

    private static String range(int from, int count) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            json.append(i == 0 ? "" : ",").append(from + i);
        }
        return json.append(']').toString();
    }
}
