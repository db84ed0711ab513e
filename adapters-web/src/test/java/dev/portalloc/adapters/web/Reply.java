package dev.portalloc.adapters.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpHeaders;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** One HTTP response, with the assertions every test makes about JSON and problem bodies. */
record Reply(int status, HttpHeaders headers, String body) {
    private static final ObjectMapper JSON = new ObjectMapper();

    JsonNode json() {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + body, e);
        }
    }

    String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    /**
     * The Content-Type without optional whitespace: Jetty writes {@code application/json;charset=utf-8}
     * for the {@code application/json; charset=utf-8} the adapter sets, which is the same media type.
     */
    String contentType() {
        String contentType = header("Content-Type");
        return contentType == null ? null : contentType.replace(" ", "").toLowerCase(Locale.ROOT);
    }

    /** A JSON success response with this status. */
    JsonNode assertJson(int expectedStatus) {
        assertThat(status).as("status of %s", body).isEqualTo(expectedStatus);
        assertThat(contentType()).isEqualTo("application/json;charset=utf-8");
        return json();
    }

    /** An RFC 9457 problem with this status and code, that leaks nothing about the implementation. */
    JsonNode assertProblem(int expectedStatus, String code) {
        assertThat(status).as("status of %s", body).isEqualTo(expectedStatus);
        assertThat(contentType()).startsWith("application/problem+json");
        JsonNode problem = json();
        assertThat(problem.path("type").asText()).isEqualTo("/problems/" + code);
        assertThat(problem.path("code").asText()).isEqualTo(code);
        assertThat(problem.path("status").asInt()).isEqualTo(expectedStatus);
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("detail").asText()).isNotBlank();
        assertLeaksNothing();
        return problem;
    }

    void assertLeaksNothing() {
        assertThat(body).doesNotContain("java.", "javax.", "jakarta.", "dev.portalloc", "io.javalin", "jackson",
                "Jackson", "Exception", "\tat ", "`", "SELECT", "jdbc", "Caused by");
    }
}
