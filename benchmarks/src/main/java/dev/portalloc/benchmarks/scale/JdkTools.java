package dev.portalloc.benchmarks.scale;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's own tools ({@code jstat}, {@code jcmd}) run against the server process, and its resident
 * memory from {@code /proc}. The tools come from this JVM's {@code java.home}, the same JDK that runs
 * the server, so their attach protocol and column set match it.
 */
public final class JdkTools {
    private static final long TOOL_TIMEOUT_SECONDS = 30;

    private JdkTools() {
    }

    static Path tool(String name) {
        Path path = Path.of(System.getProperty("java.home"), "bin", name);
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException(name + " not found at " + path + ": run the benchmark with a full JDK");
        }
        return path;
    }

    /**
     * {@code jstat -gc -t}. English number formatting, so decimals are always points (the parser copes
     * with commas too).
     */
    static List<String> jstatCommand(long pid, Integer intervalMillis) {
        List<String> command = jstat(pid, "-gc", "-t");
        if (intervalMillis != null) {
            command.add(Integer.toString(intervalMillis));
        }
        return command;
    }

    private static List<String> jstat(long pid, String... options) {
        List<String> command = new ArrayList<>(List.of(tool("jstat").toString(), "-J-Duser.language=en",
                "-J-Duser.country=US"));
        command.addAll(List.of(options));
        command.add(Long.toString(pid));
        return command;
    }

    /** Total time the process's JIT compilers have spent so far ({@code jstat -compiler}). */
    public static Duration compilationTime(long pid) throws IOException, InterruptedException {
        return compilationTime(run(jstat(pid, "-compiler")));
    }

    /**
     * The {@code Time} column (seconds) of {@code jstat -compiler}'s output, found by name under its
     * header; lines before the header (a JVM warning) are skipped.
     */
    static Duration compilationTime(List<String> jstatOutput) throws IOException {
        for (int i = 0; i + 1 < jstatOutput.size(); i++) {
            List<String> header = List.of(jstatOutput.get(i).trim().split("\\s+"));
            int time = header.indexOf("Time");
            if (!header.get(0).equals("Compiled") || time < 0) {
                continue;
            }
            String[] values = jstatOutput.get(i + 1).trim().split("\\s+");
            Double seconds = time < values.length ? JstatParser.number(values[time]) : null;
            if (seconds == null || seconds.isNaN()) {
                throw new IOException("no compile time under jstat -compiler's header: " + jstatOutput.get(i + 1));
            }
            return Duration.ofNanos(Math.round(seconds * 1e9));
        }
        throw new IOException("no jstat -compiler header in: " + String.join(" | ", jstatOutput));
    }

    /** One jstat sample now. */
    static GcSample gcSampleNow(long pid) throws IOException, InterruptedException {
        JstatParser parser = new JstatParser();
        Optional<GcSample> sample = Optional.empty();
        for (String line : run(jstatCommand(pid, null))) {
            Optional<GcSample> parsed = parser.accept(line);
            if (parsed.isPresent()) {
                sample = parsed;
            }
        }
        return sample.orElseThrow(() -> new IOException("jstat printed no sample for pid " + pid));
    }

    /**
     * Heap in use right after a full collection ({@code jcmd GC.run}, i.e. System.gc()): the live set,
     * free of the saw-tooth of garbage waiting to be collected.
     */
    static double liveHeapMb(long pid) throws IOException, InterruptedException {
        run(List.of(tool("jcmd").toString(), Long.toString(pid), "GC.run"));
        return gcSampleNow(pid).heapUsedMb();
    }

    /** The collector the server's JVM chose (the flags decide it; -Xmx alone leaves it to ergonomics). */
    static String collector(long pid) {
        try {
            String flags = String.join(" ", run(List.of(tool("jcmd").toString(), Long.toString(pid), "VM.flags")));
            for (String gc : List.of("G1", "Parallel", "Serial", "Z", "Shenandoah", "Epsilon")) {
                if (flags.contains("-XX:+Use" + gc + "GC")) {
                    return gc;
                }
            }
            return "unknown";
        } catch (IOException | RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** Resident set size in MB ({@code VmRSS} of {@code /proc/<pid>/status}), NaN where there is no /proc. */
    static double rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    String[] fields = line.substring("VmRSS:".length()).trim().split("\\s+");
                    return Long.parseLong(fields[0]) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return Double.NaN;
    }

    /** Runs a short-lived tool and returns its output lines; fails on a non-zero exit or a hang. */
    static List<String> run(List<String> command) throws IOException, InterruptedException {
        // Output to a file, not a pipe: reading a pipe would block past the timeout on a hung tool.
        Path output = Files.createTempFile("pa-scale-tool", ".txt");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(TOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in " + TOOL_TIMEOUT_SECONDS + " s");
            }
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + ": "
                        + String.join(" | ", lines));
            }
            return lines;
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
