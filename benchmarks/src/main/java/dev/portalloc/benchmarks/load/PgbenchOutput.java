package dev.portalloc.benchmarks.load;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a pgbench run printed, as numbers. pgbench's summary goes to stdout, its per-client errors to
 * stderr; both are read.
 *
 * @param transactions     script runs completed ({@code number of transactions actually processed})
 * @param failed           script runs that failed ({@code number of failed transactions}, PostgreSQL 15+)
 * @param tps              {@code tps = ... (without initial connection time)}; NaN when missing
 * @param latencyAverageMs {@code latency average = ... ms}; NaN when missing
 * @param abortedClients   clients that stopped on an error ({@code client N script M aborted ...})
 * @param runAborted       pgbench said the results are incomplete
 */
record PgbenchOutput(long transactions, long failed, double tps, double latencyAverageMs, int abortedClients,
                     boolean runAborted) {
    private static final Pattern TRANSACTIONS = Pattern.compile("(?m)^number of transactions actually processed: (\\d+)");
    private static final Pattern FAILED = Pattern.compile("(?m)^number of failed transactions: (\\d+)");
    private static final Pattern TPS = Pattern.compile("(?m)^tps = ([0-9.]+) \\(without initial connection time\\)");
    private static final Pattern LATENCY = Pattern.compile("(?m)^latency average = ([0-9.]+) ms");
    private static final Pattern ABORTED_CLIENT = Pattern.compile("client \\d+ (?:script \\d+ )?aborted");

    static PgbenchOutput parse(String stdout, String stderr) {
        String all = stdout + "\n" + stderr;
        int aborted = 0;
        Matcher clients = ABORTED_CLIENT.matcher(all);
        while (clients.find()) {
            aborted++;
        }
        return new PgbenchOutput(longOf(TRANSACTIONS, stdout), longOf(FAILED, stdout), doubleOf(TPS, stdout),
                doubleOf(LATENCY, stdout), aborted, all.contains("Run was aborted"));
    }

    /** Failed cycles as this harness counts them: failed transactions plus clients that gave up. */
    long errors() {
        return failed + abortedClients + (runAborted && abortedClients == 0 ? 1 : 0);
    }

    private static long longOf(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static double doubleOf(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }
}
