package dev.portalloc.adapters.jdbc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The values and placeholders of the SQL IN lists the hot path builds. */
final class InLists {
    private InLists() {
    }

    /**
     * The values, the last one repeated up to a power of two: IN lists then come in a handful of lengths, a
     * handful of statements that H2's cache and PostgreSQL's prepared statements keep, where a statement
     * per length would mostly be parsed again. A value twice in an IN list matches the same rows.
     */
    static <T> List<T> padded(List<T> values) {
        int size = values.size() <= 1 ? values.size() : Integer.highestOneBit(values.size() - 1) << 1;
        if (size == values.size()) {
            return values;
        }
        List<T> padded = new ArrayList<>(size);
        padded.addAll(values);
        padded.addAll(Collections.nCopies(size - values.size(), values.get(values.size() - 1)));
        return padded;
    }

    /** {@code count} copies of {@code each}, comma-separated: "?, ?" or "(?, ?), (?, ?)". */
    static String placeholders(int count, String each) {
        return String.join(", ", Collections.nCopies(count, each));
    }
}
