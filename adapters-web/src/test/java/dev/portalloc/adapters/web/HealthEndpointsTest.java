package dev.portalloc.adapters.web;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class HealthEndpointsTest {

    @Test
    void liveIsUpWhileTheProcessServes() {
        try (ApiServer api = ApiServer.start(() -> false)) {
            assertThat(api.get("/health/live").assertJson(200).toString()).isEqualTo("{\"status\":\"UP\"}");
        }
    }

    @Test
    void readyFollowsTheReadinessCheckOnEveryCall() {
        AtomicBoolean ready = new AtomicBoolean(true);
        try (ApiServer api = ApiServer.start(ready::get)) {
            assertThat(api.get("/health/ready").assertJson(200).toString()).isEqualTo("{\"status\":\"UP\"}");

            ready.set(false);
            assertThat(api.get("/health/ready").assertJson(503).toString()).isEqualTo("{\"status\":\"DOWN\"}");

            ready.set(true);
            api.get("/health/ready").assertJson(200);
        }
    }

    @Test
    void aReadinessCheckThatFailsCountsAsDown() {
        try (ApiServer api = ApiServer.start(() -> {
            throw new IllegalStateException("connection refused");
        })) {
            Reply reply = api.get("/health/ready");

            assertThat(reply.assertJson(503).toString()).isEqualTo("{\"status\":\"DOWN\"}");
            reply.assertLeaksNothing();
        }
    }

    @Test
    void headAnswersLikeGetWithoutABody() {
        try (ApiServer api = ApiServer.start(() -> false)) {
            Reply live = api.send("HEAD", "/health/live", null);
            Reply ready = api.send("HEAD", "/health/ready", null);
            Reply missingPool = api.send("HEAD", "/v1/pools/nope", null);

            assertThat(live.status()).isEqualTo(200);
            assertThat(live.body()).isEmpty();
            assertThat(ready.status()).isEqualTo(503);
            assertThat(missingPool.status()).isEqualTo(404);
            assertThat(missingPool.body()).isEmpty();
        }
    }
}
