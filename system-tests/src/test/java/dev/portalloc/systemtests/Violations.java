package dev.portalloc.systemtests;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Broken invariants by kind: every one counted, the first few of each kept verbatim for the report. */
final class Violations {
    static final int SAMPLES_PER_KIND = 5;

    private final Map<String, Long> counts = new TreeMap<>();
    private final Map<String, List<String>> samples = new TreeMap<>();

    synchronized void add(String kind, String detail) {
        counts.merge(kind, 1L, Long::sum);
        List<String> kept = samples.computeIfAbsent(kind, k -> new ArrayList<>());
        if (kept.size() < SAMPLES_PER_KIND) {
            kept.add(detail);
        }
    }

    synchronized long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    synchronized long count(String kind) {
        return counts.getOrDefault(kind, 0L);
    }

    synchronized Map<String, Long> counts() {
        return new LinkedHashMap<>(counts);
    }

    synchronized Map<String, List<String>> samples() {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        samples.forEach((kind, kept) -> copy.put(kind, List.copyOf(kept)));
        return copy;
    }
}
