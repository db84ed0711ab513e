package dev.portalloc.adapters.web;

/** A {@code /v1} request without a token the server accepts: missing, malformed or unknown. */
final class UnauthorizedException extends RequestRejectedException {
    /** Why, in the words of RFC 6750: a missing token gets no error code, a bad one {@code invalid_token}. */
    enum Reason {
        MISSING, MALFORMED, UNKNOWN
    }

    private final Reason reason;

    UnauthorizedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    Reason reason() {
        return reason;
    }
}
