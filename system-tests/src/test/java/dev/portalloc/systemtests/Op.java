package dev.portalloc.systemtests;

import java.util.List;

/**
 * One request as a client saw it: what it meant, where it went, what came back, when (nanoTime at the
 * client, before sending and after the whole answer was read). {@code status} is the HTTP status or one
 * of the negative outcomes below; {@code instance} is the index of the instance that gave the answer
 * (the last one tried).
 */
record Op(int client, OpKind kind, Intent intent, int instance, int attempts, String method, String path,
          String requestBody, int status, boolean problemJson, String body, long startNanos, long endNanos,
          String error) {
    /** The connection failed or broke after the request may have been sent: outcome unknown. */
    static final int IO_ERROR = -1;
    /** No complete answer within the client's request timeout. */
    static final int TIMEOUT = -2;

    long latencyNanos() {
        return endNanos - startNanos;
    }

    String statusLabel() {
        return switch (status) {
            case IO_ERROR -> "io-error";
            case TIMEOUT -> "timeout";
            default -> Integer.toString(status);
        };
    }

    /**
     * The meaning of the request, for the checks: an allocation's pool, key and shape, the allocation
     * a release or read names, or the deployment a reset or renewal names. Unused members are null.
     */
    record Intent(String pool, String deployment, String service, int count, boolean contiguous,
                  List<Integer> ports, Integer ttlSeconds, String allocationId) {
        static Intent allocation(String pool, String deployment, String service, int count, boolean contiguous,
                                 List<Integer> ports, Integer ttlSeconds) {
            return new Intent(pool, deployment, service, count, contiguous, ports, ttlSeconds, null);
        }

        static Intent deployment(String deployment) {
            return new Intent(null, deployment, null, 0, false, null, null, null);
        }

        static Intent allocationId(String id) {
            return new Intent(null, null, null, 0, false, null, null, id);
        }

        static Intent pool(String pool) {
            return new Intent(pool, null, null, 0, false, null, null, null);
        }
    }
}
