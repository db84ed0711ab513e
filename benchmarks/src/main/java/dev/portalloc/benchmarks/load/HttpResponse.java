package dev.portalloc.benchmarks.load;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP/1.1 response as read off the wire.
 *
 * @param headers   by lower-case name, values in arrival order
 * @param keepAlive whether the connection may carry another request
 */
record HttpResponse(int status, Map<String, List<String>> headers, byte[] body, boolean keepAlive) {
    boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(values.size() - 1));
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
