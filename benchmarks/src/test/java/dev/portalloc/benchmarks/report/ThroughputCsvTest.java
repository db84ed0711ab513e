package dev.portalloc.benchmarks.report;

import dev.portalloc.benchmarks.load.LoadResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.portalloc.benchmarks.report.Rows.row;
import static org.assertj.core.api.Assertions.assertThat;

class ThroughputCsvTest {
    @Test
    void roundTripsIncludingMissingLatencies() {
        LoadResult pgbench = new LoadResult("p", "postgresql", LoadResult.PGBENCH, 16, 64, 13907,
                Duration.ofMillis(5004), 2, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 5757);
        String csv = ThroughputCsv.format(List.of(row("h2", LoadResult.HTTP, 1, 16, 1234.5), pgbench));

        assertThat(csv.lines().findFirst()).contains(ThroughputCsv.HEADER);
        assertThat(csv).contains("postgresql,pgbench,64,16,2779.2,,,,,2,5.004,13907,5757");
        List<LoadResult> back = ThroughputCsv.parse(csv.lines().toList());
        assertThat(back).hasSize(2);
        assertThat(back.get(0).cyclesPerSecond()).isEqualTo(1234.5);
        assertThat(back.get(0).allocP99Us()).isEqualTo(900.0);
        assertThat(back.get(1).allocP50Us()).isNaN();
        assertThat(back.get(1).errors()).isEqualTo(2);
        assertThat(back.get(1).cycles()).isEqualTo(13907);
    }

    @Test
    void readsTheSpecifiedColumnsAlone() {
        List<LoadResult> rows = ThroughputCsv.parse(List.of(
                "backend,mode,pools,clients,cycles_per_s,alloc_p50_us,alloc_p99_us,release_p50_us,release_p99_us,errors,seconds",
                "h2,in-process,1,4,100.0,1,2,3,4,0,15.000"));

        assertThat(rows.get(0).cycles()).isEqualTo(1500);
        assertThat(rows.get(0).cycleMeanUs()).isNaN();
    }

    @Test
    void aNewMeasurementReplacesTheOldOneOfTheSameKey() {
        List<LoadResult> merged = ThroughputCsv.merge(
                List.of(row("postgresql", LoadResult.HTTP, 1, 16, 1), row("h2", LoadResult.HTTP, 1, 16, 2)),
                List.of(row("postgresql", LoadResult.HTTP, 1, 16, 3), row("postgresql", LoadResult.IN_PROCESS, 1, 64, 4),
                        row("postgresql", LoadResult.PGBENCH, 1, 16, 5), row("postgresql", LoadResult.IN_PROCESS, 1, 4, 6)));

        assertThat(merged).extracting(r -> r.backend() + " " + r.mode() + " " + r.clients() + " " + Math.round(r.cyclesPerSecond()))
                .containsExactly("h2 http 16 2", "postgresql in-process 4 6", "postgresql in-process 64 4",
                        "postgresql pgbench 16 5", "postgresql http 16 3");
    }
}
