package dev.portalloc.adapters.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The API with tokens configured: who may do what, who is recorded, and that refusals change nothing. */
class AccessControlTest {
    private static final String DEPLOYER_SECRET = "dEpl0yer-s3cret_0123456789";
    private static final String OPS_SECRET = "0psTeamSecret+/AAAAAAAAAA==";
    private static final String DASHBOARD_SECRET = "dashboard.read-only.secret~1";
    private static final AccessPolicy POLICY = AccessPolicy.tokens(List.of(
            ApiToken.of("deployer", ApiToken.Scope.READ_WRITE, DEPLOYER_SECRET),
            ApiToken.of("ops", ApiToken.Scope.READ_WRITE, OPS_SECRET),
            ApiToken.of("dashboard", ApiToken.Scope.READ_ONLY, DASHBOARD_SECRET)));
    /** Every write of the API, with a body where it takes one. */
    private static final List<String[]> WRITES = List.of(
            new String[] {"PUT", "/v1/pools/edge", "{\"minPort\": 20000, \"maxPort\": 20009}"},
            new String[] {"PUT", "/v1/pools/fresh", "{\"minPort\": 30000, \"maxPort\": 30009}"},
            new String[] {"DELETE", "/v1/pools/spare", null},
            new String[] {"POST", "/v1/pools/edge/allocations", "{\"deployment\": \"d2\", \"service\": \"web\"}"},
            new String[] {"DELETE", "/v1/allocations/%s", null},
            new String[] {"DELETE", "/v1/deployments/d1", null},
            new String[] {"POST", "/v1/deployments/d1/renew", "{\"ttlSeconds\": 600}"});
    /** Every read of the API. */
    private static final List<String> READS = List.of("/v1/pools", "/v1/pools/edge", "/v1/pools/edge/allocations",
            "/v1/pools/edge/ports/10000", "/v1/allocations/%s", "/v1/deployments/d1", "/v1/events");

    private ApiServer api;
    private String allocationId;

