package dev.portalloc.benchmarks.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * How much of the machine's CPU went to processes that are not part of the measurement while a load
 * ran: machine busy time minus what the benchmark's JVM, the server and the server's PostgreSQL
 * backends used. On a shared two-core machine this says whether a latency figure was taken in peace.
 * PostgreSQL's own background processes (WAL writer, checkpointer) count as "other", so a few percent
 * is expected even on an idle machine.
 */
final class OtherCpu {
    private final MachineQuiet.CpuTimes machine;
    private final Map<Long, Long> ticks;

    private OtherCpu(MachineQuiet.CpuTimes machine, Map<Long, Long> ticks) {
        this.machine = machine;
        this.ticks = ticks;
    }

    /** A snapshot of the machine and of the given processes; ones that cannot be read are left out. */
    static OtherCpu snapshot(Set<Long> pids) throws IOException {
        Map<Long, Long> ticks = new HashMap<>();
        for (long pid : pids) {
            try {
                ticks.put(pid, parseProcessTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))));
            } catch (IOException | RuntimeException gone) {
                // exited, or not Linux
            }
        }
        return new OtherCpu(MachineQuiet.now(), ticks);
    }

    /**
     * The share of the machine's CPU time between {@code earlier} and this snapshot that no tracked
     * process used. A process seen only now started in between: all its time counts as tracked.
     */
    double otherShareSince(OtherCpu earlier) {
        long total = machine.total() - earlier.machine.total();
        if (total <= 0) {
            return Double.NaN;
        }
        long tracked = 0;
        for (Map.Entry<Long, Long> now : ticks.entrySet()) {
            Long before = earlier.ticks.get(now.getKey());
            tracked += now.getValue() - (before == null ? 0 : before);
        }
        long busy = machine.busy() - earlier.machine.busy();
        return Math.max(0, (double) (busy - tracked) / total);
    }

    Set<Long> pids() {
        return new HashSet<>(ticks.keySet());
    }

    /**
     * utime + stime (clock ticks, the unit of /proc/stat) from a {@code /proc/<pid>/stat} line. The
     * command name is in parentheses and may hold spaces, so fields are counted after the last ')'.
     */
    static long parseProcessTicks(String statLine) {
        int close = statLine.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + statLine);
        }
        String[] f = statLine.substring(close + 1).trim().split("\\s+");
        // f[0] is field 3 (state); utime and stime are fields 14 and 15
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
