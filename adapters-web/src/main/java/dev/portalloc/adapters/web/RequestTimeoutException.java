package dev.portalloc.adapters.web;

/** A request body that did not arrive within the idle timeout, or whose sender went away while sending it. */
final class RequestTimeoutException extends RequestRejectedException {
    RequestTimeoutException(String message) {
        super(message);
    }
}
