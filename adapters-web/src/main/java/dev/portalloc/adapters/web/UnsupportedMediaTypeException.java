package dev.portalloc.adapters.web;

/** A request body declared as something other than JSON. */
final class UnsupportedMediaTypeException extends RequestRejectedException {
    UnsupportedMediaTypeException(String message) {
        super(message);
    }
}
