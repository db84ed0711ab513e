package dev.portalloc.adapters.host;

import dev.portalloc.application.inmemory.ManualClock;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.portalloc.domain.PortRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

final class LocalHostPortsTest {
    private static final Duration WINDOW = Duration.ofSeconds(1);
    private static final Path PROC_NET_TCP = Path.of("/proc/net/tcp");
    private static final Path PORT_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-27T08:00:00Z"));
    private final List<Integer> probed = new ArrayList<>();
    private final PortProbe countingProbe = port -> {
        synchronized (probed) {
            probed.add(port);
        }
        return port == 4242;
    };
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(LocalHostPorts.class);

    @BeforeEach
    void captureLogs() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        logger.detachAppender(logs);
    }

    /** Both families: Java's default sockets are IPv6 ones, so IPv4 needs asking for explicitly. */
    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void seesARealListenerAfterTheWindowAndItsPortFreeAfterClosing(String address) throws IOException {
        assumeTrue(Files.isReadable(PROC_NET_TCP), "Linux /proc/net/tcp");
        InetAddress local = InetAddress.getByName(address);
        StandardProtocolFamily family = local instanceof java.net.Inet4Address
                ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
        LocalHostPorts host = new LocalHostPorts(WINDOW, clock);
        IntPredicate before = host.listening();
        int port;
        try (ServerSocketChannel server = open(family, local)) {
            port = ((InetSocketAddress) server.getLocalAddress()).getPort();

            assertThat(before.test(port)).isFalse();
            assertThat(host.listening().test(port)).as("snapshot still fresh").isFalse();
            clock.advance(WINDOW);
            assertThat(host.listening().test(port)).as("new snapshot").isTrue();
        }
        assertThat(host.listening().test(port)).as("closed, but the snapshot is still fresh").isTrue();
        clock.advance(WINDOW);
        assertThat(host.listening().test(port)).as("closed, new snapshot").isFalse();
        assertThat(logs.list).isEmpty();
    }

    @Test
    void readsThisMachinesEphemeralRange() throws IOException {
        assumeTrue(Files.isReadable(PORT_RANGE), "Linux ip_local_port_range");
        Optional<PortRange> expected = ProcNet.parsePortRange(String.join("\n", Files.readAllLines(PORT_RANGE)));

        assertThat(expected).isPresent();
        assertThat(new LocalHostPorts().ephemeralRange()).isEqualTo(expected);
    }

    @Test
    void oneReadAnswersForEveryPortUntilTheWindowEnds() {
        Path tcp = ProcFiles.tcpListening(dir.resolve("tcp"), IntStream.of(8080, 20000, 20002));
        Path tcp6 = ProcFiles.write(dir.resolve("tcp6"), ProcFiles.TCP_HEADER + "\n"
                + "   0: 00000000000000000000000000000000:1F91 00000000000000000000000000000000:0000 0A 00000000:00000000"
                + " 00:00000000 00000000     0        0 1 1 0000000000000000 100 0 0 10 0\n");
        LocalHostPorts host = hostOver(tcp, tcp6, dir.resolve("none"));

        IntPredicate listening = host.listening();
        assertThat(IntStream.rangeClosed(1, 65535).filter(listening).toArray()).containsExactly(8080, 8081, 20000, 20002);
        ProcFiles.tcpListening(tcp, IntStream.of(30000));
        assertThat(host.listening().test(30000)).as("same window").isFalse();
        clock.advance(WINDOW);
        assertThat(host.listening().test(30000)).isTrue();
        assertThat(host.listening().test(8080)).isFalse();
        assertThat(probed).isEmpty();
    }

    @Test
    void withoutIpv6TheIpv4ListenersAreTheAnswer() {
        Path tcp = ProcFiles.tcpListening(dir.resolve("tcp"), IntStream.of(8080));
        LocalHostPorts host = hostOver(tcp, dir.resolve("no-tcp6"), dir.resolve("none"));

        assertThat(host.listening().test(8080)).isTrue();
        assertThat(host.listening().test(8081)).isFalse();
        assertThat(probed).isEmpty();
        assertThat(logs.list).isEmpty();
    }

    @Test
    void portsOutsideThePortSpaceAreNotListenedOn() {
        Path tcp = ProcFiles.tcpListening(dir.resolve("tcp"), IntStream.of(1, 65535));
        IntPredicate listening = hostOver(tcp, dir.resolve("no-tcp6"), dir.resolve("none")).listening();

        assertThat(IntStream.of(-1, 0, 65536, Integer.MAX_VALUE, Integer.MIN_VALUE).filter(listening)).isEmpty();
        assertThat(listening.test(1)).isTrue();
        assertThat(listening.test(65535)).isTrue();
    }

    @Test
    void withoutProcItProbesEachPortOncePerWindow() {
        LocalHostPorts host = hostOver(dir.resolve("no-tcp"), dir.resolve("no-tcp6"), dir.resolve("none"));

        IntPredicate listening = host.listening();
        assertThat(listening.test(4242)).isTrue();
        assertThat(listening.test(4243)).isFalse();
        assertThat(host.listening().test(4242)).isTrue();
        assertThat(listening.test(0)).isFalse();
        assertThat(listening.test(65536)).isFalse();
        assertThat(probed).containsExactly(4242, 4243);

        clock.advance(WINDOW);
        assertThat(host.listening().test(4242)).isTrue();
        assertThat(probed).containsExactly(4242, 4243, 4242);
        assertThat(logs.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.INFO);
    }

    @Test
    void anUnreadableFileIsWarnedAboutOnceAndPortsAreProbedInstead() throws IOException {
        Path tcp = Files.createDirectory(dir.resolve("tcp"));
        LocalHostPorts host = hostOver(tcp, dir.resolve("no-tcp6"), dir.resolve("none"));

        for (int window = 0; window < 3; window++) {
            assertThat(host.listening().test(4242)).isTrue();
            assertThat(host.listening().test(80)).isFalse();
            clock.advance(WINDOW);
        }

        assertThat(probed).containsExactly(4242, 80, 4242, 80, 4242, 80);
        assertThat(logs.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).contains(tcp.toString()).contains("probing");
        });
    }

    @Test
    void anUnreadableIpv6FileMakesTheSnapshotUntrustedToo() throws IOException {
        Path tcp = ProcFiles.tcpListening(dir.resolve("tcp"), IntStream.of(8080));
        Path tcp6 = Files.createDirectory(dir.resolve("tcp6"));

        IntPredicate listening = hostOver(tcp, tcp6, dir.resolve("none")).listening();

        assertThat(listening.test(4242)).isTrue();
        assertThat(probed).containsExactly(4242);
        assertThat(logs.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN);
    }

    @Test
    void aFileInAnUnknownFormatIsNotTrustedForAPartialAnswer() {
        Path tcp = ProcFiles.write(dir.resolve("tcp"), ProcFiles.TCP_HEADER + "\n"
                + "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  0  0 1 1\n"
                + "   1: some other layout\n");

        IntPredicate listening = hostOver(tcp, dir.resolve("no-tcp6"), dir.resolve("none")).listening();

        assertThat(listening.test(4242)).isTrue();
        assertThat(listening.test(8080)).as("asked the probe, not the half-read file").isFalse();
        assertThat(probed).containsExactly(4242, 8080);
        assertThat(logs.list).singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
                .contains("not in the expected format");
    }

    @Test
    void ephemeralRangeFromTheFileCachedForTheWindow() {
        Path range = ProcFiles.write(dir.resolve("range"), "32768\t60999\n");
        LocalHostPorts host = hostOver(dir.resolve("no-tcp"), dir.resolve("no-tcp6"), range);

        assertThat(host.ephemeralRange()).contains(PortRange.of(32768, 60999));
        ProcFiles.write(range, "49152\t65535\n");
        assertThat(host.ephemeralRange()).contains(PortRange.of(32768, 60999));
        clock.advance(WINDOW);
        assertThat(host.ephemeralRange()).contains(PortRange.of(49152, 65535));
    }

    @Test
    void ephemeralRangeIsUnknownWhenMissingUnreadableOrMalformed() throws IOException {
        assertThat(hostOver(dir, dir, dir.resolve("missing")).ephemeralRange()).isEmpty();
        assertThat(logs.list).isEmpty();

        assertThat(hostOver(dir, dir, Files.createDirectory(dir.resolve("directory"))).ephemeralRange()).isEmpty();
        assertThat(hostOver(dir, dir, ProcFiles.write(dir.resolve("bad"), "60999 32768\n")).ephemeralRange()).isEmpty();
        assertThat(logs.list).extracting(ILoggingEvent::getLevel).containsOnly(Level.WARN).hasSize(2);
    }

    @Test
    void refusesAMissingOrNegativeWindow() {
        assertThatThrownBy(() -> new LocalHostPorts(Duration.ofMillis(-1), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LocalHostPorts(null, Clock.systemUTC())).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new LocalHostPorts(WINDOW, null)).isInstanceOf(NullPointerException.class);
    }

    private LocalHostPorts hostOver(Path tcp, Path tcp6, Path range) {
        return new LocalHostPorts(WINDOW, clock, tcp, tcp6, range, countingProbe);
    }

    private static ServerSocketChannel open(StandardProtocolFamily family, InetAddress local) throws IOException {
        ServerSocketChannel server = null;
        try {
            server = ServerSocketChannel.open(family);
            return server.bind(new InetSocketAddress(local, 0));
        } catch (UnsupportedOperationException | IOException e) {
            if (server != null) {
                server.close();
            }
            assumeTrue(false, family + " on " + local + " unavailable: " + e);
            throw new AssertionError(e);
        }
    }
}
