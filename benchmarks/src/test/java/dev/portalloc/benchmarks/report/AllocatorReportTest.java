package dev.portalloc.benchmarks.report;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AllocatorReportTest {
    private static String result(String method, String fill, String shape, double score) {
        return "{\"benchmark\":\"dev.portalloc.benchmarks.AllocatorBenchmark." + method + "\",\"mode\":\"avgt\","
                + "\"params\":{\"fill\":\"" + fill + "\",\"shape\":\"" + shape + "\"},"
                + "\"primaryMetric\":{\"score\":" + score + ",\"scoreError\":1.5,\"scoreUnit\":\"ns/op\"}}";
    }

    @Test
    void tableAndTargets() throws IOException {
        String json = "[" + String.join(",", result("domain", "0", "single", 20), result("domain", "99.9", "single", 30),
                result("reference", "0", "single", 25), result("reference", "99.9", "single", 3000),
                result("domain", "0", "run8", 50), result("domain", "99.9", "run8", 200),
                result("reference", "99.9", "run8", 5000)) + "]";

        List<AllocatorReport.Score> scores = AllocatorReport.parse(json);
        String md = AllocatorReport.render(scores, new MachineInfo(Instant.EPOCH, 2, "cpu", "m", "os", "java", "-"));

        assertThat(scores).hasSize(7);
        assertThat(md).contains("| single | 0 | 20.0 ± 1.5 | 25.0 ± 1.5 | 1.25x |")
                .contains("| single | 99.9 | 30.0 ± 1.5 | 3,000.0 ± 1.5 | 100x |")
                .contains("| domain at 99.9% / domain at 0% | single | 1.50x | <= 2 | pass |")
                .contains("| reference / domain at 99.9% | single | 100x | >= 50 | pass |")
                .contains("| domain at 99.9% / domain at 0% | run8 | 4.00x | <= 2 | **miss** |")
                .contains("| reference / domain at 99.9% | run8 | 25x | >= 50 | **miss** |");
    }

    @Test
    void aRatioJustOutsideItsBoundNeverShowsAsTheBound() throws IOException {
        String json = "[" + String.join(",", result("domain", "0", "single", 100), result("domain", "99.9", "single", 200.4),
                result("reference", "99.9", "single", 9940)) + "]";

        String md = AllocatorReport.render(AllocatorReport.parse(json),
                new MachineInfo(Instant.EPOCH, 2, "cpu", "m", "os", "java", "-"));

        assertThat(md).contains("| domain at 99.9% / domain at 0% | single | 2.01x | <= 2 | **miss** |")
                .contains("| reference / domain at 99.9% | single | 49x | >= 50 | **miss** |");
    }

    @Test
    void refusesOtherUnits() {
        String json = "[{\"benchmark\":\"x.domain\",\"params\":{},\"primaryMetric\":{\"score\":1,\"scoreUnit\":\"ops/s\"}}]";

        assertThatThrownBy(() -> AllocatorReport.parse(json)).hasMessageContaining("ops/s");
    }
}
