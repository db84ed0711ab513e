package dev.portalloc.adapters.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PoolEndpointsTest {
    private ApiServer api;

    @BeforeEach
    void start() {
        api = ApiServer.start();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void putCreatesAPoolWith201AndItsView() {
        Reply reply = api.put("/v1/pools/default", "{\"minPort\": 10000, \"maxPort\": 19999, \"reserved\": [15672]}");

        JsonNode pool = reply.assertJson(201);
        assertThat(pool.toString()).isEqualTo("{\"name\":\"default\",\"minPort\":10000,\"maxPort\":19999,"
                + "\"reserved\":[15672],\"hostCheck\":false,\"capacity\":9999,\"allocated\":0,\"available\":9999,"
                + "\"warnings\":[]}");
        assertThat(reply.header("Location")).isEqualTo("/v1/pools/default");
    }

    @Test
    void reservedIsOptionalAndListedSortedWithoutDuplicates() {
        api.put("/v1/pools/a", "{\"minPort\": 100, \"maxPort\": 199}").assertJson(201);
        JsonNode b = api.put("/v1/pools/b", "{\"minPort\": 100, \"maxPort\": 199, \"reserved\": [150, 101, 150, 9000]}")
                .assertJson(201);

        assertThat(api.get("/v1/pools/a").assertJson(200).get("reserved")).isEmpty();
        assertThat(b.get("reserved").toString()).isEqualTo("[101,150,9000]");
        // Reserved ports outside the range do not reduce the capacity.
        assertThat(b.get("capacity").asInt()).isEqualTo(98);
    }

    @Test
    void putOfAnExistingPoolAnswers200WhetherChangedOrNot() {
        api.pool("edge", 10000, 10009);

        JsonNode same = api.put("/v1/pools/edge", "{\"minPort\": 10000, \"maxPort\": 10009}").assertJson(200);
        JsonNode changed = api.put("/v1/pools/edge", "{\"minPort\": 10000, \"maxPort\": 10019, \"reserved\": [10001]}")
                .assertJson(200);

        assertThat(same.get("capacity").asInt()).isEqualTo(10);
        assertThat(changed.get("maxPort").asInt()).isEqualTo(10019);
        assertThat(changed.get("capacity").asInt()).isEqualTo(19);
        assertThat(api.get("/v1/pools/edge").assertJson(200)).isEqualTo(changed);
    }

    @Test
    void getShowsTheCountsOfAllocatedPorts() {
        api.pool("edge", 10000, 10009, 10005);
        api.allocate("edge", "{\"deployment\": \"d1\", \"service\": \"web\", \"count\": 3}");

        JsonNode pool = api.get("/v1/pools/edge").assertJson(200);

        assertThat(pool.get("capacity").asInt()).isEqualTo(9);
        assertThat(pool.get("allocated").asInt()).isEqualTo(3);
        assertThat(pool.get("available").asInt()).isEqualTo(6);
    }

    @Test
    void listShowsEveryPoolSortedByName() {
        api.pool("zeta", 3000, 3009);
        api.pool("alpha", 1000, 1009);
        api.pool("mid.1", 2000, 2009);

        JsonNode list = api.get("/v1/pools").assertJson(200);

        assertThat(list.size()).isEqualTo(1);
        assertThat(list.get("pools").findValuesAsText("name")).containsExactly("alpha", "mid.1", "zeta");
        assertThat(list.get("pools").get(0).get("minPort").asInt()).isEqualTo(1000);
    }

    @Test
    void listOfNoPoolsIsEmpty() {
        assertThat(api.get("/v1/pools").assertJson(200).toString()).isEqualTo("{\"pools\":[]}");
    }

    @Test
    void getOfAnUnknownPoolIsPoolNotFound() {
        JsonNode problem = api.get("/v1/pools/nope").assertProblem(404, "pool-not-found");

        assertThat(problem.get("pool").asText()).isEqualTo("nope");
        assertThat(problem.get("detail").asText()).contains("nope");
    }

    @Test
    void deleteRemovesAnEmptyPoolWith204() {
        api.pool("edge", 10000, 10009);

        Reply reply = api.delete("/v1/pools/edge");

        assertThat(reply.status()).isEqualTo(204);
        assertThat(reply.body()).isEmpty();
        assertThat(reply.header("Content-Type")).isNull();
        api.get("/v1/pools/edge").assertProblem(404, "pool-not-found");
    }

    @Test
    void deleteOfAnUnknownPoolIsPoolNotFound() {
        api.delete("/v1/pools/nope").assertProblem(404, "pool-not-found");
    }

    @Test
    void deleteOfAPoolHoldingAllocationsIsPoolConflictListingThePorts() {
        api.pool("edge", 10000, 10009);
        api.allocate("edge", "{\"deployment\": \"d1\", \"service\": \"web\", \"ports\": [10004, 10002]}");

        JsonNode problem = api.delete("/v1/pools/edge").assertProblem(409, "pool-conflict");

        assertThat(problem.get("pool").asText()).isEqualTo("edge");
        assertThat(problem.get("ports").toString()).isEqualTo("[10002,10004]");
        api.get("/v1/pools/edge").assertJson(200);
    }

    @Test
    void aRangeChangeThatWouldStrandAllocatedPortsIsPoolConflictAndChangesNothing() {
        api.pool("edge", 10000, 10009);
        api.allocate("edge", "{\"deployment\": \"d1\", \"service\": \"web\", \"ports\": [10008]}");

        JsonNode problem = api.put("/v1/pools/edge", "{\"minPort\": 10000, \"maxPort\": 10005}")
                .assertProblem(409, "pool-conflict");

        assertThat(problem.get("ports").toString()).isEqualTo("[10008]");
        assertThat(api.get("/v1/pools/edge").assertJson(200).get("maxPort").asInt()).isEqualTo(10009);
    }

    @Test
    void reservingAnAllocatedPortIsPoolConflict() {
        api.pool("edge", 10000, 10009);
        api.allocate("edge", "{\"deployment\": \"d1\", \"service\": \"web\", \"ports\": [10003]}");

        JsonNode problem = api.put("/v1/pools/edge", "{\"minPort\": 10000, \"maxPort\": 10009, \"reserved\": [10003]}")
                .assertProblem(409, "pool-conflict");

        assertThat(problem.get("ports").toString()).isEqualTo("[10003]");
        assertThat(api.get("/v1/pools/edge").assertJson(200).get("reserved")).isEmpty();
    }

    @Test
    void aRangeWithMinAboveMaxIsInvalid() {
        JsonNode problem = api.put("/v1/pools/edge", "{\"minPort\": 10010, \"maxPort\": 10000}")
                .assertProblem(400, "invalid-request");

        assertThat(problem.get("field").asText()).isEqualTo("minPort");
        api.get("/v1/pools/edge").assertProblem(404, "pool-not-found");
    }

    @Test
    void portsOutsideOneTo65535AreInvalid() {
        api.put("/v1/pools/edge", "{\"minPort\": 0, \"maxPort\": 10}").assertProblem(400, "invalid-request");
        api.put("/v1/pools/edge", "{\"minPort\": 1, \"maxPort\": 65536}").assertProblem(400, "invalid-request");
        api.put("/v1/pools/edge", "{\"minPort\": -5, \"maxPort\": 10}").assertProblem(400, "invalid-request");
        api.put("/v1/pools/edge", "{\"minPort\": 1, \"maxPort\": 10, \"reserved\": [70000]}")
                .assertProblem(400, "invalid-request");

        assertThat(api.put("/v1/pools/edge", "{\"minPort\": 1, \"maxPort\": 65535}").assertJson(201)
                .get("capacity").asInt()).isEqualTo(65535);
    }

    @Test
    void minPortAndMaxPortAreRequired() {
        assertThat(api.put("/v1/pools/edge", "{\"maxPort\": 10}").assertProblem(400, "invalid-request")
                .get("field").asText()).isEqualTo("minPort");
        assertThat(api.put("/v1/pools/edge", "{\"minPort\": 10}").assertProblem(400, "invalid-request")
                .get("field").asText()).isEqualTo("maxPort");
    }

    @Test
    void poolNamesOutsideThePatternAreInvalidInEveryPoolPath() {
        String tooLong = "a".repeat(64);
        for (String name : new String[]{"Upper", "-dash", "_under", "sp%20ace", "a%2Fb", tooLong, "%C3%A9"}) {
            api.get("/v1/pools/" + name).assertProblem(400, "invalid-request");
            api.put("/v1/pools/" + name, "{\"minPort\": 1, \"maxPort\": 10}").assertProblem(400, "invalid-request");
            api.delete("/v1/pools/" + name).assertProblem(400, "invalid-request");
            api.get("/v1/pools/" + name + "/allocations").assertProblem(400, "invalid-request");
            api.post("/v1/pools/" + name + "/allocations", "{\"deployment\": \"d\", \"service\": \"s\"}")
                    .assertProblem(400, "invalid-request");
            api.get("/v1/pools/" + name + "/ports/10").assertProblem(400, "invalid-request");
        }
        assertThat(api.put("/v1/pools/" + "a".repeat(63), "{\"minPort\": 1, \"maxPort\": 10}").status()).isEqualTo(201);
        assertThat(api.put("/v1/pools/0.a_b-c", "{\"minPort\": 1, \"maxPort\": 10}").status()).isEqualTo(201);
    }
}
