package dev.portalloc.benchmarks.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScratchDatabaseTest {
    @Test
    void pointsTheAdminUrlAtAnotherDatabaseKeepingItsParameters() {
        assertThat(ScratchDatabase.withDatabase("jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres", "pa_scale_x"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/pa_scale_x?user=postgres");
        assertThat(ScratchDatabase.withDatabase("jdbc:postgresql://db/admin", "pa_scale_x"))
                .isEqualTo("jdbc:postgresql://db/pa_scale_x");
        assertThatThrownBy(() -> ScratchDatabase.withDatabase("jdbc:h2:mem:x", "pa_scale_x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
