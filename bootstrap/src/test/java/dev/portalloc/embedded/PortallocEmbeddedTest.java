package dev.portalloc.embedded;

import dev.portalloc.adapters.jdbc.JdbcSettings;
import dev.portalloc.application.inmemory.ManualClock;
import dev.portalloc.application.port.in.AllocatePortsCommand;
import dev.portalloc.application.port.in.AllocationResult;
import dev.portalloc.application.port.in.ListEventsQuery;
import dev.portalloc.application.port.in.ReleaseAllocationCommand;
import dev.portalloc.domain.Allocation;
import dev.portalloc.domain.AllocationConflictException;
import dev.portalloc.domain.AllocationId;
import dev.portalloc.domain.AllocationShape;
import dev.portalloc.domain.Event;
import dev.portalloc.domain.EventType;
import dev.portalloc.domain.DeploymentName;
import dev.portalloc.domain.PoolExhaustedException;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.ServiceName;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedding API as a deploy platform uses it, on an H2 database. */
final class PortallocEmbeddedTest {

    @Test
    void aDeploymentSessionAllocatesAndResets() {
        try (Portalloc portalloc = Portalloc.open(memoryUrl(), "sa", "")) {
            portalloc.definePoolIfAbsent("default", 10000, 10009, 10002);
            DeploymentSession session = portalloc.session("dep-42", "default");

            int amqp = session.allocate("rabbitmq");
            List<Integer> web = session.allocateN("web", 3);

            assertThat(amqp).isEqualTo(10000);
            assertThat(web).containsExactly(10001, 10003, 10004);
            assertThat(session.allocate("rabbitmq")).as("idempotent per service").isEqualTo(amqp);
            assertThatThrownBy(() -> session.allocateN("web", 2)).isInstanceOf(AllocationConflictException.class);
            assertThatThrownBy(() -> portalloc.session("dep-43", "default").allocateN("db", 6))
                    .isInstanceOf(PoolExhaustedException.class);

            assertThat(session.reset()).isEqualTo(4);
            assertThat(session.reset()).isZero();
            assertThat(portalloc.session("dep-43", "default").allocateN("db", 6))
                    .as("released ports come back, the cursor first moving on")
                    .containsExactly(10000, 10005, 10006, 10007, 10008, 10009);
            assertThat(portalloc.isReady()).isTrue();
        }
    }

    @Test
    void allocationsAndReleasesWithoutWaitingCompleteOnceDurableOnTheDatabase() throws Exception {
        try (Portalloc portalloc = Portalloc.open(memoryUrl(), "sa", "")) {
            portalloc.definePoolIfAbsent("edge", 30000, 30009);
            List<CompletableFuture<AllocationResult>> answers = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                answers.add(portalloc.useCases().allocatePorts().allocatePortsAsync(new AllocatePortsCommand(
                        PoolName.of("edge"), DeploymentName.of("dep-" + i), ServiceName.of("web"), AllocationShape.dynamic(1, false))));
            }

            List<Integer> ports = new ArrayList<>();
            List<Throwable> refusals = new ArrayList<>();
            for (CompletableFuture<AllocationResult> answer : answers) {
                try {
                    ports.addAll(answer.get(10, TimeUnit.SECONDS).allocation().ports());
                } catch (ExecutionException refused) {
                    refusals.add(refused.getCause());
                }
            }
            assertThat(ports).hasSize(10).doesNotHaveDuplicates().allMatch(port -> port >= 30000 && port <= 30009);
            assertThat(refusals).hasSize(2).allMatch(PoolExhaustedException.class::isInstance);

            AllocationId first = answers.get(0).get().allocation().id();
            portalloc.useCases().releaseAllocation().releaseAllocationAsync(new ReleaseAllocationCommand(first))
                    .get(10, TimeUnit.SECONDS);
            assertThat(portalloc.useCases().getPool().getPool(PoolName.of("edge")).allocated()).isEqualTo(9);
        }
    }

    @Test
    void runsOnThePlatformsOwnDataSourceAndSeesWhatAnotherInstanceDid() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(memoryUrl());
        dataSource.setUser("sa");
        try (Portalloc first = Portalloc.open(dataSource); Portalloc second = Portalloc.open(dataSource)) {
            first.definePoolIfAbsent("edge", 20000, 20999);
            List<Integer> held = first.session("dep-1", "edge").allocate("web", AllocationShape.dynamic(4, true)).ports();

            List<Integer> other = second.session("dep-2", "edge").allocateN("web", 2);

            assertThat(held).containsExactly(20000, 20001, 20002, 20003);
            assertThat(other).containsExactly(20004, 20005);
            assertThat(second.useCases().getDeployment().getDeployment(
                    dev.portalloc.domain.DeploymentName.of("dep-1"))).hasSize(1);
        }
    }

    @Test
    void aLeaseThatIsNotRenewedGivesItsPortsBackWithoutAReset() throws InterruptedException {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-27T08:00:00Z"));
        try (Portalloc portalloc = Portalloc.builder().database(JdbcSettings.of(memoryUrl(), "sa", ""))
                .clock(clock).reaperInterval(Duration.ofMillis(100)).open()) {
            portalloc.definePoolIfAbsent("default", 10000, 10001);
            DeploymentSession crashed = portalloc.session("dep-crashed", "default");
            DeploymentSession alive = portalloc.session("dep-alive", "default");
            Allocation lost = crashed.allocate("web", AllocationShape.dynamic(1, false), Duration.ofSeconds(30));
            alive.allocate("web", AllocationShape.dynamic(1, false), Duration.ofSeconds(30));

            clock.advance(Duration.ofSeconds(20));
            assertThat(alive.renew(Duration.ofSeconds(30))).isEqualTo(1);
            clock.advance(Duration.ofSeconds(10));

            // The reaper releases the lease nobody renewed, once, and says so in the history.
            List<Event> expired = List.of();
            for (int i = 0; i < 100 && expired.isEmpty(); i++) {
                Thread.sleep(50);
                expired = portalloc.useCases().listEvents().listEvents(new ListEventsQuery(0, 100, Optional.empty(),
                        Optional.empty())).events().stream().filter(e -> e.type() == EventType.EXPIRED).toList();
            }
            assertThat(expired).singleElement().satisfies(e -> assertThat(e.allocationId()).isEqualTo(lost.id()));
            assertThat(portalloc.session("dep-new", "default").allocate("db")).isEqualTo(lost.ports().get(0));
        }
    }

    private static String memoryUrl() {
        return "jdbc:h2:mem:embedded-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }
}
