package dev.portalloc.adapters.web;

/** The server already runs as many {@code /v1} requests as it may, and none finished in time to make room. */
final class OverloadedException extends RequestRejectedException {
    OverloadedException(String message) {
        super(message);
    }
}
