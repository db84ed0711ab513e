package dev.portalloc.benchmarks.scale;

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

    @Test
    void readsUserAndPasswordFromTheUrl() {
        String url = "jdbc:postgresql://h/p?ssl=false&user=alice&password=s%26cret";
        assertThat(ScratchDatabase.parameter(url, "user", "postgres")).isEqualTo("alice");
        assertThat(ScratchDatabase.parameter(url, "password", "")).isEqualTo("s&cret");
        assertThat(ScratchDatabase.parameter("jdbc:postgresql://h/p", "user", "postgres")).isEqualTo("postgres");
        assertThat(ScratchDatabase.parameter("jdbc:postgresql://h/p?superuser=x", "user", "postgres"))
                .isEqualTo("postgres");
    }
}
