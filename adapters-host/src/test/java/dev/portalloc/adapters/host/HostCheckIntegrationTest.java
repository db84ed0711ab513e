package dev.portalloc.adapters.host;

import dev.portalloc.application.inmemory.ManualClock;
import dev.portalloc.application.inmemory.InMemoryStore;
import dev.portalloc.application.port.in.AllocatePortsCommand;
import dev.portalloc.application.port.in.DefinePoolCommand;
import dev.portalloc.application.port.in.PoolSummary;
import dev.portalloc.application.port.in.UseCases;
import dev.portalloc.application.port.out.HostPorts;
import dev.portalloc.application.service.UseCaseFactory;
import dev.portalloc.domain.AllocationShape;
import dev.portalloc.domain.DeploymentName;
import dev.portalloc.domain.Pool;
import dev.portalloc.domain.PoolExhaustedException;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.PortRange;
import dev.portalloc.domain.PortUnavailableException;
import dev.portalloc.domain.ServiceName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.time.Instant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The adapter behind the real use cases, over the in-memory store. */
final class HostCheckIntegrationTest {
    private static final PoolName HOST = PoolName.of("host");
    private static final DeploymentName DEP = DeploymentName.of("dep-1");

    @TempDir
    Path dir;

    @Test
    void aPortListenedOnIsNeverHandedOutNorGrantedWhenAskedFor() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int listened = server.getLocalPort();
            LocalHostPorts host = new LocalHostPorts(Duration.ofSeconds(1), Clock.systemUTC());
            UseCases useCases = useCases(new InMemoryStore(), host);
            PortRange range = PortRange.of(Math.max(1, listened - 5), Math.min(65535, listened + 5));
            useCases.definePool().definePool(new DefinePoolCommand(HOST, range, Set.of(), true));

            List<Integer> handedOut = new ArrayList<>();
            assertThatThrownBy(() -> {
                for (int i = 0; i < range.size(); i++) {
                    handedOut.addAll(allocate(useCases, "svc-" + i, AllocationShape.dynamic(1, false)));
                }
            }).isInstanceOf(PoolExhaustedException.class);

