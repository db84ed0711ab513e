package dev.portalloc.adapters.web;

/**
 * A body, path segment or query parameter that is not what the API accepts: malformed JSON, a wrong
 * JSON type, an unknown or missing member, a value the server does not support.
 */
final class MalformedRequestException extends RequestRejectedException {
    private final String field;

    /** @param field the member or parameter at fault, or {@code null} when it is the request as a whole */
    MalformedRequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    String field() {
        return field;
    }
}