    @BeforeEach
    void start() {
        api = ApiServer.configured(settings -> settings.accessPolicy(POLICY));
        api.as(OPS_SECRET, "PUT", "/v1/pools/edge", "{\"minPort\": 10000, \"maxPort\": 10009}").assertJson(201);
        api.as(OPS_SECRET, "PUT", "/v1/pools/spare", "{\"minPort\": 11000, \"maxPort\": 11009}").assertJson(201);
        allocationId = api.as(DEPLOYER_SECRET, "POST", "/v1/pools/edge/allocations",
                "{\"deployment\": \"d1\", \"service\": \"db\", \"ttlSeconds\": 60}").assertJson(201).get("id").asText();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void withoutATokenEveryV1RequestIsUnauthorizedWithABearerChallengeAndChangesNothing() {
        String before = state();

        for (String[] write : WRITES) {
            Reply reply = api.send(write[0], path(write[1]), write[2], "Content-Type", "application/json");
            reply.assertProblem(401, "unauthorized");
            assertThat(reply.header("WWW-Authenticate")).as(write[1]).isEqualTo("Bearer realm=\"portalloc\"");
        }
        for (String read : READS) {
            api.get(path(read)).assertProblem(401, "unauthorized");
            assertThat(api.send("HEAD", path(read), null).status()).isEqualTo(401);
        }

        assertThat(state()).isEqualTo(before);
    }

    @Test
    void theProblemSaysHowToAuthenticate() {
        JsonNode problem = api.get("/v1/pools").assertProblem(401, "unauthorized");

        assertThat(problem.get("detail").asText()).contains("Authorization: Bearer");
    }

    @Test
    void aWrongTokenIsUnauthorizedChangesNothingAndIsNotEchoed() {
        String before = state();
        String nearMiss = DEPLOYER_SECRET.substring(0, DEPLOYER_SECRET.length() - 1) + "X";
        List<String> wrong = List.of(nearMiss, DEPLOYER_SECRET + "0", DEPLOYER_SECRET.substring(1), "deployer",
                "x".repeat(4000), DEPLOYER_SECRET.toUpperCase());

        for (String token : wrong) {
            for (String[] write : WRITES) {
                Reply reply = api.as(token, write[0], path(write[1]), write[2]);
                reply.assertProblem(401, "unauthorized");
                assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"portalloc\", error=\"invalid_token\"");
                assertThat(reply.body()).doesNotContain(token);
            }
            api.as(token, "GET", "/v1/pools", null).assertProblem(401, "unauthorized");
        }

        assertThat(state()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic ZGVwbG95ZXI6eA==", "Bearer", "Bearer ", "Token " + DEPLOYER_SECRET,
            "Bearer " + DEPLOYER_SECRET + " extra", DEPLOYER_SECRET, "Bearer\t" + DEPLOYER_SECRET,
            "Bearer " + DEPLOYER_SECRET + "\u00e9", "Bearer a,b", "Bearer \"" + DEPLOYER_SECRET + "\""})
    void aMalformedAuthorizationHeaderIsUnauthorizedAndChangesNothing(String header) {
        String before = state();

        Reply reply = api.send("DELETE", "/v1/deployments/d1", null, "Authorization", header);

        reply.assertProblem(401, "unauthorized");
        assertThat(reply.header("WWW-Authenticate")).startsWith("Bearer realm=\"portalloc\"");
        assertThat(reply.body()).doesNotContain(DEPLOYER_SECRET);
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void twoAuthorizationHeadersAreRefusedEvenIfOneIsRight() {
        String before = state();

        String response = api.raw("DELETE /v1/deployments/d1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Authorization: Bearer " + DEPLOYER_SECRET + "\r\nAuthorization: Bearer " + nearMiss() + "\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 401").contains("\"code\":\"unauthorized\"");
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void theSchemeIsCaseInsensitiveAndSurroundingSpaceIsIgnored() {
        api.send("GET", "/v1/pools", null, "Authorization", "bearer " + DASHBOARD_SECRET).assertJson(200);
        api.send("GET", "/v1/pools", null, "Authorization", "BEARER   " + DASHBOARD_SECRET + "  ").assertJson(200);
    }

    @Test
    void aReadOnlyTokenMayReadEverything() {
        for (String read : READS) {
            api.as(DASHBOARD_SECRET, "GET", path(read), null).assertJson(200);
            assertThat(api.as(DASHBOARD_SECRET, "HEAD", path(read), null).status()).isEqualTo(200);
        }
        // A read-only token gets the same answers as anyone else, refusals included.
        api.as(DASHBOARD_SECRET, "GET", "/v1/pools/nope", null).assertProblem(404, "pool-not-found");
    }

    @Test
    void aReadOnlyTokenMayNotWriteAndChangesNothing() {
        String before = state();

        for (String[] write : WRITES) {
            Reply reply = api.as(DASHBOARD_SECRET, write[0], path(write[1]), write[2]);
            JsonNode problem = reply.assertProblem(403, "forbidden");
            assertThat(problem.get("detail").asText()).contains("dashboard", "read-only");
            assertThat(reply.header("WWW-Authenticate")).contains("error=\"insufficient_scope\"");
        }
        // Refused before the body is even looked at: a broken body changes nothing about that.
        api.as(DASHBOARD_SECRET, "POST", "/v1/pools/edge/allocations", "{not json").assertProblem(403, "forbidden");

        assertThat(state()).isEqualTo(before);
    }

    @Test
    void aReadWriteTokenMayDoEverything() {
        for (String read : READS) {
            api.as(DEPLOYER_SECRET, "GET", path(read), null).assertJson(200);
        }
        api.as(DEPLOYER_SECRET, "POST", "/v1/deployments/d1/renew", "{\"ttlSeconds\": 600}").assertJson(200);
        api.as(DEPLOYER_SECRET, "PUT", "/v1/pools/edge", "{\"minPort\": 10000, \"maxPort\": 10019}").assertJson(200);
        String web = api.as(DEPLOYER_SECRET, "POST", "/v1/pools/edge/allocations",
                "{\"deployment\": \"d2\", \"service\": \"web\"}").assertJson(201).get("id").asText();
        assertThat(api.as(DEPLOYER_SECRET, "DELETE", "/v1/allocations/" + web, null).status()).isEqualTo(204);
        api.as(DEPLOYER_SECRET, "DELETE", "/v1/deployments/d1", null).assertJson(200);
        assertThat(api.as(DEPLOYER_SECRET, "DELETE", "/v1/pools/spare", null).status()).isEqualTo(204);
    }

    @Test
    void theTokensNameIsTheActorOfEveryEventItCauses() {
        api.as(OPS_SECRET, "PUT", "/v1/pools/edge", "{\"minPort\": 10000, \"maxPort\": 10019}").assertJson(200);
        String web = api.as(DEPLOYER_SECRET, "POST", "/v1/pools/edge/allocations",
                "{\"deployment\": \"d2\", \"service\": \"web\"}").assertJson(201).get("id").asText();
        api.as(OPS_SECRET, "DELETE", "/v1/allocations/" + web, null);
        api.as(DEPLOYER_SECRET, "DELETE", "/v1/deployments/d1", null).assertJson(200);
        api.as(OPS_SECRET, "DELETE", "/v1/pools/spare", null);

        JsonNode events = api.as(DASHBOARD_SECRET, "GET", "/v1/events", null).assertJson(200).get("events");

        List<String> typeAndActor = new ArrayList<>();
        events.forEach(event -> typeAndActor.add(event.get("type").asText() + " " + event.get("pool").asText()
                + " by " + event.get("actor").asText()));
        assertThat(typeAndActor).containsExactly(
                "pool-created edge by ops",
                "pool-created spare by ops",
                "allocated edge by deployer",
                "pool-changed edge by ops",
                "allocated edge by deployer",
                "released edge by ops",
                "released edge by deployer",
                "pool-deleted spare by ops");
    }

    @Test
    void healthNeverNeedsATokenAndIgnoresAWrongOne() {
        api.get("/health/live").assertJson(200);
        api.get("/health/ready").assertJson(200);
        assertThat(api.send("HEAD", "/health/live", null).status()).isEqualTo(200);
        api.send("GET", "/health/ready", null, "Authorization", "Bearer wrong").assertJson(200);
    }

    @Test
    void pathsOutsideV1AreNeverRefusedForWantOfAToken() {
        // /metrics and /openapi.yaml are served by other parts of the platform when present; here they
        // do not exist, and say so rather than asking for a token.
        api.get("/metrics").assertProblem(404, "not-found");
        api.get("/openapi.yaml").assertProblem(404, "not-found");
    }

    @Test
    void unknownV1PathsAndMethodsAskForATokenFirst() {
        api.get("/v1/nothing").assertProblem(401, "unauthorized");
        api.get("/v1").assertProblem(401, "unauthorized");
        api.send("PATCH", "/v1/pools/edge", "{}", "Content-Type", "application/json").assertProblem(401, "unauthorized");

        api.as(DASHBOARD_SECRET, "GET", "/v1/nothing", null).assertProblem(404, "not-found");
        api.as(DEPLOYER_SECRET, "PATCH", "/v1/pools/edge", "{}").assertProblem(405, "method-not-allowed");
    }

    @Test
    void noSpellingOfAPathReachesAnEndpointWithoutAToken() {
        String before = state();
        for (String path : List.of("/v1/pools", "/v1/pools/", "/v1//pools", "/v1/./pools", "//v1/pools",
                "/health/../v1/pools", "/health/%2e%2e/v1/pools", "/health/live/../../v1/pools", "/./v1/pools",
                "/%761/pools", "/v1%2fpools", "/v1/pools;x=y", "/health/live;/../../v1/pools", "/V1/pools")) {
            for (String method : List.of("GET", "DELETE")) {
                String response = api.raw(method + " " + path + "/spare HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                assertThat(response).as(method + " " + path).doesNotStartWith("HTTP/1.1 2");
            }
        }
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void anOpenApiAcceptsRequestsWithOrWithoutAHeaderAndRecordsNoActor() {
        try (ApiServer open = ApiServer.start()) {
            open.put("/v1/pools/edge", "{\"minPort\": 1, \"maxPort\": 9}").assertJson(201);
            open.as("whatever-it-says-here", "DELETE", "/v1/pools/edge", null);

            JsonNode events = open.get("/v1/events").assertJson(200).get("events");
            assertThat(events).hasSize(2);
            events.forEach(event -> assertThat(event.get("actor").isNull()).isTrue());
        }
    }

    @Test
    void manyClientsAtOnceOnKeptAliveConnectionsGetEachTheirOwnDecision() throws Exception {
        String before = state();
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Future<List<String>>> results = new ArrayList<>();
            for (int client = 0; client < 6; client++) {
                int offset = client;
                results.add(clients.submit(() -> {
                    List<String> wrong = new ArrayList<>();
                    for (int i = 0; i < 150; i++) {
                        // Allowed and refused requests interleave on the same pooled connections.
                        int expected = switch ((i + offset) % 4) {
                            case 0 -> api.as(DASHBOARD_SECRET, "GET", "/v1/pools", null).status() == 200 ? 0 : 200;
                            case 1 -> api.as(nearMiss(), "PUT", "/v1/pools/edge", WRITES.get(0)[2]).status() == 401 ? 0 : 401;
                            case 2 -> api.as(DASHBOARD_SECRET, "DELETE", "/v1/deployments/d1", null).status() == 403 ? 0 : 403;
                            default -> api.send("DELETE", "/v1/pools/spare", null).status() == 401 ? 0 : 401;
                        };
                        if (expected != 0) {
                            wrong.add("request " + i + " of client " + offset + " was not " + expected);
                        }
                    }
                    return wrong;
                }));
            }
            for (java.util.concurrent.Future<List<String>> result : results) {
                assertThat(result.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEmpty();
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(state()).isEqualTo(before);
    }

    /** Everything a request could have changed, read with a token that may read. */
    private String state() {
        return api.as(DASHBOARD_SECRET, "GET", "/v1/pools", null).assertJson(200) + "\n"
                + api.as(DASHBOARD_SECRET, "GET", "/v1/events", null).assertJson(200) + "\n"
                + api.as(DASHBOARD_SECRET, "GET", "/v1/deployments/d1", null).assertJson(200);
    }

    private String path(String template) {
        return template.formatted(allocationId);
    }

    private static String nearMiss() {
        return DEPLOYER_SECRET.substring(0, DEPLOYER_SECRET.length() - 1) + "X";
    }
}
