package dev.portalloc.adapters.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portalloc.application.port.out.HostPorts;
import dev.portalloc.domain.PortRange;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.Set;
import java.util.function.IntPredicate;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code hostCheck} on pools, the warnings in {@code PoolView}, and ports other processes listen on. */
class HostCheckEndpointsTest {
    private static final PortRange EPHEMERAL = PortRange.of(32768, 60999);

    /** A machine on which {@code listening} ports are taken and {@link #EPHEMERAL} is the ephemeral range. */
    private static HostPorts machine(Integer... listening) {
        Set<Integer> inUse = Set.of(listening);
        return new HostPorts() {
            @Override
            public IntPredicate listening() {
                return inUse::contains;
            }

            @Override
            public Optional<PortRange> ephemeralRange() {
                return Optional.of(EPHEMERAL);
            }
        };
    }

    @Test
    void hostCheckIsAcceptedAndShownAndDefaultsToFalse() {
        try (ApiServer api = ApiServer.start()) {
            JsonNode checked = api.put("/v1/pools/host", "{\"minPort\": 10000, \"maxPort\": 10009, \"hostCheck\": true}")
                    .assertJson(201);
            JsonNode plain = api.put("/v1/pools/plain", "{\"minPort\": 10000, \"maxPort\": 10009}").assertJson(201);
            JsonNode off = api.put("/v1/pools/off", "{\"minPort\": 10000, \"maxPort\": 10009, \"hostCheck\": false}")
                    .assertJson(201);

            assertThat(checked.toString()).isEqualTo("{\"name\":\"host\",\"minPort\":10000,\"maxPort\":10009,"
                    + "\"reserved\":[],\"hostCheck\":true,\"capacity\":10,\"allocated\":0,\"available\":10,\"warnings\":[]}");
            assertThat(plain.get("hostCheck").asBoolean()).isFalse();
            assertThat(plain.get("hostCheck").isBoolean()).isTrue();
            assertThat(off.get("hostCheck").asBoolean()).isFalse();
            assertThat(api.get("/v1/pools/host").assertJson(200)).isEqualTo(checked);
            assertThat(api.get("/v1/pools").assertJson(200).get("pools").findValuesAsText("hostCheck"))
                    .containsExactly("true", "false", "false");
        }
    }

    @Test
    void putStatesTheWholeDefinitionSoLeavingHostCheckOutTurnsItOff() {
        try (ApiServer api = ApiServer.start()) {
            api.put("/v1/pools/host", "{\"minPort\": 10000, \"maxPort\": 10009, \"hostCheck\": true}").assertJson(201);

            JsonNode same = api.put("/v1/pools/host", "{\"minPort\": 10000, \"maxPort\": 10009, \"hostCheck\": true}")
                    .assertJson(200);
            JsonNode turnedOff = api.put("/v1/pools/host", "{\"minPort\": 10000, \"maxPort\": 10009}").assertJson(200);
            JsonNode turnedOn = api.put("/v1/pools/host", "{\"minPort\": 10000, \"maxPort\": 10009, \"hostCheck\": true}")
                    .assertJson(200);

            assertThat(same.get("hostCheck").asBoolean()).isTrue();
            assertThat(turnedOff.get("hostCheck").asBoolean()).isFalse();
            assertThat(turnedOn.get("hostCheck").asBoolean()).isTrue();
            // Only the two real changes are changes.
            assertThat(api.get("/v1/events").assertJson(200).get("events").findValuesAsText("type"))
                    .containsExactly("pool-created", "pool-changed", "pool-changed");
        }
    }

