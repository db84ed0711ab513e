package dev.portalloc.benchmarks.scale;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code jstat -gc [-t]} output line by line. Columns are found by their header names, not by
 * position, because the set of columns differs between JDK versions (JDK 17 added CGC/CGCT) and with
 * {@code -t}. Not thread-safe: one parser per stream.
 */
final class JstatParser {
    private Map<String, Integer> columns = Map.of();

    /**
     * Feeds one line. A header line (re)defines the columns and yields nothing; a data line yields its
     * sample; anything else (blank, a warning, a truncated line) yields nothing.
     */
    Optional<GcSample> accept(String line) {
        if (line == null) {
            return Optional.empty();
        }
        String[] fields = line.trim().split("\\s+");
        if (fields.length == 0 || fields[0].isEmpty()) {
            return Optional.empty();
        }
        if (isHeader(fields)) {
            Map<String, Integer> byName = new HashMap<>();
            for (int i = 0; i < fields.length; i++) {
                byName.put(fields[i].toUpperCase(Locale.ROOT), i);
            }
            columns = byName;
            return Optional.empty();
        }
        if (columns.isEmpty() || fields.length != columns.size()) {
            return Optional.empty();
        }
        double[] values = new double[fields.length];
        for (int i = 0; i < fields.length; i++) {
            Double value = number(fields[i]);
            if (value == null) {
                return Optional.empty();
            }
            values[i] = value;
        }
        return Optional.of(new GcSample(
                get(values, "TIMESTAMP"),
                get(values, "S0C"), get(values, "S1C"), get(values, "S0U"), get(values, "S1U"),
                get(values, "EC"), get(values, "EU"), get(values, "OC"), get(values, "OU"),
                count(values, "YGC"), get(values, "YGCT"), count(values, "FGC"), get(values, "FGCT"),
                count(values, "CGC"), get(values, "CGCT"), get(values, "GCT")));
    }

    private static boolean isHeader(String[] fields) {
        for (String field : fields) {
            String name = field.toUpperCase(Locale.ROOT);
            if (name.equals("OU") || name.equals("YGC") || name.equals("S0C")) {
                return true;
            }
        }
        return false;
    }

    /** A number, NaN for jstat's "-" (not reported by this collector), or null when the field is not a number. */
    static Double number(String field) {
        if (field.equals("-")) {
            return Double.NaN;
        }
        // jstat formats with the default locale: "1234,5" on a German machine.
        String text = field.indexOf('.') < 0 ? field.replace(',', '.') : field;
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    private double get(double[] values, String column) {
        Integer index = columns.get(column);
        return index == null ? Double.NaN : values[index];
    }

    private long count(double[] values, String column) {
        double value = get(values, column);
        return Double.isNaN(value) ? 0 : (long) value;
    }
}
