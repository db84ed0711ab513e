package dev.portalloc.adapters.host;

import dev.portalloc.application.port.out.HostPorts;
import dev.portalloc.domain.PortRange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.BitSet;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntPredicate;

/**
 * {@link HostPorts} for the machine (strictly: the network namespace) this process runs in.
 *
 * <p>{@link #listening()} answers from a snapshot of every TCP socket in state LISTEN, IPv4 and IPv6, on
 * any local address. On Linux one snapshot is one read of {@code /proc/net/tcp} and
 * {@code /proc/net/tcp6}, whatever the number of listeners, after which each question costs a bit
 * lookup. Where {@code /proc/net/tcp} cannot be read (not Linux), or reading it fails, ports are probed
 * one by one, on demand, by binding them (see {@link BindProbe}): portable but much slower, since each
 * port asked about costs a system round trip, so a pool full of foreign listeners costs one probe per
 * port skipped. Either way the answers are
 * reused for {@code freshness}; callers that ask while a refresh runs wait for it and share it.
 *
 * <p>The snapshot includes this process's own listeners, such as its HTTP port: when a pool's range
 * covers it, that port is in use and rightly never handed out. In a container without host networking,
 * only the container's own listeners are visible. {@link #listening()} never throws.
 *
 * <p>{@link #ephemeralRange()} reads {@code /proc/sys/net/ipv4/ip_local_port_range}, cached the same way.
 */
public final class LocalHostPorts implements HostPorts {
    /** How long a snapshot is trusted when the caller does not say. */
    public static final Duration DEFAULT_FRESHNESS = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(LocalHostPorts.class);
    private static final Path PROC_NET_TCP = Path.of("/proc/net/tcp");
    private static final Path PROC_NET_TCP6 = Path.of("/proc/net/tcp6");
    private static final Path IP_LOCAL_PORT_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /** More than {@code ip_local_port_range} ever holds; a longer file is not that file. */
    private static final int SMALL_FILE_LIMIT = 256;

    private final Path tcp;
    private final Path tcp6;
    private final Path portRange;
    private final PortProbe probe;
    private final Cached<IntPredicate> listening;
    private final Cached<Optional<PortRange>> ephemeralRange;
    private final AtomicBoolean announcedProbing = new AtomicBoolean();
    private final AtomicBoolean warnedListeners = new AtomicBoolean();
    private final AtomicBoolean warnedPortRange = new AtomicBoolean();

    /** Snapshots trusted for {@link #DEFAULT_FRESHNESS}, timed by the system clock. */
    public LocalHostPorts() {
        this(DEFAULT_FRESHNESS, Clock.systemUTC());
    }

    /**
     * @param freshness how long a snapshot is reused; zero reads anew on every call. A port some process
     *                  starts listening on is seen at most this late.
     * @param clock     what times the freshness window; tests pass one they move
     */
    public LocalHostPorts(Duration freshness, Clock clock) {
        this(freshness, clock, PROC_NET_TCP, PROC_NET_TCP6, IP_LOCAL_PORT_RANGE, new BindProbe());
    }

    /** Over other files and another probe, for tests. */
    LocalHostPorts(Duration freshness, Clock clock, Path tcp, Path tcp6, Path portRange, PortProbe probe) {
        this.tcp = Objects.requireNonNull(tcp, "tcp");
        this.tcp6 = Objects.requireNonNull(tcp6, "tcp6");
        this.portRange = Objects.requireNonNull(portRange, "portRange");
        this.probe = Objects.requireNonNull(probe, "probe");
        this.listening = new Cached<>(freshness, clock, this::readListening);
        this.ephemeralRange = new Cached<>(freshness, clock, this::readPortRange);
    }

    @Override
    public IntPredicate listening() {
        return listening.get();
    }

    @Override
    public Optional<PortRange> ephemeralRange() {
        return ephemeralRange.get();
    }

    private IntPredicate readListening() {
        try {
            BitSet ports = new BitSet(ProcNet.PORT_SPACE);
            if (addListeners(tcp, ports, true)) {
                // Missing when the kernel runs without IPv6: then there are no IPv6 listeners.
                addListeners(tcp6, ports, false);
                return new ListeningSnapshot(ports);
            }
            if (announcedProbing.compareAndSet(false, true)) {
                LOG.info("host check: {} is not readable, so ports are probed one by one by binding them, which is"
                        + " slower", tcp);
            }
        } catch (IOException | RuntimeException e) {
            if (warnedListeners.compareAndSet(false, true)) {
                LOG.warn("host check could not read the listening ports from {} and {} ({}); probing ports by"
                        + " binding them instead until it can", tcp, tcp6, e.toString());
            }
        }
        return new ProbedPorts(probe);
    }

    /**
     * @param absentIfUnreadable whether an unreadable file means "not this kind of system" rather than an
     *                           error
     * @return false when the file does not exist (or, if so asked, cannot be read)
     */
    private static boolean addListeners(Path file, BitSet ports, boolean absentIfUnreadable) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            int malformed = ProcNet.addListeners(reader, ports);
            if (malformed > 0) {
                // Not the format this parser knows: a partial answer could hand out a port in use.
                throw new IOException(malformed + " lines of " + file + " are not in the expected format");
            }
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (AccessDeniedException e) {
            if (absentIfUnreadable) {
                return false;
            }
            throw e;
        }
    }

    private Optional<PortRange> readPortRange() {
        try {
            Optional<PortRange> range = ProcNet.parsePortRange(readSmallFile(portRange));
            if (range.isEmpty()) {
                warnPortRange(portRange + " does not hold two ports, low then high");
            }
            return range;
        } catch (NoSuchFileException | AccessDeniedException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            warnPortRange(e.toString());
            return Optional.empty();
        }
    }

    /**
     * Reads a file of a few bytes with one large read: a {@code /proc/sys} file reports size 0 and answers
     * only the first read (the next, at a non-zero offset, is end of file), so Files.readString, which
     * sizes its first read by the reported size, would see one byte of it.
     */
    private static String readSmallFile(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(SMALL_FILE_LIMIT), StandardCharsets.US_ASCII);
        }
    }

    private void warnPortRange(String why) {
        if (warnedPortRange.compareAndSet(false, true)) {
            LOG.warn("host check could not learn the ephemeral port range ({}); pools get no warning about it", why);
        }
    }
}
