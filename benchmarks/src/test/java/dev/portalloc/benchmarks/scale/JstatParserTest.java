package dev.portalloc.benchmarks.scale;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class JstatParserTest {
    /** Verbatim from {@code jstat -gc -t} of OpenJDK 17.0.15 (G1). */
    static final String JDK17_HEADER = "Timestamp           S0C         S1C         S0U         S1U          EC           EU"
            + "           OC           OU          MC         MU       CCSC      CCSU     YGC     YGCT     FGC    FGCT"
            + "     CGC    CGCT       GCT   ";
    static final String JDK17_LINE = "            3.3         0.0      2048.0         0.0      2048.0      11264.0"
            + "          0.0     248832.0       2281.5     8576.0     8404.4    1088.0     990.5      1     0.005     0"
            + "     0.000     0     0.000     0.005";

    @Test
    void readsAJdk17LineByColumnName() {
        JstatParser parser = new JstatParser();
        assertThat(parser.accept(JDK17_HEADER)).isEmpty();
        GcSample s = parser.accept(JDK17_LINE).orElseThrow();
        assertThat(s.uptimeSeconds()).isEqualTo(3.3);
        assertThat(s.s1cKb()).isEqualTo(2048.0);
        assertThat(s.s1uKb()).isEqualTo(2048.0);
        assertThat(s.ecKb()).isEqualTo(11264.0);
        assertThat(s.euKb()).isEqualTo(0.0);
        assertThat(s.ocKb()).isEqualTo(248832.0);
        assertThat(s.ouKb()).isEqualTo(2281.5);
        assertThat(s.youngGcs()).isEqualTo(1);
        assertThat(s.youngGcSeconds()).isEqualTo(0.005);
        assertThat(s.fullGcs()).isZero();
        assertThat(s.gcSeconds()).isEqualTo(0.005);
        assertThat(s.heapUsedMb()).isCloseTo((2048.0 + 2281.5) / 1024, within(1e-9));
        assertThat(s.oldUsedMb()).isCloseTo(2281.5 / 1024, within(1e-9));
    }

    @Test
    void dataBeforeAnyHeaderIsNotGuessed() {
        assertThat(new JstatParser().accept(JDK17_LINE)).isEmpty();
    }

    @Test
    void ignoresBlankWarningAndTruncatedLines() {
        JstatParser parser = new JstatParser();
        parser.accept(JDK17_HEADER);
        assertThat(parser.accept("")).isEmpty();
        assertThat(parser.accept(null)).isEmpty();
        assertThat(parser.accept("Could not attach to 1234")).isEmpty();
        assertThat(parser.accept("  3.3  0.0  2048.0")).isEmpty();
    }

    @Test
    void aDashIsNotReportedAndTheTotalFallsBackToItsParts() {
        JstatParser parser = new JstatParser();
        parser.accept("S0C S1C S0U S1U EC EU OC OU YGC YGCT FGC FGCT CGC CGCT GCT");
        GcSample s = parser.accept("1 1 0 0 10 5 100 50 7 0.070 1 0.030 - - -").orElseThrow();
        assertThat(s.uptimeSeconds()).isNaN();
        assertThat(s.concurrentGcs()).isZero();
        assertThat(s.gcSeconds()).isNaN();
        assertThat(s.totalGcSeconds()).isCloseTo(0.100, within(1e-9));
        assertThat(s.collections()).isEqualTo(8);
    }

    @Test
    void readsDecimalCommasOfOtherLocales() {
        JstatParser parser = new JstatParser();
        parser.accept("Timestamp OU YGC YGCT FGC FGCT GCT");
        Optional<GcSample> s = parser.accept("12,5 1024,0 3 0,015 0 0,000 0,015");
        assertThat(s).hasValueSatisfying(sample -> {
            assertThat(sample.uptimeSeconds()).isEqualTo(12.5);
            assertThat(sample.ouKb()).isEqualTo(1024.0);
            assertThat(sample.gcSeconds()).isEqualTo(0.015);
        });
    }

    @Test
    void aRepeatedHeaderRedefinesTheColumns() {
        JstatParser parser = new JstatParser();
        parser.accept("OU YGC");
        assertThat(parser.accept("100 2").orElseThrow().ouKb()).isEqualTo(100);
        parser.accept("YGC OU");
        assertThat(parser.accept("2 300").orElseThrow().ouKb()).isEqualTo(300);
    }
}
