package dev.portalloc.systemtests;

import java.util.List;
import java.util.stream.Collectors;

/** A pool the soak defines, and how often clients pick it ({@code weight} out of the pools' sum). */
record PoolSpec(String name, int minPort, int maxPort, List<Integer> reserved, int weight) {
    PoolSpec {
        reserved = List.copyOf(reserved);
    }

    int size() {
        return maxPort - minPort + 1;
    }

    int capacity() {
        return size() - (int) reserved.stream().filter(this::contains).count();
    }

    boolean contains(int port) {
        return port >= minPort && port <= maxPort;
    }

    String definitionJson() {
        return "{\"minPort\":" + minPort + ",\"maxPort\":" + maxPort + ",\"reserved\":["
                + reserved.stream().map(String::valueOf).collect(Collectors.joining(",")) + "]}";
    }

    /**
     * A large pool, two middling ones (one the usual home of contiguous runs) and one so small that
     * clients exhaust it all the time.
     */
    static List<PoolSpec> soakPools() {
        return List.of(
                new PoolSpec("soak-a", 20000, 21999, List.of(20100, 20500, 21000), 35),
                new PoolSpec("soak-b", 22000, 22299, List.of(22150), 25),
                new PoolSpec("soak-c", 23000, 23799, List.of(), 25),
                new PoolSpec("soak-tiny", 24000, 24011, List.of(24005), 15));
    }
}
