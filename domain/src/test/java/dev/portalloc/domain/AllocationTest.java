package dev.portalloc.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

final class AllocationTest {
    private static final Instant CREATED = Instant.parse("2026-11-27T08:00:00Z");

    private static Allocation allocation(List<Integer> ports, Instant expiresAt) {
        return new Allocation(AllocationId.of("a1b2c3"), PoolName.of("default"), DeploymentName.of("dep-42"),
                ServiceName.of("rabbitmq"), ports, AllocationShape.dynamic(ports.size(), false), CREATED, expiresAt);
    }

    @Test
    void portsAreSortedAscending() {
        assertThat(allocation(List.of(10002, 10000, 10001), null).ports()).containsExactly(10000, 10001, 10002);
    }

    @Test
    void holdsAtLeastOnePort() {
        assertThatThrownBy(() -> new Allocation(AllocationId.of("a1"), PoolName.of("default"), DeploymentName.of("d"),
                ServiceName.of("s"), List.of(), AllocationShape.dynamic(1, false), CREATED, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutExpiryNeverExpires() {
        assertThat(allocation(List.of(1), null).isExpiredAt(Instant.MAX)).isFalse();
    }

    @Test
    void expiresExactlyAtExpiresAt() {
        Instant expiresAt = CREATED.plusSeconds(3600);
        Allocation allocation = allocation(List.of(1), expiresAt);
        assertThat(allocation.isExpiredAt(expiresAt.minusMillis(1))).isFalse();
        assertThat(allocation.isExpiredAt(expiresAt)).isTrue();
        assertThat(allocation.isExpiredAt(expiresAt.plusSeconds(1))).isTrue();
    }
}