    @Test
    void aHostCheckedPoolOverlappingTheEphemeralRangeCarriesAWarning() {
        try (ApiServer api = ApiServer.withHostPorts(machine())) {
            JsonNode overlapping = api.put("/v1/pools/host", "{\"minPort\": 32000, \"maxPort\": 32999, \"hostCheck\": true}")
                    .assertJson(201);
            JsonNode unchecked = api.put("/v1/pools/plain", "{\"minPort\": 32000, \"maxPort\": 32999}").assertJson(201);
            JsonNode clear = api.put("/v1/pools/low", "{\"minPort\": 10000, \"maxPort\": 10009, \"hostCheck\": true}")
                    .assertJson(201);

            assertThat(overlapping.fieldNames()).toIterable().containsExactly("name", "minPort", "maxPort", "reserved",
                    "hostCheck", "capacity", "allocated", "available", "warnings");
            JsonNode warnings = overlapping.get("warnings");
            assertThat(warnings.isArray()).isTrue();
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0).isTextual()).isTrue();
            assertThat(warnings.get(0).asText()).contains("32000-32999", "32768-60999", "ephemeral");
            assertThat(unchecked.get("warnings").toString()).isEqualTo("[]");
            assertThat(clear.get("warnings").toString()).isEqualTo("[]");
            // Every view of the pool carries them.
            assertThat(api.get("/v1/pools/host").assertJson(200).get("warnings")).isEqualTo(warnings);
            assertThat(api.get("/v1/pools").assertJson(200).get("pools").get(0).get("warnings")).isEqualTo(warnings);
        }
    }

    @Test
    void aSpecificPortAnotherProcessListensOnIsPortUnavailableOnAHostCheckedPool() {
        try (ApiServer api = ApiServer.withHostPorts(machine(10003))) {
            api.put("/v1/pools/host", "{\"minPort\": 10000, \"maxPort\": 10009, \"hostCheck\": true}").assertJson(201);
            api.put("/v1/pools/plain", "{\"minPort\": 10000, \"maxPort\": 10009}").assertJson(201);

            JsonNode problem = api.post("/v1/pools/host/allocations",
                    "{\"deployment\": \"d\", \"service\": \"s\", \"ports\": [10004, 10003]}").assertProblem(409, "port-unavailable");

            assertThat(problem.get("ports").toString()).isEqualTo("[10003]");
            assertThat(problem.get("pool").asText()).isEqualTo("host");
            assertThat(api.get("/v1/pools/host").assertJson(200).get("allocated").asInt()).isZero();
            // Without the host check the pool alone decides.
            assertThat(api.allocate("plain", "{\"deployment\": \"d\", \"service\": \"s\", \"ports\": [10003]}")
                    .get("ports").toString()).isEqualTo("[10003]");
        }
    }

    @Test
    void dynamicAllocationPassesOverPortsInUseOnTheHost() {
        try (ApiServer api = ApiServer.withHostPorts(machine(10001, 10003))) {
            api.put("/v1/pools/host", "{\"minPort\": 10000, \"maxPort\": 10009, \"hostCheck\": true}").assertJson(201);

            JsonNode scattered = api.allocate("host", "{\"deployment\": \"d\", \"service\": \"a\", \"count\": 3}");
            JsonNode run = api.allocate("host", "{\"deployment\": \"d\", \"service\": \"b\", \"count\": 3, \"contiguous\": true}");

            assertThat(scattered.get("ports").toString()).isEqualTo("[10000,10002,10004]");
            assertThat(run.get("ports").toString()).isEqualTo("[10005,10006,10007]");
        }
    }

    @Test
    void tooFewPortsFreeOnTheHostIsPoolExhausted() {
        try (ApiServer api = ApiServer.withHostPorts(machine(10001, 10002))) {
            api.put("/v1/pools/host", "{\"minPort\": 10000, \"maxPort\": 10003, \"hostCheck\": true}").assertJson(201);

            JsonNode problem = api.post("/v1/pools/host/allocations", "{\"deployment\": \"d\", \"service\": \"s\", \"count\": 3}")
                    .assertProblem(409, "pool-exhausted");

            assertThat(problem.get("requested").asInt()).isEqualTo(3);
            assertThat(api.get("/v1/pools/host").assertJson(200).get("allocated").asInt()).isZero();
        }
    }
}
