package dev.portalloc.benchmarks.load;

import java.io.IOException;

/** An answer outside 2xx; the message carries the status and the start of the body, for the error log. */
final class HttpStatusException extends IOException {
    private static final long serialVersionUID = 1L;

    HttpStatusException(String request, HttpResponse response) {
        super(request + " -> " + response.status() + " " + abbreviate(response.bodyText()));
    }

    private static String abbreviate(String body) {
        String oneLine = body.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
    }
}
