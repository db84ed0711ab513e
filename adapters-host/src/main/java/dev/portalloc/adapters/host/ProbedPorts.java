package dev.portalloc.adapters.host;

import dev.portalloc.domain.PortRange;

import java.util.BitSet;
import java.util.Objects;
import java.util.function.IntPredicate;

/**
 * Listening ports learnt lazily, one probe per port the allocator asks about, each answer kept for the
 * life of this object (one freshness window). Thread-safe.
 */
final class ProbedPorts implements IntPredicate {
    private final PortProbe probe;
    private final BitSet probed = new BitSet(ProcNet.PORT_SPACE);
    private final BitSet inUse = new BitSet(ProcNet.PORT_SPACE);

    ProbedPorts(PortProbe probe) {
        this.probe = Objects.requireNonNull(probe, "probe");
    }

    @Override
    public synchronized boolean test(int port) {
        if (port < PortRange.LOWEST_PORT || port > PortRange.HIGHEST_PORT) {
            return false;
        }
        if (!probed.get(port)) {
            probed.set(port);
            inUse.set(port, probe.inUse(port));
        }
        return inUse.get(port);
    }
}
