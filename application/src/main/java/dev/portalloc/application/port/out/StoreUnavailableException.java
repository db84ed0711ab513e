package dev.portalloc.application.port.out;

/** The store could not be reached or kept failing transiently; nothing was changed, retrying is safe. */
public final class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
