package dev.portalloc.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/** Where and when figures were taken, for the head of a results file: numbers mean little without it. */
public record MachineInfo(Instant date, int cores, String cpu, String memory, String os, String java,
                          String postgresql) {

    /**
     * This machine now; the PostgreSQL version is asked of {@code pgAdminUrl} (best effort: "unknown"
     * when it does not answer, "not used" when none is given).
     */
    public static MachineInfo collect(Optional<String> pgAdminUrl, String pgUser, String pgPassword) {
        return new MachineInfo(Instant.now().truncatedTo(ChronoUnit.SECONDS),
                Runtime.getRuntime().availableProcessors(), readCpuModel(), readMemory(), readOs(), readJava(),
                pgAdminUrl.map(url -> postgresVersion(url, pgUser, pgPassword)).orElse("not used"));
    }

    /** As rows of a two-column Markdown table. */
    public Map<String, String> asRows() {
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("date (UTC)", date.toString());
        rows.put("cores", Integer.toString(cores));
        rows.put("CPU", cpu);
        rows.put("memory", memory);
        rows.put("OS", os);
        rows.put("Java", java);
        rows.put("PostgreSQL", postgresql);
        return rows;
    }

    public String markdownTable() {
        StringBuilder out = new StringBuilder("| | |\n|---|---|\n");
        asRows().forEach((k, v) -> out.append("| ").append(k).append(" | ").append(v.replace("|", "\\|")).append(" |\n"));
        return out.toString();
    }

    private static String readCpuModel() {
        return firstMatching(Path.of("/proc/cpuinfo"), "model name").orElse(System.getProperty("os.arch"));
    }

    private static String readMemory() {
        return firstMatching(Path.of("/proc/meminfo"), "MemTotal").map(v -> {
            String[] parts = v.trim().split("\\s+");
            try {
                return String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(parts[0]) / 1024.0 / 1024.0);
            } catch (NumberFormatException e) {
                return v;
            }
        }).orElse(Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB max heap");
    }

    private static String readOs() {
        String kernel = System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch");
        return firstMatching(Path.of("/etc/os-release"), "PRETTY_NAME", '=')
                .map(v -> v.replace("\"", "") + ", " + kernel).orElse(kernel);
    }

    /** What {@code java -version} says, from this JVM's own properties (the server child runs the same java). */
    private static String readJava() {
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
                + System.getProperty("java.vendor") + ")";
    }

    private static String postgresVersion(String url, String user, String password) {
        Properties login = new Properties();
        if (user != null) {
            login.setProperty("user", user);
        }
        if (password != null) {
            login.setProperty("password", password);
        }
        // This connection's own, not DriverManager.setLoginTimeout: that would bind the run's later connections.
        login.setProperty("loginTimeout", "3");
        try (Connection c = DriverManager.getConnection(url, login);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version()")) {
            return rs.next() ? rs.getString(1) : "unknown";
        } catch (SQLException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static Optional<String> firstMatching(Path file, String key) {
        return firstMatching(file, key, ':');
    }

    private static Optional<String> firstMatching(Path file, String key, char separator) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (String line : lines) {
                int at = line.indexOf(separator);
                if (at > 0 && line.substring(0, at).trim().equals(key)) {
                    return Optional.of(line.substring(at + 1).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable: the caller falls back
        }
        return Optional.empty();
    }
}