            assertThat(handedOut).doesNotContain(listened).doesNotHaveDuplicates().isNotEmpty()
                    .allSatisfy(port -> assertThat(range.contains(port)).isTrue())
                    .hasSizeLessThan(range.size());
            assertThatThrownBy(() -> allocate(useCases, "wants-it", AllocationShape.specific(List.of(listened))))
                    .isInstanceOfSatisfying(PortUnavailableException.class, e -> {
                        assertThat(e.pool()).isEqualTo(HOST);
                        assertThat(e.ports()).containsExactly(listened);
                    });
        }
    }

    @Test
    void aPoolOverlappingTheEphemeralRangeSaysSo() {
        LocalHostPorts host = new LocalHostPorts();
        PortRange ephemeral = host.ephemeralRange().orElse(null);
        assumeTrue(ephemeral != null, "an ephemeral range this machine tells");
        UseCases useCases = useCases(new InMemoryStore(), host);
        useCases.definePool().definePool(new DefinePoolCommand(HOST,
                PortRange.of(ephemeral.min(), Math.min(65535, ephemeral.min() + 99)), Set.of(), true));

        PoolSummary summary = useCases.getPool().getPool(HOST);

        assertThat(summary.hostCheck()).isTrue();
        assertThat(summary.warnings()).singleElement().asString().contains(ephemeral.toString());
    }

    /**
     * 10,000 listeners, 9,000 of them inside a 10,000-port pool: every allocation skips nine listened
     * ports, and asking an exhausted pool scans the whole range before giving up. Each scenario runs
     * twice and the second round is reported, so the figures are not the JIT's warm-up.
     */
    @Test
    void thousandsOfListenersKeepAllocationFast() {
        PortRange range = PortRange.of(20000, 29999);
        Path tcp = ProcFiles.tcpListening(dir.resolve("tcp"), IntStream.concat(
                IntStream.rangeClosed(range.min(), range.max()).filter(port -> port % 10 != 0),
                IntStream.range(40000, 41000)));
        Path none = dir.resolve("none");
        PortProbe noProbe = port -> {
            throw new AssertionError("probed port " + port);
        };
        int free = range.size() / 10;

        long[] reads = new long[100];
        for (int i = 0; i < reads.length; i++) {
            LocalHostPorts cold = new LocalHostPorts(Duration.ofSeconds(1), Clock.systemUTC(), tcp, none, none, noProbe);
            long start = System.nanoTime();
            IntPredicate snapshot = cold.listening();
            reads[i] = System.nanoTime() - start;
            assertThat(snapshot.test(20001)).isTrue();
        }

        long withHostCheck = 0;
        long withoutHostCheck = 0;
        long exhausted = 0;
        long domainOnly = 0;
        long noRun = 0;
        for (int round = 0; round < 2; round++) {
            // A clock that never moves: one snapshot serves the whole round, as within one freshness window.
            LocalHostPorts host = new LocalHostPorts(Duration.ofSeconds(1), new ManualClock(Instant.parse("2026-11-27T08:00:00Z")), tcp, none, none,
                    noProbe);
            IntPredicate snapshot = host.listening();
            UseCases checked = useCases(new InMemoryStore(), host);
            checked.definePool().definePool(new DefinePoolCommand(HOST, range, Set.of(), true));
            List<Integer> handedOut = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < free; i++) {
                handedOut.addAll(allocate(checked, "svc-" + i, AllocationShape.dynamic(1, false)));
            }
            withHostCheck = System.nanoTime() - start;
            assertThat(handedOut).hasSize(free).doesNotHaveDuplicates().allMatch(port -> port % 10 == 0);
            start = System.nanoTime();
            assertThatThrownBy(() -> allocate(checked, "one-more", AllocationShape.dynamic(1, false)))
                    .isInstanceOf(PoolExhaustedException.class);
            exhausted = System.nanoTime() - start;

            // The store alone, and the domain alone, to tell the costs apart.
            UseCases plain = useCases(new InMemoryStore(), HostPorts.NONE);
            plain.definePool().definePool(new DefinePoolCommand(HOST, range, Set.of(), false));
            start = System.nanoTime();
            for (int i = 0; i < free; i++) {
                allocate(plain, "svc-" + i, AllocationShape.dynamic(1, false));
            }
            withoutHostCheck = System.nanoTime() - start;
            Pool pool = Pool.create(HOST, range, Set.of(), true);
            start = System.nanoTime();
            for (int i = 0; i < free; i++) {
                pool.allocate(AllocationShape.dynamic(1, false), snapshot);
            }
            domainOnly = System.nanoTime() - start;
            Pool runs = Pool.create(HOST, range, Set.of(), true);
            start = System.nanoTime();
            assertThatThrownBy(() -> runs.allocate(AllocationShape.dynamic(2, true), snapshot))
                    .isInstanceOf(PoolExhaustedException.class);
            noRun = System.nanoTime() - start;
        }

        long[] sorted = reads.clone();
        Arrays.sort(sorted);
        System.out.printf("host check timing: 10000 listeners (9000 in a %d-port pool), %d KiB /proc/net/tcp%n",
                range.size(), size(tcp) / 1024);
        System.out.printf("  snapshot read (one read of the file): first %.2f ms, median %.2f ms, fastest %.2f ms%n",
                reads[0] / 1e6, sorted[sorted.length / 2] / 1e6, sorted[0] / 1e6);
        System.out.printf("  allocate 1 port via the use case, host check pool:    %6.1f us each (%d allocations)%n",
                withHostCheck / 1e3 / free, free);
        System.out.printf("  allocate 1 port via the use case, no host check pool: %6.1f us each (the store's own cost)%n",
                withoutHostCheck / 1e3 / free);
        System.out.printf("  Pool.allocate alone with the snapshot:                %6.1f us each%n",
                domainOnly / 1e3 / free);
        System.out.printf("  exhausted pool, all %d ports scanned: %.2f ms via the use case; Pool.allocate of 2"
                + " contiguous with no run: %.2f ms%n", range.size(), exhausted / 1e6, noRun / 1e6);

        assertThat(sorted[sorted.length / 2]).as("median snapshot read, ns").isLessThan(Duration.ofMillis(500).toNanos());
        assertThat(withHostCheck / free).as("mean allocation, ns").isLessThan(Duration.ofMillis(5).toNanos());
    }

    private static List<Integer> allocate(UseCases useCases, String service, AllocationShape shape) {
        return useCases.allocatePorts().allocatePorts(new AllocatePortsCommand(HOST, DEP, ServiceName.of(service), shape))
                .allocation().ports();
    }

    private static UseCases useCases(InMemoryStore store, HostPorts host) {
        return new UseCaseFactory(store.pools(), store.allocations(), store.events(), host, store, Clock.systemUTC())
                .create();
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
