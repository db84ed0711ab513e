package dev.portalloc.adapters.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One RFC 9457 problem: its type, a human {@code detail}, extension members (the pool, ports and counts
 * involved) and any response headers it calls for ({@code Allow}, {@code Retry-After}).
 */
record Problem(ProblemType type, int status, String detail, Map<String, Object> extensions,
               Map<String, String> headers) {

    Problem {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(detail, "detail");
        // Insertion order is the order members appear in the body.
        extensions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
        headers = Map.copyOf(headers);
    }

    static Problem of(ProblemType type, String detail) {
        return new Problem(type, type.status(), detail, Map.of(), Map.of());
    }

    static Problem of(ProblemType type, String detail, Map<String, Object> extensions) {
        return new Problem(type, type.status(), detail, extensions, Map.of());
    }

    Problem withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Problem(type, status, detail, extensions, more);
    }

    /** The JSON body: the standard members first, then the extensions. */
    Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type.typeUri());
        body.put("title", type.title());
        body.put("status", status);
        body.put("detail", detail);
        body.put("code", type.code());
        extensions.forEach(body::putIfAbsent);
        return body;
    }
}
