package dev.portalloc.systemtests;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One fault injected (or skipped) during the load: what, when (seconds after the load began), against
 * which target, and the figures measured around it.
 */
record Fault(String name, double atSeconds, String target, String outcome, Map<String, Object> figures) {
    Fault {
        figures = new LinkedHashMap<>(figures);
    }

    static Fault skipped(String name, String why) {
        return new Fault(name, -1, "-", "skipped: " + why, Map.of());
    }
}
