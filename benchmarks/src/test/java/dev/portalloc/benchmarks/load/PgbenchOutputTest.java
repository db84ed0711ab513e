package dev.portalloc.benchmarks.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PgbenchOutputTest {
    private static final String CLEAN = """
            pgbench (15.20 (Debian 15.20-0+deb12u1))
            transaction type: benchmarks/pgbench/cycle.sql
            scaling factor: 1
            query mode: simple
            number of clients: 16
            number of threads: 2
            maximum number of tries: 1
            duration: 5 s
            number of transactions actually processed: 4251
            number of failed transactions: 0 (0.000%)
            latency average = 18.767 ms
            initial connection time = 21.301 ms
            tps = 852.563811 (without initial connection time)
            """;

    @Test
    void readsTheSummary() {
        PgbenchOutput out = PgbenchOutput.parse(CLEAN, "");

        assertThat(out.transactions()).isEqualTo(4251);
        assertThat(out.failed()).isZero();
        assertThat(out.tps()).isEqualTo(852.563811);
        assertThat(out.latencyAverageMs()).isEqualTo(18.767);
        assertThat(out.abortedClients()).isZero();
        assertThat(out.runAborted()).isFalse();
        assertThat(out.errors()).isZero();
    }

    @Test
    void countsAbortedClientsAsErrors() {
        String stdout = """
                pgbench (15.20 (Debian 15.20-0+deb12u1))
                number of transactions actually processed: 12
                number of failed transactions: 0 (0.000%)
                latency average = 3.000 ms
                tps = 4.000000 (without initial connection time)
                """;
        String stderr = """
                pgbench: error: client 1 script 0 aborted in command 2 query 0: ERROR:  relation "pool" does not exist
                pgbench: error: client 0 script 0 aborted in command 2 query 0: ERROR:  relation "pool" does not exist
                pgbench: error: Run was aborted; the above results are incomplete.
                """;

        PgbenchOutput out = PgbenchOutput.parse(stdout, stderr);

        assertThat(out.abortedClients()).isEqualTo(2);
        assertThat(out.runAborted()).isTrue();
        assertThat(out.errors()).isEqualTo(2);
    }

    @Test
    void failedTransactionsAreErrors() {
        PgbenchOutput out = PgbenchOutput.parse(CLEAN.replace("failed transactions: 0 (0.000%)",
                "failed transactions: 7 (0.164%)"), "");

        assertThat(out.failed()).isEqualTo(7);
        assertThat(out.errors()).isEqualTo(7);
    }

    @Test
    void anAbortedRunWithoutClientLinesStillCounts() {
        PgbenchOutput out = PgbenchOutput.parse("", "pgbench: error: Run was aborted; the above results are incomplete.");

        assertThat(out.transactions()).isZero();
        assertThat(out.tps()).isNaN();
        assertThat(out.latencyAverageMs()).isNaN();
        assertThat(out.errors()).isEqualTo(1);
    }
}
