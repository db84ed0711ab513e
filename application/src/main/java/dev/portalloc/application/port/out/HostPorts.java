package dev.portalloc.application.port.out;

import dev.portalloc.domain.PortRange;

import java.util.Optional;
import java.util.function.IntPredicate;

/** What the machine the allocator runs on says about its ports, for pools with host check. */
public interface HostPorts {

    /** For a host that is not checked: no port is in use, no ephemeral range is known. */
    HostPorts NONE = new HostPorts() {
        @Override
        public IntPredicate listening() {
            return port -> false;
        }

        @Override
        public Optional<PortRange> ephemeralRange() {
            return Optional.empty();
        }
    };

    /**
     * The TCP ports another process listens on (any local address), as a recent snapshot: asking it about
     * a port must be cheap, since one allocation may ask about many ports.
     */
    IntPredicate listening();

    /** The range the operating system picks outgoing connections' local ports from, when known. */
    Optional<PortRange> ephemeralRange();
}
