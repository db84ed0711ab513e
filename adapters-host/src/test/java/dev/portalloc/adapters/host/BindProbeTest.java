package dev.portalloc.adapters.host;

import dev.portalloc.application.inmemory.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.IntPredicate;

import static org.assertj.core.api.Assertions.assertThat;

/** The portable fallback, on real sockets. */
final class BindProbeTest {
    private final BindProbe probe = new BindProbe();

    @Test
    void aPortListenedOnAtLoopbackIsInUseAndFreeOnceClosed() throws IOException {
        int port;
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            port = server.getLocalPort();
            assertThat(probe.inUse(port)).isTrue();
            assertThat(server.isBound()).isTrue();
        }
        assertThat(probe.inUse(port)).isFalse();
    }

    @Test
    void aPortListenedOnAtTheWildcardAddressIsInUse() throws IOException {
        try (ServerSocket server = new ServerSocket(0)) {
            assertThat(probe.inUse(server.getLocalPort())).isTrue();
        }
    }

    @Test
    void probingAFreePortLeavesItFree() throws IOException {
        int port = freePort();

        assertThat(probe.inUse(port)).isFalse();
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(false);
            server.bind(new InetSocketAddress(port));
            assertThat(server.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void withoutProcTheHostAdapterProbesRealSockets() throws IOException {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-27T08:00:00Z"));
        Path none = Path.of("/nonexistent/proc/net/tcp");
        LocalHostPorts host = new LocalHostPorts(Duration.ofSeconds(1), clock, none, none, none, new BindProbe());
        int port;
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            port = server.getLocalPort();
            IntPredicate listening = host.listening();
            assertThat(listening.test(port)).isTrue();
            assertThat(listening.test(port)).isTrue();
        }
        assertThat(host.listening().test(port)).as("answer kept for the window").isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(host.listening().test(port)).isFalse();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
