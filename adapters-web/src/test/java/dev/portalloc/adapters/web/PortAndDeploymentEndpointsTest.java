package dev.portalloc.adapters.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PortAndDeploymentEndpointsTest {
    private ApiServer api;

    @BeforeEach
    void start() {
        api = ApiServer.start();
        api.pool("edge", 10000, 10009, 10009);
        api.pool("core", 20000, 20009);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void anAllocatedPortShowsItsAllocation() {
        JsonNode allocation = api.allocate("edge", "{\"deployment\": \"d\", \"service\": \"s\", \"count\": 2}");

        JsonNode status = api.get("/v1/pools/edge/ports/10001").assertJson(200);

        assertThat(status.fieldNames()).toIterable().containsExactly("pool", "port", "state", "allocation");
        assertThat(status.get("pool").asText()).isEqualTo("edge");
        assertThat(status.get("port").asInt()).isEqualTo(10001);
        assertThat(status.get("state").asText()).isEqualTo("allocated");
        assertThat(status.get("allocation")).isEqualTo(allocation);
    }

    @Test
    void aFreePortHasNoAllocation() {
        JsonNode status = api.get("/v1/pools/edge/ports/10005").assertJson(200);

        assertThat(status.get("state").asText()).isEqualTo("free");
        assertThat(status.get("allocation").isNull()).isTrue();
    }

    @Test
    void aReservedPortIsReserved() {
        JsonNode status = api.get("/v1/pools/edge/ports/10009").assertJson(200);

        assertThat(status.get("state").asText()).isEqualTo("reserved");
        assertThat(status.get("allocation").isNull()).isTrue();
    }

    @Test
    void aPortOutsideThePoolRangeIsInvalid() {
        assertThat(api.get("/v1/pools/edge/ports/10010").assertProblem(400, "invalid-request")
                .get("field").asText()).isEqualTo("port");
        api.get("/v1/pools/edge/ports/1").assertProblem(400, "invalid-request");
    }

    @Test
    void aPortThatIsNotAPortNumberIsInvalid() {
        for (String port : new String[]{"abc", "0", "65536", "-1", "1.5", "99999999999", "%2B10001"}) {
            api.get("/v1/pools/edge/ports/" + port).assertProblem(400, "invalid-request");
        }
    }

    @Test
    void aPortOfAnUnknownPoolIsPoolNotFound() {
        api.get("/v1/pools/nope/ports/10000").assertProblem(404, "pool-not-found");
    }

    @Test
    void aDeploymentListsItsAllocationsInEveryPool() {
        JsonNode inEdge = api.allocate("edge", "{\"deployment\": \"dep-42\", \"service\": \"web\"}");
        JsonNode inCore = api.allocate("core", "{\"deployment\": \"dep-42\", \"service\": \"db\", \"count\": 2}");
        api.allocate("edge", "{\"deployment\": \"other\", \"service\": \"web\"}");

        JsonNode deployment = api.get("/v1/deployments/dep-42").assertJson(200);

        assertThat(deployment.fieldNames()).toIterable().containsExactly("deployment", "allocations");
        assertThat(deployment.get("deployment").asText()).isEqualTo("dep-42");
        assertThat(deployment.get("allocations")).containsExactly(inCore, inEdge);
    }

    @Test
    void aDeploymentHoldingNothingHasAnEmptyList() {
        assertThat(api.get("/v1/deployments/nobody").assertJson(200).toString())
                .isEqualTo("{\"deployment\":\"nobody\",\"allocations\":[]}");
    }

    @Test
    void resetReleasesEveryAllocationOfTheDeploymentAcrossPoolsAndRepeatsWithZero() {
        api.allocate("edge", "{\"deployment\": \"dep-42\", \"service\": \"web\", \"count\": 2}");
        api.allocate("core", "{\"deployment\": \"dep-42\", \"service\": \"db\", \"count\": 3}");
        JsonNode other = api.allocate("edge", "{\"deployment\": \"other\", \"service\": \"web\"}");

        JsonNode reset = api.delete("/v1/deployments/dep-42").assertJson(200);

        assertThat(reset.toString()).isEqualTo("{\"deployment\":\"dep-42\",\"released\":5}");
        assertThat(api.get("/v1/deployments/dep-42").assertJson(200).get("allocations")).isEmpty();
        assertThat(api.get("/v1/pools/edge").assertJson(200).get("allocated").asInt()).isEqualTo(1);
        assertThat(api.get("/v1/pools/core").assertJson(200).get("allocated").asInt()).isZero();
        api.get("/v1/allocations/" + other.get("id").asText()).assertJson(200);

        assertThat(api.delete("/v1/deployments/dep-42").assertJson(200).toString())
                .isEqualTo("{\"deployment\":\"dep-42\",\"released\":0}");
    }

    @Test
    void deploymentNamesOutsideThePatternAreInvalid() {
        for (String name : new String[]{"-dash", ".dot", "sp%20ace", "d".repeat(129), "a%2Fb"}) {
            api.get("/v1/deployments/" + name).assertProblem(400, "invalid-request");
            api.delete("/v1/deployments/" + name).assertProblem(400, "invalid-request");
        }
        api.get("/v1/deployments/" + "D".repeat(128)).assertJson(200);
        api.get("/v1/deployments/A.b_c-9").assertJson(200);
    }
}
