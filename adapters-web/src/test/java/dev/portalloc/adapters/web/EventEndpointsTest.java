package dev.portalloc.adapters.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /v1/events}: the audit history, its filters and its paging. Time stands still unless moved. */
class EventEndpointsTest {
    private ApiServer api;

    @BeforeEach
    void start() {
        api = ApiServer.withClockStandingStill();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void everyChangeIsRecordedInOrderAndNothingElseIs() {
        api.pool("edge", 10000, 10009);
        api.clock.advance(Duration.ofSeconds(1));
        String web = api.allocate("edge", "{\"deployment\": \"d1\", \"service\": \"web\", \"count\": 2, \"ttlSeconds\": 60}")
                .get("id").asText();
        // A repeated request changes nothing, so it records nothing.
        api.post("/v1/pools/edge/allocations", "{\"deployment\": \"d1\", \"service\": \"web\", \"count\": 2}").assertJson(200);
        api.clock.advance(Duration.ofSeconds(1));
        String db = api.allocate("edge", "{\"deployment\": \"d2\", \"service\": \"db\", \"ports\": [10005]}").get("id").asText();
        api.clock.advance(Duration.ofSeconds(1));
        api.put("/v1/pools/edge", "{\"minPort\": 10000, \"maxPort\": 10009}").assertJson(200);
        api.put("/v1/pools/edge", "{\"minPort\": 10000, \"maxPort\": 10009, \"reserved\": [10009]}").assertJson(200);
        api.clock.advance(Duration.ofSeconds(1));
        assertThat(api.delete("/v1/allocations/" + db).status()).isEqualTo(204);
        // Refusals change nothing either.
        api.post("/v1/pools/edge/allocations", "{\"deployment\": \"d3\", \"service\": \"s\", \"ports\": [10000]}")
                .assertProblem(409, "port-unavailable");
        api.clock.advance(Duration.ofSeconds(60));
        // Deleting the pool releases the expired lease first.
        assertThat(api.delete("/v1/pools/edge").status()).isEqualTo(204);

        Reply reply = api.get("/v1/events");

        assertThat(reply.assertJson(200).toString()).isEqualTo(compact("""
                {"events":[
                {"seq":1,"at":"2026-11-27T08:00:00Z","type":"pool-created","pool":"edge","deployment":null,
                 "service":null,"allocationId":null,"ports":[],"actor":null},
                {"seq":2,"at":"2026-11-27T08:00:01Z","type":"allocated","pool":"edge","deployment":"d1",
                 "service":"web","allocationId":"%1$s","ports":[10000,10001],"actor":null},
                {"seq":3,"at":"2026-11-27T08:00:02Z","type":"allocated","pool":"edge","deployment":"d2",
                 "service":"db","allocationId":"%2$s","ports":[10005],"actor":null},
                {"seq":4,"at":"2026-11-27T08:00:03Z","type":"pool-changed","pool":"edge","deployment":null,
                 "service":null,"allocationId":null,"ports":[],"actor":null},
                {"seq":5,"at":"2026-11-27T08:00:04Z","type":"released","pool":"edge","deployment":"d2",
                 "service":"db","allocationId":"%2$s","ports":[10005],"actor":null},
                {"seq":6,"at":"2026-11-27T08:01:04Z","type":"expired","pool":"edge","deployment":"d1",
                 "service":"web","allocationId":"%1$s","ports":[10000,10001],"actor":null},
                {"seq":7,"at":"2026-11-27T08:01:04Z","type":"pool-deleted","pool":"edge","deployment":null,
                 "service":null,"allocationId":null,"ports":[],"actor":null}
                ],"next":null}
                """.formatted(web, db)));
    }

    @Test
    void aResetRecordsOneReleasedEventPerAllocation() {
        api.pool("edge", 10000, 10009);
        api.pool("core", 20000, 20009);
        api.allocate("edge", "{\"deployment\": \"d\", \"service\": \"web\"}");
        api.allocate("core", "{\"deployment\": \"d\", \"service\": \"db\", \"count\": 2}");

        api.delete("/v1/deployments/d").assertJson(200);

        JsonNode events = api.get("/v1/events?after=4").assertJson(200).get("events");
        assertThat(events.findValuesAsText("type")).containsExactly("released", "released");
        assertThat(events.findValuesAsText("pool")).containsExactlyInAnyOrder("edge", "core");
    }

    @Test
    void theReaperRecordsAnExpiredEvent() {
        api.pool("edge", 10000, 10009);
        String id = api.allocate("edge", "{\"deployment\": \"d\", \"service\": \"s\", \"ttlSeconds\": 10}").get("id").asText();
        api.clock.advance(Duration.ofSeconds(15));

        api.useCases.reapExpiredAllocations().reapExpiredAllocations(100);

        assertThat(api.get("/v1/events?after=2").assertJson(200).toString()).isEqualTo(compact("""
                {"events":[{"seq":3,"at":"2026-11-27T08:00:15Z","type":"expired","pool":"edge","deployment":"d",
                 "service":"s","allocationId":"%s","ports":[10000],"actor":null}],"next":null}
                """.formatted(id)));
    }

    @Test
    void renewalsAreNotEvents() {
        api.pool("edge", 10000, 10009);
        api.allocate("edge", "{\"deployment\": \"d\", \"service\": \"s\", \"ttlSeconds\": 10}");

        api.post("/v1/deployments/d/renew", "{\"ttlSeconds\": 60}").assertJson(200);

        assertThat(api.get("/v1/events").assertJson(200).get("events").findValuesAsText("type"))
                .containsExactly("pool-created", "allocated");
    }

    @Test
    void filtersNarrowToOnePoolOneDeploymentOrBoth() {
        api.pool("edge", 10000, 10009);                                        // 1
        api.pool("core", 20000, 20009);                                        // 2
        api.allocate("edge", "{\"deployment\": \"d1\", \"service\": \"web\"}"); // 3
        api.allocate("edge", "{\"deployment\": \"d2\", \"service\": \"web\"}"); // 4
        api.allocate("core", "{\"deployment\": \"d1\", \"service\": \"db\"}");  // 5

        assertThat(seqs("/v1/events?pool=edge")).containsExactly(1L, 3L, 4L);
        assertThat(seqs("/v1/events?deployment=d1")).containsExactly(3L, 5L);
        assertThat(seqs("/v1/events?pool=core&deployment=d1")).containsExactly(5L);
        assertThat(seqs("/v1/events?pool=core&deployment=d2")).isEmpty();
        // The history outlives pools: a pool that does not exist (any more) is not an error.
        assertThat(seqs("/v1/events?pool=nope")).isEmpty();
        assertThat(seqs("/v1/events?deployment=nobody")).isEmpty();
        assertThat(seqs("/v1/events?pool=edge&after=3")).containsExactly(4L);
    }

    @Test
    void pagesFollowNextWhichIsTheLastSeqOfAFullPageAsAString() {
        api.pool("edge", 10000, 10009);
        for (int i = 0; i < 6; i++) {
            api.allocate("edge", "{\"deployment\": \"d\", \"service\": \"s" + i + "\"}");
        }

        JsonNode first = api.get("/v1/events?limit=3").assertJson(200);
        JsonNode second = api.get("/v1/events?limit=3&after=" + first.get("next").asText()).assertJson(200);
        JsonNode third = api.get("/v1/events?limit=3&after=" + second.get("next").asText()).assertJson(200);

        assertThat(first.fieldNames()).toIterable().containsExactly("events", "next");
        assertThat(first.get("next").isTextual()).isTrue();
        assertThat(first.get("next").asText()).isEqualTo("3");
        assertThat(second.get("next").asText()).isEqualTo("6");
        assertThat(third.get("next").isNull()).isTrue();
        List<Long> seen = new ArrayList<>();
        for (JsonNode page : List.of(first, second, third)) {
            page.get("events").forEach(event -> seen.add(event.get("seq").asLong()));
        }
        assertThat(seen).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    }

    @Test
    void aFullPageAtTheEndStillHasANextAndThePageAfterItIsEmpty() {
        api.pool("edge", 10000, 10009);
        api.allocate("edge", "{\"deployment\": \"d\", \"service\": \"s\"}");

        JsonNode full = api.get("/v1/events?limit=2").assertJson(200);
        JsonNode after = api.get("/v1/events?limit=2&after=" + full.get("next").asText()).assertJson(200);

        assertThat(full.get("next").asText()).isEqualTo("2");
        assertThat(after.toString()).isEqualTo("{\"events\":[],\"next\":null}");
    }

    @Test
    void aPollerWithTheLastSeqItSawSeesEachNewEventOnce() {
        api.pool("edge", 10000, 10009);
        long last = lastSeq(api.get("/v1/events").assertJson(200));

        api.allocate("edge", "{\"deployment\": \"d\", \"service\": \"a\"}");
        JsonNode poll = api.get("/v1/events?after=" + last).assertJson(200);
        assertThat(poll.get("events").findValuesAsText("type")).containsExactly("allocated");
        last = lastSeq(poll);

        assertThat(api.get("/v1/events?after=" + last).assertJson(200).get("events")).isEmpty();
        api.delete("/v1/deployments/d").assertJson(200);
        assertThat(api.get("/v1/events?after=" + last).assertJson(200).get("events").findValuesAsText("type"))
                .containsExactly("released");
    }

    @Test
    void theDefaultsAreTheWholeHistoryFromTheStartAHundredAtATime() {
        api.pool("edge", 10000, 10999);
        for (int i = 0; i < 100; i++) {
            api.allocate("edge", "{\"deployment\": \"d\", \"service\": \"s" + i + "\"}");
        }

        JsonNode page = api.get("/v1/events").assertJson(200);

        assertThat(page.get("events")).hasSize(100);
        assertThat(page.get("events").get(0).get("seq").asLong()).isEqualTo(1);
        assertThat(page.get("next").asText()).isEqualTo("100");
        assertThat(api.get("/v1/events?after=&limit=&pool=&deployment=").assertJson(200)).isEqualTo(page);
        assertThat(api.get("/v1/events?after=0&limit=1000").assertJson(200).get("events")).hasSize(101);
    }

    @Test
    void anEmptyHistoryIsAnEmptyList() {
        assertThat(api.get("/v1/events").assertJson(200).toString()).isEqualTo("{\"events\":[],\"next\":null}");
        assertThat(api.get("/v1/events?after=9223372036854775807").assertJson(200).toString())
                .isEqualTo("{\"events\":[],\"next\":null}");
    }

    @Test
    void afterMustBeANonNegativeDecimalSeq() {
        for (String after : new String[]{"-1", "abc", "1.5", "%2B1", "1e2", "%201", "0x10", "99999999999999999999",
                "9223372036854775808"}) {
            JsonNode problem = api.get("/v1/events?after=" + after).assertProblem(400, "invalid-request");
            assertThat(problem.get("field").asText()).as(after).isEqualTo("after");
        }
    }

    @Test
    void limitMustBeAnIntegerFromOneToAThousand() {
        api.get("/v1/events?limit=1").assertJson(200);
        api.get("/v1/events?limit=1000").assertJson(200);
        for (String limit : new String[]{"0", "1001", "-1", "abc", "1.5", "99999999999"}) {
            JsonNode problem = api.get("/v1/events?limit=" + limit).assertProblem(400, "invalid-request");
            assertThat(problem.get("field").asText()).as(limit).isEqualTo("limit");
        }
    }

    @Test
    void filtersMustBeValidNames() {
        assertThat(api.get("/v1/events?pool=Upper").assertProblem(400, "invalid-request").get("field").asText())
                .isEqualTo("pool");
        assertThat(api.get("/v1/events?deployment=-bad").assertProblem(400, "invalid-request").get("field").asText())
                .isEqualTo("deployment");
    }

    @Test
    void unknownOrRepeatedQueryParametersAreInvalid() {
        JsonNode unknown = api.get("/v1/events?type=allocated").assertProblem(400, "invalid-request");
        assertThat(unknown.get("detail").asText())
                .isEqualTo("unknown query parameter 'type' (known: after, deployment, limit, pool)");
        api.get("/v1/events?after=1&after=2").assertProblem(400, "invalid-request");
    }

    @Test
    void headAnswersLikeGetWithoutABody() {
        Reply head = api.send("HEAD", "/v1/events", null);

        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(api.send("HEAD", "/v1/events?limit=0", null).status()).isEqualTo(400);
    }

    private List<Long> seqs(String path) {
        List<Long> seqs = new ArrayList<>();
        api.get(path).assertJson(200).get("events").forEach(event -> seqs.add(event.get("seq").asLong()));
        return seqs;
    }

    private static long lastSeq(JsonNode page) {
        JsonNode events = page.get("events");
        return events.get(events.size() - 1).get("seq").asLong();
    }

    /** The expected JSON without the line breaks and indentation that keep it readable here. */
    private static String compact(String json) {
        return json.replaceAll("\\s+", "");
    }
}
