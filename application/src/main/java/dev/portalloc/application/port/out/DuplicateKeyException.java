package dev.portalloc.application.port.out;

/**
 * The store refused a write that would break a uniqueness rule: a second pool of one name, a port held
 * twice, or a second allocation for one (pool, deployment, service). The transaction is rolled back.
 * Services that can lose a race to create something catch it and try once more.
 */
public final class DuplicateKeyException extends RuntimeException {
    public DuplicateKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
