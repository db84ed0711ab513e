package dev.portalloc.adapters.host;

/** Asks the operating system about one port. */
@FunctionalInterface
interface PortProbe {
    /** Whether the port is in use; never throws. */
    boolean inUse(int port);
}
