package dev.portalloc.benchmarks.load;

/**
 * One client's way of running the two halves of a cycle. Each load thread owns one (an HTTP
 * connection, or a handle on the in-process use cases), so implementations need not be thread-safe.
 */
interface CycleClient extends AutoCloseable {
    /** Allocates one dynamic port for (pool, deployment, service "web"); returns the allocation id. */
    String allocate(String pool, String deployment) throws Exception;

    /** Releases the allocation by id. */
    void release(String allocationId) throws Exception;

    /** Lets go of what the client holds (a socket); never throws. */
    @Override
    default void close() {
    }
}
