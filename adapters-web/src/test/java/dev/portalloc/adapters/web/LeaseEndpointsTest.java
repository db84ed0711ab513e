package dev.portalloc.adapters.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Leases over HTTP: {@code ttlSeconds} on allocation, renewal, and expiry as every reader sees it. The
 * clock stands still at {@link ApiServer#T0} until a test moves it, so every time is known exactly.
 */
class LeaseEndpointsTest {
    private static final String EDGE = "/v1/pools/edge/allocations";

    private ApiServer api;

    @BeforeEach
    void start() {
        api = ApiServer.withClockStandingStill();
        api.pool("edge", 10000, 10009, 10002);
        api.pool("core", 20000, 20009);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void ttlSecondsSetsExpiresAtThatFarAfterCreation() {
        JsonNode allocation = api.post(EDGE, "{\"deployment\": \"dep-42\", \"service\": \"rabbitmq\", \"count\": 2, "
                + "\"ttlSeconds\": 3600}").assertJson(201);

        String id = allocation.get("id").asText();
        assertThat(allocation.toString()).isEqualTo("{\"id\":\"" + id + "\",\"pool\":\"edge\",\"deployment\":\"dep-42\","
                + "\"service\":\"rabbitmq\",\"ports\":[10000,10001],\"createdAt\":\"2026-11-27T08:00:00Z\","
                + "\"expiresAt\":\"2026-11-27T09:00:00Z\"}");
        assertThat(api.get("/v1/allocations/" + id).assertJson(200)).isEqualTo(allocation);
    }

    @Test
    void ttlSecondsMayBeFromOneSecondToThreeHundredSixtyFiveDays() {
        JsonNode shortest = api.allocate("edge", "{\"deployment\": \"d\", \"service\": \"a\", \"ttlSeconds\": 1}");
        JsonNode longest = api.allocate("edge", "{\"deployment\": \"d\", \"service\": \"b\", \"ttlSeconds\": 31536000}");

        assertThat(shortest.get("expiresAt").asText()).isEqualTo("2026-11-27T08:00:01Z");
        assertThat(longest.get("expiresAt").asText()).isEqualTo("2027-11-27T08:00:00Z");
    }

    @Test
    void ttlSecondsOutsideItsBoundsIsInvalidAndAllocatesNothing() {
        for (String ttl : new String[]{"0", "-1", "31536001", "9223372036854775807"}) {
            JsonNode problem = api.post(EDGE, "{\"deployment\": \"d\", \"service\": \"s\", \"ttlSeconds\": " + ttl + "}")
                    .assertProblem(400, "invalid-request");

            assertThat(problem.get("field").asText()).isEqualTo("ttlSeconds");
            assertThat(problem.get("detail").asText()).isEqualTo("ttlSeconds must be within 1..31536000 (got " + ttl + ")");
        }
        assertThat(api.get("/v1/pools/edge").assertJson(200).get("allocated").asInt()).isZero();
    }

    @Test
    void anAllocationWithoutTtlSecondsNeverExpires() {
        JsonNode allocation = api.allocate("edge", "{\"deployment\": \"d\", \"service\": \"s\"}");

        api.clock.advance(Duration.ofDays(400));

        JsonNode later = api.get("/v1/allocations/" + allocation.get("id").asText()).assertJson(200);
        assertThat(later).isEqualTo(allocation);
        assertThat(later.get("expiresAt").isNull()).isTrue();
    }

    @Test
    void theLeaseIsNotPartOfTheRequestsIdentity() {
        JsonNode leased = api.allocate("edge", "{\"deployment\": \"d\", \"service\": \"leased\", \"count\": 2, \"ttlSeconds\": 60}");
        JsonNode unleased = api.allocate("edge", "{\"deployment\": \"d\", \"service\": \"plain\"}");

        // Another ttl, or none, repeats the request: the allocation comes back as it is, lease included.
        assertThat(api.post(EDGE, "{\"deployment\": \"d\", \"service\": \"leased\", \"count\": 2, \"ttlSeconds\": 3600}")
                .assertJson(200)).isEqualTo(leased);
        assertThat(api.post(EDGE, "{\"deployment\": \"d\", \"service\": \"leased\", \"count\": 2}").assertJson(200))
                .isEqualTo(leased);
        assertThat(api.post(EDGE, "{\"deployment\": \"d\", \"service\": \"plain\", \"ttlSeconds\": 60}").assertJson(200))
                .isEqualTo(unleased);
        // The shape still is part of it.
        api.post(EDGE, "{\"deployment\": \"d\", \"service\": \"leased\", \"count\": 3, \"ttlSeconds\": 60}")
                .assertProblem(409, "allocation-conflict");
        assertThat(api.get("/v1/pools/edge").assertJson(200).get("allocated").asInt()).isEqualTo(3);
    }

    @Test
    void anAllocationLivesUntilJustBeforeExpiresAt() {
        JsonNode allocation = api.allocate("edge", "{\"deployment\": \"d\", \"service\": \"s\", \"ttlSeconds\": 60}");
        String path = "/v1/allocations/" + allocation.get("id").asText();

        api.clock.advance(Duration.ofSeconds(60).minusMillis(1));
        assertThat(api.get(path).assertJson(200)).isEqualTo(allocation);

        api.clock.advance(Duration.ofMillis(1));
        api.get(path).assertProblem(404, "allocation-not-found");
    }

    @Test
    void anExpiredAllocationIsGoneForEveryReaderAndItsPortsAreAllocatableAgain() {
        // The lease takes every port of the pool.
        JsonNode leased = api.allocate("edge", "{\"deployment\": \"d\", \"service\": \"a\", \"count\": 9, \"ttlSeconds\": 60}");
        JsonNode kept = api.allocate("core", "{\"deployment\": \"d\", \"service\": \"b\"}");
        String path = "/v1/allocations/" + leased.get("id").asText();
        api.post(EDGE, "{\"deployment\": \"e\", \"service\": \"a\"}").assertProblem(409, "pool-exhausted");

        api.clock.advance(Duration.ofSeconds(60));

        api.get(path).assertProblem(404, "allocation-not-found");
        api.delete(path).assertProblem(404, "allocation-not-found");
        assertThat(api.get(EDGE).assertJson(200).toString()).isEqualTo("{\"allocations\":[],\"next\":null}");
        assertThat(api.get(EDGE + "?deployment=d&service=a").assertJson(200).get("allocations")).isEmpty();
        assertThat(api.get("/v1/pools/edge/ports/10000").assertJson(200).toString())
                .isEqualTo("{\"pool\":\"edge\",\"port\":10000,\"state\":\"free\",\"allocation\":null}");
        assertThat(api.get("/v1/deployments/d").assertJson(200).get("allocations")).containsExactly(kept);
        JsonNode pool = api.get("/v1/pools/edge").assertJson(200);
        assertThat(pool.get("allocated").asInt()).isZero();
        assertThat(pool.get("available").asInt()).isEqualTo(9);

        JsonNode again = api.allocate("edge", "{\"deployment\": \"e\", \"service\": \"a\", \"count\": 9}");

        assertThat(again.get("ports").toString()).isEqualTo("[10000,10001,10003,10004,10005,10006,10007,10008,10009]");
        assertThat(api.get("/v1/pools/edge/ports/10000").assertJson(200).get("allocation")).isEqualTo(again);
        // Only what the deployment still held is released, and counted, by its reset.
        assertThat(api.delete("/v1/deployments/d").assertJson(200).toString())
                .isEqualTo("{\"deployment\":\"d\",\"released\":1}");
    }

    @Test
    void theKeyOfAnExpiredAllocationMayBeAllocatedAfreshWithAnotherShape() {
        JsonNode first = api.allocate("edge", "{\"deployment\": \"d\", \"service\": \"s\", \"count\": 2, \"ttlSeconds\": 60}");

        api.clock.advance(Duration.ofSeconds(61));
        JsonNode second = api.allocate("edge", "{\"deployment\": \"d\", \"service\": \"s\", \"count\": 3}");

        assertThat(second.get("id")).isNotEqualTo(first.get("id"));
        assertThat(second.get("expiresAt").isNull()).isTrue();
        assertThat(api.get("/v1/deployments/d").assertJson(200).get("allocations")).containsExactly(second);
    }

    @Test
    void renewExtendsEveryLeaseOfTheDeploymentInEveryPoolFromNow() {
        JsonNode web = api.allocate("edge", "{\"deployment\": \"dep-42\", \"service\": \"web\", \"ttlSeconds\": 60}");
        JsonNode db = api.allocate("core", "{\"deployment\": \"dep-42\", \"service\": \"db\", \"count\": 2, \"ttlSeconds\": 120}");
        JsonNode plain = api.allocate("edge", "{\"deployment\": \"dep-42\", \"service\": \"plain\"}");
        JsonNode other = api.allocate("edge", "{\"deployment\": \"other\", \"service\": \"web\", \"ttlSeconds\": 60}");
        api.clock.advance(Duration.ofSeconds(50));

        Reply reply = api.post("/v1/deployments/dep-42/renew", "{\"ttlSeconds\": 3600}");

        assertThat(reply.assertJson(200).toString())
                .isEqualTo("{\"deployment\":\"dep-42\",\"expiresAt\":\"2026-11-27T09:00:50Z\",\"renewed\":2}");
        assertThat(expiresAt(web)).isEqualTo("2026-11-27T09:00:50Z");
        assertThat(expiresAt(db)).isEqualTo("2026-11-27T09:00:50Z");
        assertThat(expiresAt(plain)).isEqualTo("null");
        assertThat(expiresAt(other)).isEqualTo("2026-11-27T08:01:00Z");

        // Past the original leases: the other deployment's is gone, the renewed ones live on.
        api.clock.advance(Duration.ofSeconds(100));
        api.get("/v1/allocations/" + other.get("id").asText()).assertProblem(404, "allocation-not-found");
        assertThat(api.get("/v1/deployments/dep-42").assertJson(200).get("allocations")).hasSize(3);

        api.clock.advance(Duration.ofSeconds(3500));
        assertThat(api.get("/v1/deployments/dep-42").assertJson(200).get("allocations").findValuesAsText("service"))
                .containsExactly("plain");
    }

    @Test
    void renewingAgainMovesTheEndAgainAndMayShortenIt() {
        JsonNode web = api.allocate("edge", "{\"deployment\": \"d\", \"service\": \"web\", \"ttlSeconds\": 3600}");

        assertThat(api.post("/v1/deployments/d/renew", "{\"ttlSeconds\": 60}").assertJson(200).get("expiresAt").asText())
                .isEqualTo("2026-11-27T08:01:00Z");

        assertThat(expiresAt(web)).isEqualTo("2026-11-27T08:01:00Z");
    }

    @Test
    void renewingADeploymentWithoutLeasesRenewsNothing() {
        JsonNode plain = api.allocate("edge", "{\"deployment\": \"d\", \"service\": \"plain\"}");

        assertThat(api.post("/v1/deployments/d/renew", "{\"ttlSeconds\": 3600}").assertJson(200).toString())
                .isEqualTo("{\"deployment\":\"d\",\"expiresAt\":\"2026-11-27T09:00:00Z\",\"renewed\":0}");
        assertThat(api.post("/v1/deployments/nobody/renew", "{\"ttlSeconds\": 60}").assertJson(200).toString())
                .isEqualTo("{\"deployment\":\"nobody\",\"expiresAt\":\"2026-11-27T08:01:00Z\",\"renewed\":0}");
        assertThat(expiresAt(plain)).isEqualTo("null");
    }

    @Test
    void anExpiredLeaseCannotBeRenewed() {
        JsonNode web = api.allocate("edge", "{\"deployment\": \"d\", \"service\": \"web\", \"ttlSeconds\": 60}");
        api.clock.advance(Duration.ofSeconds(60));

        assertThat(api.post("/v1/deployments/d/renew", "{\"ttlSeconds\": 60}").assertJson(200).get("renewed").asInt())
                .isZero();

        api.get("/v1/allocations/" + web.get("id").asText()).assertProblem(404, "allocation-not-found");
    }

    @Test
    void renewalTtlSecondsHasTheSameBoundsAsAllocation() {
        api.allocate("edge", "{\"deployment\": \"d\", \"service\": \"web\", \"ttlSeconds\": 60}");

        assertThat(api.post("/v1/deployments/d/renew", "{\"ttlSeconds\": 1}").assertJson(200).get("expiresAt").asText())
                .isEqualTo("2026-11-27T08:00:01Z");
        assertThat(api.post("/v1/deployments/d/renew", "{\"ttlSeconds\": 31536000}").assertJson(200).get("expiresAt")
                .asText()).isEqualTo("2027-11-27T08:00:00Z");
        for (String ttl : new String[]{"0", "31536001"}) {
            JsonNode problem = api.post("/v1/deployments/d/renew", "{\"ttlSeconds\": " + ttl + "}")
                    .assertProblem(400, "invalid-request");
            assertThat(problem.get("field").asText()).isEqualTo("ttlSeconds");
            assertThat(problem.get("detail").asText()).isEqualTo("ttlSeconds must be within 1..31536000 (got " + ttl + ")");
        }
        assertThat(api.get("/v1/deployments/d").assertJson(200).get("allocations").get(0).get("expiresAt").asText())
                .isEqualTo("2027-11-27T08:00:00Z");
    }

    @Test
    void renewalNeedsAValidDeploymentName() {
        for (String name : new String[]{"-dash", ".dot", "sp%20ace", "d".repeat(129)}) {
            assertThat(api.post("/v1/deployments/" + name + "/renew", "{\"ttlSeconds\": 60}")
                    .assertProblem(400, "invalid-request").get("field").asText()).isEqualTo("deployment");
        }
    }

    @Test
    void theReaperReleasesExpiredAllocationsWhichWereAlreadyInvisible() {
        api.allocate("edge", "{\"deployment\": \"d\", \"service\": \"a\", \"count\": 2, \"ttlSeconds\": 60}");
        api.clock.advance(Duration.ofSeconds(60));
        JsonNode before = api.get("/v1/pools/edge").assertJson(200);

        assertThat(api.useCases.reapExpiredAllocations().reapExpiredAllocations(100)).isEqualTo(1);

        assertThat(api.get("/v1/pools/edge").assertJson(200)).isEqualTo(before);
        assertThat(before.get("allocated").asInt()).isZero();
    }

    private String expiresAt(JsonNode allocation) {
        return api.get("/v1/allocations/" + allocation.get("id").asText()).assertJson(200).get("expiresAt").asText();
    }
}
