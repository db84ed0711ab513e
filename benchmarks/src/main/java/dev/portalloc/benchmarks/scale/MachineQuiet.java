package dev.portalloc.benchmarks.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Whether the machine is idle enough to measure on. Latency ratios between two runs only mean
 * something when nothing else competes for the (two) cores during either, so before each measured load
 * the benchmark waits, for a bounded time, until the whole machine's CPU is mostly idle.
 */
final class MachineQuiet {
    /** Busier than this (all cores, over the sampling interval) counts as not quiet. */
    static final double BUSY_LIMIT = 0.25;
    private static final Duration SAMPLE = Duration.ofSeconds(3);

    private MachineQuiet() {
    }

    /** Busy and total jiffies of the aggregate {@code cpu} line of {@code /proc/stat}. */
    record CpuTimes(long busy, long total) {
        /** Busy share of the time between {@code earlier} and this; NaN when no time passed. */
        double busySince(CpuTimes earlier) {
            long total = this.total - earlier.total;
            return total <= 0 ? Double.NaN : (double) (busy - earlier.busy) / total;
        }
    }

    /**
     * Parses {@code cpu  user nice system idle iowait irq softirq steal guest guest_nice}. Idle and
     * iowait are idle; guest time is already inside user and nice, so it is not added again.
     */
    static CpuTimes parse(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        if (f.length < 5 || !f[0].equals("cpu")) {
            throw new IllegalArgumentException("not the aggregate cpu line of /proc/stat: " + cpuLine);
        }
        long total = 0;
        long idle = 0;
        int fields = Math.min(f.length, 9); // user .. steal
        for (int i = 1; i < fields; i++) {
            long value = Long.parseLong(f[i]);
            total += value;
            if (i == 4 || i == 5) {
                idle += value;
            }
        }
        return new CpuTimes(total - idle, total);
    }

    static CpuTimes now() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
            if (line.startsWith("cpu ")) {
                return parse(line);
            }
        }
        throw new IOException("no aggregate cpu line in /proc/stat");
    }

    /**
     * Samples the machine's CPU until it is below {@link #BUSY_LIMIT} or {@code maxWait} has passed, and
     * returns the last busy share seen (NaN where there is no /proc). Never fails the run: a busy machine
     * is reported, not refused.
     */
    static double await(Duration maxWait, String what) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        boolean warned = false;
        while (true) {
            double busy;
            try {
                CpuTimes before = now();
                Thread.sleep(SAMPLE.toMillis());
                busy = now().busySince(before);
            } catch (IOException | RuntimeException noProc) {
                return Double.NaN;
            }
            if (!(busy > BUSY_LIMIT) || System.nanoTime() - deadline > 0) {
                if (busy > BUSY_LIMIT) {
                    System.out.printf(Locale.ROOT, "[scale] machine still %.0f %% busy before %s; measuring anyway%n",
                            busy * 100, what);
                }
                return busy;
            }
            if (!warned) {
                System.out.printf(Locale.ROOT, "[scale] machine %.0f %% busy before %s (something else is running);"
                        + " waiting up to %d s for it to quieten%n", busy * 100, what, maxWait.toSeconds());
                warned = true;
            }
        }
    }
}
