package dev.portalloc.adapters.web;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

class WireRecorderTest {
    @Test
    void passesAnExchangeThroughUnchangedAndKeepsBothDirectionsInOrder() throws Exception {
        try (ApiServer api = ApiServer.start(); WireRecorder wire = new WireRecorder(api.port())) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            long mark = wire.mark();

            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + wire.port()
                    + "/health/live")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("{\"status\":\"UP\"}");
            String crossed = wire.since(mark);
            assertThat(crossed).contains("#1 > GET /health/live HTTP/1.1", "#1 < HTTP/1.1 200 OK");
            assertThat(crossed.indexOf(" > GET")).isLessThan(crossed.indexOf(" < HTTP/1.1 200"));
        }
    }

    @Test
    void keepsNothingFromBeforeTheMark() throws Exception {
        try (ApiServer api = ApiServer.start(); WireRecorder wire = new WireRecorder(api.port())) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI live = URI.create("http://127.0.0.1:" + wire.port() + "/health/live");
            URI ready = URI.create("http://127.0.0.1:" + wire.port() + "/health/ready");
            client.send(HttpRequest.newBuilder(live).build(), HttpResponse.BodyHandlers.discarding());
            long mark = wire.mark();

            client.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding());

            assertThat(wire.since(mark)).contains("GET /health/ready").doesNotContain("GET /health/live");
        }
    }
}
