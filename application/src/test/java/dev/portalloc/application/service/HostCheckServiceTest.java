package dev.portalloc.application.service;

import dev.portalloc.application.inmemory.InMemoryStore;
import dev.portalloc.application.port.in.AllocatePortsCommand;
import dev.portalloc.application.port.in.DefinePoolCommand;
import dev.portalloc.application.port.in.PoolSummary;
import dev.portalloc.application.port.in.UseCases;
import dev.portalloc.application.port.out.HostPorts;
import dev.portalloc.domain.AllocationShape;
import dev.portalloc.domain.DeploymentName;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.PortRange;
import dev.portalloc.domain.PortUnavailableException;
import dev.portalloc.domain.ServiceName;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pools that describe this machine skip what its other processes listen on and warn about its ephemeral range. */
final class HostCheckServiceTest {
    private final AtomicInteger hostAsked = new AtomicInteger();
    private final HostPorts host = new HostPorts() {
        @Override
        public IntPredicate listening() {
            hostAsked.incrementAndGet();
            return port -> port == 30001;
        }

        @Override
        public Optional<PortRange> ephemeralRange() {
            return Optional.of(PortRange.of(32768, 60999));
        }
    };
    private final InMemoryStore store = new InMemoryStore();
    private final UseCases useCases = new UseCaseFactory(store.pools(), store.allocations(), store.events(), host,
            store, Clock.systemUTC()).create();

    @Test
    void aHostCheckedPoolNeverHandsOutAPortInUseOnTheHost() {
        define("host", 30000, 30003, true);

        assertThat(allocate("host", AllocationShape.dynamic(3, false))).containsExactly(30000, 30002, 30003);
        assertThatThrownBy(() -> allocate("host", AllocationShape.specific(List.of(30001))))
                .isInstanceOfSatisfying(PortUnavailableException.class, e -> assertThat(e.ports()).containsExactly(30001));
    }

    @Test
    void aPoolWithoutHostCheckDoesNotAskTheHost() {
        define("remote", 30000, 30003, false);

        assertThat(allocate("remote", AllocationShape.specific(List.of(30001)))).containsExactly(30001);
        assertThat(hostAsked).as("listening ports are read only for host-checked pools").hasValue(0);
    }

    @Test
    void aHostCheckedPoolOverlappingTheEphemeralRangeIsWarnedAbout() {
        PoolSummary overlapping = define("host", 32000, 33000, true);
        PoolSummary clear = define("low", 20000, 20099, true);
        PoolSummary remote = define("remote", 32000, 33000, false);

        assertThat(overlapping.warnings()).singleElement().asString().contains("32000-33000", "32768-60999");
        assertThat(clear.warnings()).isEmpty();
        assertThat(remote.warnings()).isEmpty();
        assertThat(useCases.getPool().getPool(PoolName.of("host")).hostCheck()).isTrue();
    }

    private PoolSummary define(String pool, int min, int max, boolean hostCheck) {
        return useCases.definePool().definePool(new DefinePoolCommand(PoolName.of(pool), PortRange.of(min, max),
                Set.of(), hostCheck)).pool();
    }

    private List<Integer> allocate(String pool, AllocationShape shape) {
        return useCases.allocatePorts().allocatePorts(new AllocatePortsCommand(PoolName.of(pool),
                DeploymentName.of("dep"), ServiceName.of("svc-" + shape.describe().hashCode()), shape)).allocation().ports();
    }
}
