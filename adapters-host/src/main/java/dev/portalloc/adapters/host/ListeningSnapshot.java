package dev.portalloc.adapters.host;

import java.util.BitSet;
import java.util.function.IntPredicate;

/** The listening ports read at one moment: one bit per port, never changed once built. */
final class ListeningSnapshot implements IntPredicate {
    private final BitSet ports;

    ListeningSnapshot(BitSet ports) {
        this.ports = (BitSet) ports.clone();
    }

    @Override
    public boolean test(int port) {
        return port >= 0 && port < ProcNet.PORT_SPACE && ports.get(port);
    }
}
