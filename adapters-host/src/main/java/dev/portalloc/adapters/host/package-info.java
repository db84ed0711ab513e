/**
 * The {@code HostPorts} outbound port on the machine the allocator runs on: which TCP ports are being
 * listened on, and the operating system's ephemeral port range, for pools with host check.
 * {@link dev.portalloc.adapters.host.LocalHostPorts} is the only entry point; everything else is
 * package-private. On Linux it reads {@code /proc}; elsewhere it probes ports by binding them. May use
 * the domain, the application's {@code port.out}, the JDK and SLF4J; never another adapter.
 */
package dev.portalloc.adapters.host;
