package dev.portalloc.adapters.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AllocationEndpointsTest {
    private ApiServer api;

    @BeforeEach
    void start() {
        api = ApiServer.start();
        api.pool("edge", 10000, 10009, 10002);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void postAllocatesPortsFromTheCursorWith201AndTheAllocation() {
        Reply reply = api.post("/v1/pools/edge/allocations", "{\"deployment\": \"dep-42\", \"service\": \"rabbitmq\", \"count\": 2}");

        JsonNode allocation = reply.assertJson(201);
        assertThat(allocation.fieldNames()).toIterable()
                .containsExactly("id", "pool", "deployment", "service", "ports", "createdAt", "expiresAt");
        assertThat(allocation.get("id").asText()).matches("[0-9a-z]+");
        assertThat(allocation.get("pool").asText()).isEqualTo("edge");
        assertThat(allocation.get("deployment").asText()).isEqualTo("dep-42");
        assertThat(allocation.get("service").asText()).isEqualTo("rabbitmq");
        assertThat(allocation.get("ports").toString()).isEqualTo("[10000,10001]");
        // How often the services read the clock is theirs to change: the exact times are in LeaseEndpointsTest.
        assertThat(allocation.get("createdAt").asText()).matches("2026-11-27T08:00:00\\.\\d{3}Z");
        assertThat(Instant.parse(allocation.get("createdAt").asText())).isAfter(ApiServer.T0);
        assertThat(allocation.get("expiresAt").isNull()).isTrue();
        assertThat(reply.header("Location")).isEqualTo("/v1/allocations/" + allocation.get("id").asText());
    }

    @Test
    void countDefaultsToOne() {
        JsonNode allocation = api.allocate("edge", "{\"deployment\": \"d\", \"service\": \"s\"}");

        assertThat(allocation.get("ports").toString()).isEqualTo("[10000]");
    }

    @Test
    void dynamicPortsSkipReservedPortsAndComeSorted() {
        JsonNode allocation = api.allocate("edge", "{\"deployment\": \"d\", \"service\": \"s\", \"count\": 4}");

        assertThat(allocation.get("ports").toString()).isEqualTo("[10000,10001,10003,10004]");
    }

    @Test
    void specificPortsAreAllocatedExactlyAndListedSorted() {
        JsonNode allocation = api.allocate("edge", "{\"deployment\": \"d\", \"service\": \"s\", \"ports\": [10007, 10005]}");

        assertThat(allocation.get("ports").toString()).isEqualTo("[10005,10007]");
    }

    @Test
    void countAndPortsMustAgreeWhenBothAreGiven() {
        api.allocate("edge", "{\"deployment\": \"d\", \"service\": \"a\", \"count\": 2, \"ports\": [10005, 10006]}");

        JsonNode problem = api.post("/v1/pools/edge/allocations",
                "{\"deployment\": \"d\", \"service\": \"b\", \"count\": 3, \"ports\": [10007, 10008]}")
                .assertProblem(400, "invalid-request");
        assertThat(problem.get("field").asText()).isEqualTo("count");
    }

    @Test
    void contiguousPortsFormOneRun() {
        api.allocate("edge", "{\"deployment\": \"d\", \"service\": \"a\", \"ports\": [10005]}");

        JsonNode allocation = api.allocate("edge", "{\"deployment\": \"d\", \"service\": \"b\", \"count\": 3, \"contiguous\": true}");

        assertThat(allocation.get("ports").toString()).isEqualTo("[10006,10007,10008]");
    }

    @Test
    void noFreeRunLongEnoughIsPoolExhaustedWithTheCounts() {
        JsonNode problem = api.post("/v1/pools/edge/allocations",
                        "{\"deployment\": \"d\", \"service\": \"s\", \"count\": 8, \"contiguous\": true}")
                .assertProblem(409, "pool-exhausted");

        assertThat(problem.get("requested").asInt()).isEqualTo(8);
        assertThat(problem.get("available").asInt()).isEqualTo(9);
        assertThat(problem.get("contiguous").asBoolean()).isTrue();
        assertThat(problem.get("pool").asText()).isEqualTo("edge");
    }

    @Test
    void repeatingTheSameRequestReturns200WithTheSameAllocation() {
        String request = "{\"deployment\": \"dep-42\", \"service\": \"rabbitmq\", \"count\": 2}";
        JsonNode first = api.allocate("edge", request);

        JsonNode again = api.post("/v1/pools/edge/allocations", request).assertJson(200);

        assertThat(again).isEqualTo(first);
        assertThat(api.get("/v1/pools/edge").assertJson(200).get("allocated").asInt()).isEqualTo(2);
    }

    @Test
    void repeatingSpecificPortsInAnotherOrderIsTheSameRequest() {
        JsonNode first = api.allocate("edge", "{\"deployment\": \"d\", \"service\": \"s\", \"ports\": [10006, 10004]}");

        JsonNode again = api.post("/v1/pools/edge/allocations", "{\"deployment\": \"d\", \"service\": \"s\", \"ports\": [10004, 10006]}")
                .assertJson(200);

        assertThat(again.get("id")).isEqualTo(first.get("id"));
    }

    @Test
    void theSameKeyWithAnotherShapeIsAllocationConflictNamingTheExistingAllocation() {
        JsonNode first = api.allocate("edge", "{\"deployment\": \"dep-42\", \"service\": \"rabbitmq\", \"count\": 2}");

        for (String other : new String[]{"\"count\": 3", "\"ports\": [10000, 10001]", "\"count\": 2, \"contiguous\": true"}) {
            JsonNode problem = api.post("/v1/pools/edge/allocations",
                    "{\"deployment\": \"dep-42\", \"service\": \"rabbitmq\", " + other + "}").assertProblem(409, "allocation-conflict");

            assertThat(problem.get("allocationId").asText()).isEqualTo(first.get("id").asText());
            assertThat(problem.get("deployment").asText()).isEqualTo("dep-42");
            assertThat(problem.get("service").asText()).isEqualTo("rabbitmq");
        }
    }

    @Test
    void takenOrReservedSpecificPortsArePortUnavailableListingThem() {
        api.allocate("edge", "{\"deployment\": \"d\", \"service\": \"a\", \"ports\": [10004]}");

        JsonNode problem = api.post("/v1/pools/edge/allocations",
                        "{\"deployment\": \"d\", \"service\": \"b\", \"ports\": [10002, 10003, 10004]}")
                .assertProblem(409, "port-unavailable");

        assertThat(problem.get("ports").toString()).isEqualTo("[10002,10004]");
        assertThat(problem.get("pool").asText()).isEqualTo("edge");
    }

    @Test
    void aSpecificPortOutsideThePoolRangeIsInvalid() {
        JsonNode problem = api.post("/v1/pools/edge/allocations", "{\"deployment\": \"d\", \"service\": \"s\", \"ports\": [20000]}")
                .assertProblem(400, "invalid-request");

        assertThat(problem.get("field").asText()).isEqualTo("ports");
    }

    @Test
    void aFailedRequestLeavesThePoolExactlyAsItWas() {
        api.allocate("edge", "{\"deployment\": \"d\", \"service\": \"a\", \"count\": 3}");
        JsonNode before = api.get("/v1/pools/edge").assertJson(200);

        api.post("/v1/pools/edge/allocations", "{\"deployment\": \"d\", \"service\": \"b\", \"count\": 7}")
                .assertProblem(409, "pool-exhausted");
        api.post("/v1/pools/edge/allocations", "{\"deployment\": \"d\", \"service\": \"c\", \"ports\": [10008, 10009, 10000]}")
                .assertProblem(409, "port-unavailable");
        api.post("/v1/pools/edge/allocations", "{\"deployment\": \"d\", \"service\": \"e\", \"ports\": [10008, 20000]}")
                .assertProblem(400, "invalid-request");

        assertThat(api.get("/v1/pools/edge").assertJson(200)).isEqualTo(before);
        // The ports a failed request would have taken are still free.
        assertThat(api.get("/v1/pools/edge/ports/10008").assertJson(200).get("state").asText()).isEqualTo("free");
        assertThat(api.get("/v1/pools/edge/allocations?deployment=d").assertJson(200).get("allocations").size()).isEqualTo(1);
    }

    @Test
    void aPoolWithTooFewFreePortsIsPoolExhausted() {
        JsonNode problem = api.post("/v1/pools/edge/allocations", "{\"deployment\": \"d\", \"service\": \"s\", \"count\": 10}")
                .assertProblem(409, "pool-exhausted");

        assertThat(problem.get("requested").asInt()).isEqualTo(10);
        assertThat(problem.get("available").asInt()).isEqualTo(9);
        assertThat(problem.get("contiguous").asBoolean()).isFalse();
    }

    @Test
    void allocatingInAnUnknownPoolIsPoolNotFound() {
        api.post("/v1/pools/nope/allocations", "{\"deployment\": \"d\", \"service\": \"s\"}")
                .assertProblem(404, "pool-not-found");
    }

    @Test
    void getReturnsAnAllocationById() {
        JsonNode created = api.allocate("edge", "{\"deployment\": \"d\", \"service\": \"s\", \"count\": 2}");

        JsonNode fetched = api.get("/v1/allocations/" + created.get("id").asText()).assertJson(200);

        assertThat(fetched).isEqualTo(created);
    }

    @Test
    void unknownOrMalformedIdsAreAllocationNotFound() {
        JsonNode problem = api.get("/v1/allocations/0123456789abcdef").assertProblem(404, "allocation-not-found");
        assertThat(problem.get("allocationId").asText()).isEqualTo("0123456789abcdef");

        api.get("/v1/allocations/NOT-AN-ID").assertProblem(404, "allocation-not-found");
        api.delete("/v1/allocations/" + "a".repeat(65)).assertProblem(404, "allocation-not-found");
    }

    @Test
    void deleteReleasesTheAllocationWith204AndThenItIsGone() {
        JsonNode created = api.allocate("edge", "{\"deployment\": \"d\", \"service\": \"s\", \"count\": 2}");
        String path = "/v1/allocations/" + created.get("id").asText();

        Reply reply = api.delete(path);

        assertThat(reply.status()).isEqualTo(204);
        assertThat(reply.body()).isEmpty();
        api.get(path).assertProblem(404, "allocation-not-found");
        api.delete(path).assertProblem(404, "allocation-not-found");
        assertThat(api.get("/v1/pools/edge").assertJson(200).get("allocated").asInt()).isZero();
    }

    @Test
    void aReleasedPortIsTheLastToBeHandedOutAgain() {
        JsonNode first = api.allocate("edge", "{\"deployment\": \"d\", \"service\": \"a\"}");
        api.delete("/v1/allocations/" + first.get("id").asText());

        JsonNode next = api.allocate("edge", "{\"deployment\": \"d\", \"service\": \"b\"}");

        assertThat(next.get("ports").toString()).isEqualTo("[10001]");
    }

    @Test
    void listShowsAPoolsAllocationsFilteredByDeploymentAndService() {
        api.allocate("edge", "{\"deployment\": \"d1\", \"service\": \"web\"}");
        api.allocate("edge", "{\"deployment\": \"d1\", \"service\": \"db\"}");
        api.allocate("edge", "{\"deployment\": \"d2\", \"service\": \"web\"}");

        JsonNode all = api.get("/v1/pools/edge/allocations").assertJson(200);
        JsonNode d1 = api.get("/v1/pools/edge/allocations?deployment=d1").assertJson(200);
        JsonNode web = api.get("/v1/pools/edge/allocations?service=web").assertJson(200);
        JsonNode d1web = api.get("/v1/pools/edge/allocations?deployment=d1&service=web").assertJson(200);

        assertThat(all.fieldNames()).toIterable().containsExactly("allocations", "next");
        assertThat(all.get("allocations").size()).isEqualTo(3);
        assertThat(all.get("next").isNull()).isTrue();
        assertThat(d1.get("allocations").findValuesAsText("service")).containsExactlyInAnyOrder("web", "db");
        assertThat(web.get("allocations").findValuesAsText("deployment")).containsExactlyInAnyOrder("d1", "d2");
        assertThat(d1web.get("allocations").size()).isEqualTo(1);
    }

    @Test
    void emptyQueryValuesCountAsAbsent() {
        api.allocate("edge", "{\"deployment\": \"d1\", \"service\": \"web\"}");

        JsonNode page = api.get("/v1/pools/edge/allocations?deployment=&service=&limit=&after=").assertJson(200);

        assertThat(page.get("allocations").size()).isEqualTo(1);
    }

    @Test
    void pagesFollowTheNextCursorUntilItIsNull() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(api.allocate("edge", "{\"deployment\": \"d\", \"service\": \"s" + i + "\"}").get("id").asText());
        }

        List<String> seen = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            JsonNode page = api.get("/v1/pools/edge/allocations?limit=3" + (next == null ? "" : "&after=" + next)).assertJson(200);
            page.get("allocations").forEach(a -> seen.add(a.get("id").asText()));
            next = page.get("next").isNull() ? null : page.get("next").asText();
            pages++;
        } while (next != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(created);
    }

    @Test
    void aFullLastPageStillEndsWithANullCursorOnTheNextPage() {
        for (int i = 0; i < 2; i++) {
            api.allocate("edge", "{\"deployment\": \"d\", \"service\": \"s" + i + "\"}");
        }
        JsonNode first = api.get("/v1/pools/edge/allocations?limit=2").assertJson(200);

        assertThat(first.get("allocations").size()).isEqualTo(2);
        assertThat(first.get("next").isNull()).isTrue();
    }

    @Test
    void limitMustBeAnIntegerFromOneToAThousand() {
        api.get("/v1/pools/edge/allocations?limit=1000").assertJson(200);
        api.get("/v1/pools/edge/allocations?limit=1").assertJson(200);
        for (String limit : new String[]{"0", "1001", "-1", "abc", "1.5", "99999999999", "%2B5", "1e2"}) {
            JsonNode problem = api.get("/v1/pools/edge/allocations?limit=" + limit).assertProblem(400, "invalid-request");
            assertThat(problem.get("field").asText()).isEqualTo("limit");
        }
    }

    @Test
    void afterMustBeACursor() {
        JsonNode problem = api.get("/v1/pools/edge/allocations?after=NOT%20A%20CURSOR").assertProblem(400, "invalid-request");

        assertThat(problem.get("field").asText()).isEqualTo("after");
    }

    @Test
    void unknownOrRepeatedQueryParametersAreInvalid() {
        assertThat(api.get("/v1/pools/edge/allocations?deploymnet=d1").assertProblem(400, "invalid-request")
                .get("detail").asText()).contains("deploymnet");
        api.get("/v1/pools/edge/allocations?limit=1&limit=2").assertProblem(400, "invalid-request");
    }

    @Test
    void filtersMustBeValidNames() {
        api.get("/v1/pools/edge/allocations?deployment=-bad").assertProblem(400, "invalid-request");
        api.get("/v1/pools/edge/allocations?service=" + "s".repeat(129)).assertProblem(400, "invalid-request");
    }

    @Test
    void listingAnUnknownPoolIsPoolNotFound() {
        api.get("/v1/pools/nope/allocations").assertProblem(404, "pool-not-found");
    }
}
