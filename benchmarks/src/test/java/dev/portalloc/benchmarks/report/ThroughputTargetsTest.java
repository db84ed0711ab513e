package dev.portalloc.benchmarks.report;

import dev.portalloc.benchmarks.load.LoadResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.portalloc.benchmarks.report.Rows.row;
import static org.assertj.core.api.Assertions.assertThat;

class ThroughputTargetsTest {
    @Test
    void ratiosAgainstTheirRequirements() {
        List<LoadResult> rows = List.of(
                row("postgresql", LoadResult.IN_PROCESS, 1, 16, 3000), row("postgresql", LoadResult.PGBENCH, 1, 16, 900),
                row("postgresql", LoadResult.IN_PROCESS, 64, 16, 2000), row("postgresql", LoadResult.PGBENCH, 64, 16, 3000),
                row("h2", LoadResult.IN_PROCESS, 1, 16, 1000), row("h2", LoadResult.HTTP, 1, 16, 700),
                row("h2", LoadResult.IN_PROCESS, 1, 64, 1000), row("h2", LoadResult.HTTP, 1, 64, 699));

        List<ThroughputTargets.Target> targets = ThroughputTargets.evaluate(rows);

        assertThat(targets).hasSize(8);
        assertThat(targets.get(0).ratio()).isCloseTo(3.333, org.assertj.core.data.Offset.offset(0.001));
        assertThat(targets.get(0).met()).contains(true);
        assertThat(targets.get(1).met()).contains(false);
        assertThat(targets.get(2).backend()).isEqualTo("h2");
        assertThat(targets.get(2).met()).contains(true); // exactly 0.7
        assertThat(targets.get(3).met()).contains(false);
        assertThat(targets.get(4).met()).isEqualTo(Optional.empty()); // no 64-pool rows for h2
        assertThat(targets.get(5).ratio()).isNaN();
    }

    @Test
    void theReportShowsPassMissAndNotMeasured() {
        String md = ThroughputReport.render(List.of(row("postgresql", LoadResult.IN_PROCESS, 1, 16, 3000),
                        row("postgresql", LoadResult.PGBENCH, 1, 16, 900)),
                new MachineInfo(java.time.Instant.EPOCH, 2, "cpu", "1 GiB", "os", "java", "pg"), "settings");

        assertThat(md).contains("| in-process / pgbench, 1 pool, 16 clients | postgresql | 3.33 | >= 3.0 | pass |")
                .contains("| in-process / pgbench, 64 pools, 16 clients | postgresql | - | >= 1.0 | not measured |")
                .contains("## PostgreSQL").contains("| pgbench | 1 | 16 | 900 | 100 | 900 | 110 | 990 | 250 | 0 | 10.0 |")
                .contains("| cores | 2 |").contains("throughput.svg");
    }

    @Test
    void ratiosAreShownRoundedDownSoThatShownEqualMeansMet() {
        assertThat(ThroughputReport.roundedDown(0.697)).isEqualTo("0.69");
        assertThat(ThroughputReport.roundedDown(0.7)).isEqualTo("0.70");
        assertThat(ThroughputReport.roundedDown(0.29)).isEqualTo("0.29");
        assertThat(ThroughputReport.roundedDown(2.999)).isEqualTo("2.99");
        assertThat(ThroughputReport.roundedDown(12)).isEqualTo("12.00");
    }
}
