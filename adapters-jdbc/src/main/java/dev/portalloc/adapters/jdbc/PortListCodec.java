package dev.portalloc.adapters.jdbc;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Port lists as compact text: ascending, comma-separated, runs of three or more written as
 * {@code first-last}, e.g. {@code "5672,15672-15680"}. A reserved block of thousands of ports stays a
 * few bytes, and the column stays readable in a SQL console.
 */
final class PortListCodec {
    private PortListCodec() {
    }

    /** {@code ports} must be ascending without duplicates. */
    static String encode(Collection<Integer> ports) {
        StringBuilder text = new StringBuilder();
        int runStart = -1;
        int previous = -1;
        for (int port : ports) {
            if (runStart >= 0 && port == previous + 1) {
                previous = port;
                continue;
            }
            if (runStart >= 0) {
                appendRun(text, runStart, previous);
            }
            runStart = port;
            previous = port;
        }
        if (runStart >= 0) {
            appendRun(text, runStart, previous);
        }
        return text.toString();
    }

    static List<Integer> decode(String text) {
        List<Integer> ports = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return ports;
        }
        for (String item : text.split(",")) {
            int dash = item.indexOf('-');
            if (dash < 0) {
                ports.add(Integer.parseInt(item));
            } else {
                int last = Integer.parseInt(item.substring(dash + 1));
                for (int port = Integer.parseInt(item.substring(0, dash)); port <= last; port++) {
                    ports.add(port);
                }
            }
        }
        return ports;
    }

    private static void appendRun(StringBuilder text, int first, int last) {
        if (!text.isEmpty()) {
            text.append(',');
        }
        if (last - first >= 2) {
            text.append(first).append('-').append(last);
        } else {
            text.append(first);
            if (last != first) {
                text.append(',').append(last);
            }
        }
    }
}
