package dev.portalloc.benchmarks.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How each JVM's JIT warm-up ended, kept beside {@code throughput.csv} ({@code throughput-warmup.txt},
 * one {@code "<backend> <jvm>: <outcome>"} line each) and merged like its rows: a later run replaces the
 * lines of the JVMs it warmed and keeps the others, so the report can name every warm-up behind its rows.
 */
final class WarmupNotes {
    static final String FILE = "throughput-warmup.txt";
    private static final String SEPARATOR = ": ";

    private WarmupNotes() {
    }

    /** The merged lines: {@code earlier}'s, each replaced by a later one for the same JVM, then the new ones. */
    static List<String> merge(List<String> earlier, Map<String, String> later) {
        Map<String, String> byJvm = new LinkedHashMap<>();
        for (String line : earlier) {
            int split = line.indexOf(SEPARATOR);
            if (split > 0) {
                byJvm.put(line.substring(0, split), line.substring(split + SEPARATOR.length()));
            }
        }
        byJvm.putAll(later);
        List<String> lines = new ArrayList<>();
        byJvm.forEach((jvm, outcome) -> lines.add(jvm + SEPARATOR + outcome));
        return lines;
    }

    /** Merges {@code later} into the file in {@code dir} and returns all its lines. */
    static List<String> update(Path dir, Map<String, String> later) throws IOException {
        Path file = dir.resolve(FILE);
        List<String> earlier = Files.isRegularFile(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        List<String> merged = merge(earlier, later);
        Files.createDirectories(dir);
        Files.write(file, merged, StandardCharsets.UTF_8);
        return merged;
    }
}
