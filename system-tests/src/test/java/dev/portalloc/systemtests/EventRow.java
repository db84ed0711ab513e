package dev.portalloc.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One event of {@code GET /v1/events}, as far as the checks need it. */
record EventRow(long seq, Instant at, String type, String pool, String deployment, String service,
                String allocationId, List<Integer> ports) {
    static final String ALLOCATED = "allocated";
    static final String RELEASED = "released";
    static final String EXPIRED = "expired";

    boolean closesAllocation() {
        return RELEASED.equals(type) || EXPIRED.equals(type);
    }

    static EventRow of(JsonNode node) {
        List<Integer> ports = new ArrayList<>();
        node.path("ports").forEach(port -> ports.add(port.asInt()));
        return new EventRow(node.path("seq").asLong(), Instant.parse(node.path("at").asText()),
                node.path("type").asText(), text(node, "pool"), text(node, "deployment"), text(node, "service"),
                text(node, "allocationId"), List.copyOf(ports));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /**
     * The whole log, paged from {@code after=0}; it ends at the first empty page, so the page without
     * {@code next} is always followed by one more read that confirms nothing was left behind.
     */
    static List<EventRow> readAll(HttpClient http, URI base, ObjectMapper json, int maxPages)
            throws IOException, InterruptedException {
        List<EventRow> events = new ArrayList<>();
        long after = 0;
        for (int page = 0; page < maxPages; page++) {
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/events?limit=1000&after=" + after))
                    .timeout(Duration.ofSeconds(30)).GET().build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET /v1/events?after=" + after + " answered " + response.statusCode()
                        + ": " + response.body());
            }
            JsonNode rows = json.readTree(response.body()).path("events");
            if (rows.isEmpty()) {
                return events;
            }
            for (JsonNode event : rows) {
                EventRow row = of(event);
                if (row.seq() <= after) {
                    throw new IllegalStateException("GET /v1/events?after=" + after + " returned seq " + row.seq());
                }
                after = row.seq();
                events.add(row);
            }
        }
        throw new IllegalStateException("the event log did not end within " + maxPages + " pages");
    }
}
