package dev.portalloc.benchmarks.scale;

import dev.portalloc.domain.AllocationShape;
import dev.portalloc.domain.Pool;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.PortRange;
import dev.portalloc.domain.PortState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScaleSeederTest {
    @Test
    void aSeededPoolHoldsEveryTenthPortAndItsCursorIsBackAtTheStart() {
        ScaleSeeder.SeededPool seeded = ScaleSeeder.seededPool("bench-1", 20000, 29999, 1000);
        assertThat(seeded.heldPorts()).hasSize(1000).startsWith(20000, 20010, 20020).endsWith(29990);
        assertThat(seeded.nextPort()).isEqualTo(20000);

        // what the server would restore from the row
        Pool restored = Pool.restore(PoolName.of("bench-1"), PortRange.of(20000, 29999), List.of(),
                seeded.nextPort(), seeded.takenBits());
        assertThat(restored.allocatedCount()).isEqualTo(1000);
        assertThat(restored.stateOf(29990)).isEqualTo(PortState.ALLOCATED);
        assertThat(restored.stateOf(29991)).isEqualTo(PortState.FREE);
        // the load's first allocation skips the taken port under the cursor
        assertThat(restored.allocate(AllocationShape.dynamic(1, false))).containsExactly(20001);
    }

    @Test
    void aFullPoolIsPossible() {
        ScaleSeeder.SeededPool seeded = ScaleSeeder.seededPool("p", 100, 109, 10);
        assertThat(seeded.heldPorts()).containsExactly(100, 101, 102, 103, 104, 105, 106, 107, 108, 109);
    }

    @Test
    void namesAreValidAndUniquePerPool() {
        assertThat(ScaleSeeder.deployment(0, 999)).isEqualTo("seed-1-99");
        assertThat(ScaleSeeder.service(999)).isEqualTo("svc-9");
        assertThat(ScaleSeeder.deployment(0, 10) + "/" + ScaleSeeder.service(10))
                .isNotEqualTo(ScaleSeeder.deployment(0, 0) + "/" + ScaleSeeder.service(0));
    }
}
