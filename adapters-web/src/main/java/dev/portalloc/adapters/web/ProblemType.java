package dev.portalloc.adapters.web;

/** Every problem this adapter can answer with: its {@code code}, HTTP status and title. */
enum ProblemType {
    INVALID_REQUEST("invalid-request", 400, "Invalid request"),
    UNAUTHORIZED("unauthorized", 401, "Unauthorized"),
    FORBIDDEN("forbidden", 403, "Forbidden"),
    NOT_FOUND("not-found", 404, "Not found"),
    POOL_NOT_FOUND("pool-not-found", 404, "Pool not found"),
    ALLOCATION_NOT_FOUND("allocation-not-found", 404, "Allocation not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed"),
    REQUEST_TIMEOUT("request-timeout", 408, "Request timeout"),
    POOL_EXHAUSTED("pool-exhausted", 409, "Pool exhausted"),
    PORT_UNAVAILABLE("port-unavailable", 409, "Port unavailable"),
    ALLOCATION_CONFLICT("allocation-conflict", 409, "Allocation conflict"),
    POOL_CONFLICT("pool-conflict", 409, "Pool conflict"),
    PAYLOAD_TOO_LARGE("payload-too-large", 413, "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Unsupported media type"),
    INTERNAL_ERROR("internal-error", 500, "Internal error"),
    UNAVAILABLE("unavailable", 503, "Service unavailable");

    private final String code;
    private final int status;
    private final String title;

    ProblemType(String code, int status, String title) {
        this.code = code;
        this.status = status;
        this.title = title;
    }

    String code() {
        return code;
    }

    int status() {
        return status;
    }

    String title() {
        return title;
    }

    /** The RFC 9457 {@code type} member: a relative URI per code. */
    String typeUri() {
        return "/problems/" + code;
    }
}
