package dev.portalloc.adapters.web;

/**
 * A request refused by the adapter itself, before any use case runs: it cannot be read as the API
 * describes, it lacks the right to run, or the server has no room for it now. The permitted subclasses
 * are the complete list; {@link ProblemMapper} turns each into a problem.
 */
abstract sealed class RequestRejectedException extends RuntimeException
        permits MalformedRequestException, UnsupportedMediaTypeException, PayloadTooLargeException,
                RequestTimeoutException, UnauthorizedException, ForbiddenException, OverloadedException {

    RequestRejectedException(String message) {
        // Refusals are expected and explained by their message: no stack trace to fill or log.
        super(message, null, false, false);
    }
}
