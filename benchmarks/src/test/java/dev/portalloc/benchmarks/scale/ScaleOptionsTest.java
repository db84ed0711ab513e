package dev.portalloc.benchmarks.scale;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScaleOptionsTest {
    @Test
    void defaultsAreTheTargetsScale() {
        ScaleOptions o = ScaleOptions.parse(List.of());
        assertThat(o.pgAdminUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
        assertThat(o.jar()).isEqualTo(Path.of("bootstrap/target/portalloc.jar"));
        assertThat(o.out()).isEqualTo(Path.of("benchmarks/results/scale.md"));
        assertThat(o.jstatOut()).isEqualTo(Path.of("benchmarks/results/scale-jstat.txt"));
        assertThat(o.pools()).isEqualTo(1000);
        assertThat(o.allocationsPerPool()).isEqualTo(1000);
        assertThat(o.loadMeasure()).isEqualTo(Duration.ofSeconds(60));
        assertThat(o.connections()).isEqualTo(16);
        assertThat(o.quick()).isFalse();
        assertThat(o.quietWait()).isEqualTo(Duration.ofSeconds(180));
    }

    @Test
    void quickShortensEverythingUnlessToldOtherwise() {
        ScaleOptions quick = ScaleOptions.parse(List.of("--quick"));
        assertThat(quick.loadMeasure()).isEqualTo(Duration.ofSeconds(10));
        assertThat(quick.pools()).isEqualTo(50);
        assertThat(quick.quietWait()).isEqualTo(Duration.ofSeconds(20));
        ScaleOptions longer = ScaleOptions.parse(List.of("--quick", "--load-seconds=20", "--pools", "200"));
        assertThat(longer.loadMeasure()).isEqualTo(Duration.ofSeconds(20));
        assertThat(longer.pools()).isEqualTo(200);
    }

    @Test
    void acceptsBothFlagForms() {
        ScaleOptions o = ScaleOptions.parse(List.of("--out", "/tmp/x/report.md", "--jar=/j.jar"));
        assertThat(o.out()).isEqualTo(Path.of("/tmp/x/report.md"));
        assertThat(o.jstatOut()).isEqualTo(Path.of("/tmp/x/report-jstat.txt"));
        assertThat(o.jar()).isEqualTo(Path.of("/j.jar"));
    }

    @Test
    void refusesWhatItDoesNotKnow() {
        assertThatThrownBy(() -> ScaleOptions.parse(List.of("--lod-seconds", "5")))
                .hasMessageContaining("unknown option --lod-seconds");
        assertThatThrownBy(() -> ScaleOptions.parse(List.of("--load-seconds")))
                .hasMessageContaining("needs a value");
        assertThatThrownBy(() -> ScaleOptions.parse(List.of("--load-seconds", "soon")))
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> ScaleOptions.parse(List.of("--pools", "8", "--bench-pools", "16")))
                .hasMessageContaining("among the 8 seeded");
    }

    @Test
    void readsUserAndPasswordFromTheAdminUrl() {
        ScaleOptions o = ScaleOptions.parse(List.of("--pg-admin-url",
                "jdbc:postgresql://h/p?ssl=false&user=alice&password=s%26cret"));
        assertThat(o.pgUser()).isEqualTo("alice");
        assertThat(o.pgPassword()).isEqualTo("s&cret");
        assertThat(ScaleOptions.parse(List.of("--pg-admin-url=jdbc:postgresql://h/p")).pgUser()).isEqualTo("postgres");
        assertThat(ScaleOptions.parse(List.of("--pg-admin-url=jdbc:postgresql://h/p?superuser=x")).pgUser())
                .isEqualTo("postgres");
    }
}
