package dev.portalloc.adapters.web;

/** A valid token that may not do what the request asks (a read-only token on a write). */
final class ForbiddenException extends RequestRejectedException {
    ForbiddenException(String message) {
        super(message);
    }
}
