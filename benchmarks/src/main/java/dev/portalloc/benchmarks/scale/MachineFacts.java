package dev.portalloc.benchmarks.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the figures were measured on; benchmark numbers mean little without it. */
record MachineFacts(int cores, String cpu, double memoryGb, String java, String os) {

    static MachineFacts collect() {
        return new MachineFacts(Runtime.getRuntime().availableProcessors(),
                procValue("/proc/cpuinfo", "model name", "unknown"),
                parseKb(procValue("/proc/meminfo", "MemTotal", "")) / (1024.0 * 1024.0),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
    }

    /** The value after the first {@code key:} line of a /proc file. */
    private static String procValue(String file, String key, String fallback) {
        try {
            List<String> lines = Files.readAllLines(Path.of(file));
            for (String line : lines) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
                    return line.substring(colon + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return fallback;
    }

    private static double parseKb(String text) {
        try {
            return Double.parseDouble(text.replace("kB", "").trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
