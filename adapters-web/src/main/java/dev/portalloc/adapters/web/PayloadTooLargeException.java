package dev.portalloc.adapters.web;

/** A request body whose declared length is over the limit; refused before any of it is read. */
final class PayloadTooLargeException extends RequestRejectedException {
    PayloadTooLargeException(String message) {
        super(message);
    }
}
