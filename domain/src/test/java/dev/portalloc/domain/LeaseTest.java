package dev.portalloc.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class LeaseTest {
    private static final Instant NOW = Instant.parse("2026-11-27T08:00:00Z");

    @Test
    void boundsAreOneSecondToAYear() {
        assertThat(Lease.ofSeconds(1).ttl()).isEqualTo(Duration.ofSeconds(1));
        assertThat(Lease.ofSeconds(Lease.MAX_SECONDS).ttl()).isEqualTo(Duration.ofDays(365));
        for (long bad : new long[] {0, -1, Lease.MAX_SECONDS + 1, Long.MAX_VALUE}) {
            assertThatThrownBy(() -> Lease.ofSeconds(bad)).as("%d", bad).isInstanceOf(InvalidInputException.class);
        }
        assertThatThrownBy(() -> new Lease(Duration.ofMillis(999))).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void anAllocationExpiresExactlyAtTheEndOfItsLease() {
        Instant expiresAt = Lease.ofSeconds(60).expiresAt(NOW);
        Allocation leased = new Allocation(AllocationId.newId(NOW), PoolName.of("p"), DeploymentName.of("d"),
                ServiceName.of("s"), List.of(1), AllocationShape.dynamic(1, false), NOW, expiresAt);

        assertThat(expiresAt).isEqualTo(NOW.plusSeconds(60));
        assertThat(leased.isExpiredAt(expiresAt.minusMillis(1))).isFalse();
        assertThat(leased.isExpiredAt(expiresAt)).isTrue();
        assertThat(leased.isExpiredAt(expiresAt.plusMillis(1))).isTrue();
        Allocation forever = new Allocation(leased.id(), leased.pool(), leased.deployment(), leased.service(),
                leased.ports(), leased.shape(), NOW, null);
        assertThat(forever.isExpiredAt(Instant.MAX)).isFalse();
    }
}
