package dev.portalloc.benchmarks.scale;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Command-line options of {@link ScaleBenchmark}. {@code --name value} and {@code --name=value} both work.
 * {@code --quick} shortens every phase and seeds fewer pools, for a smoke run of the whole pipeline; its
 * figures are not the target's.
 */
record ScaleOptions(String pgAdminUrl, Path jar, Path out, boolean quick, int pools, int allocationsPerPool,
                    int benchPools, int connections, Duration warmup, Duration baselineMeasure,
                    Duration loadMeasure, Duration quietWait, int attempts) {
    static final String USAGE = """
            usage: ScaleBenchmark [--pg-admin-url URL] [--jar PATH] [--out FILE] [--load-seconds N] [--quick]
                                  [--pools N] [--allocations-per-pool N] [--bench-pools N] [--connections N]
                                  [--quiet-wait-seconds N] [--attempts N]
              --pg-admin-url  JDBC URL of an admin database (default jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres)
              --jar           the server jar (default bootstrap/target/portalloc.jar)
              --out           markdown report (default benchmarks/results/scale.md; raw jstat beside it)
              --load-seconds  measured load on the seeded database (default 60; 10 with --quick)
              --quick         short phases and 50 seeded pools: a smoke run, not the target's scale
              --pools, --allocations-per-pool   seed size (default 1000 x 1000)
              --bench-pools   pools the load spreads over, bench-1..N (default 16)
              --connections   HTTP keep-alive connections of the load (default 16)
              --quiet-wait-seconds  how long to wait for other processes to leave the CPU before each
                              measured load (default 180; 20 with --quick); measures anyway afterwards
              --attempts      tries of a load or of the seeded start when unrelated processes used 10 % or
                              more of the CPU during it; the least disturbed is reported (default 3; 1 with --quick)
            """;

    static final String DEFAULT_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
    private static final Set<String> FLAGS_WITH_VALUE = Set.of("pg-admin-url", "jar", "out", "load-seconds",
            "pools", "allocations-per-pool", "bench-pools", "connections", "quiet-wait-seconds", "attempts");

    ScaleOptions {
        if (pools < 1 || allocationsPerPool < 1 || benchPools < 1 || connections < 1 || attempts < 1) {
            throw new IllegalArgumentException("pools, allocations per pool, bench pools, connections and attempts"
                    + " must be >= 1");
        }
        if (benchPools > pools) {
            throw new IllegalArgumentException("the " + benchPools + " bench pools must be among the " + pools
                    + " seeded ones");
        }
        if (loadMeasure.isZero() || loadMeasure.isNegative()) {
            throw new IllegalArgumentException("--load-seconds must be >= 1");
        }
        if (quietWait.isNegative()) {
            throw new IllegalArgumentException("--quiet-wait-seconds must be >= 0");
        }
    }

    static ScaleOptions parse(List<String> args) {
        Map<String, String> values = new HashMap<>();
        boolean quick = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (name.equals("quick")) {
                quick = value == null || Boolean.parseBoolean(value);
                continue;
            }
            if (!FLAGS_WITH_VALUE.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
                value = args.get(++i);
            }
            values.put(name, value);
        }
        int loadSeconds = integer(values, "load-seconds", quick ? 10 : 60);
        return new ScaleOptions(
                values.getOrDefault("pg-admin-url", DEFAULT_ADMIN_URL),
                Path.of(values.getOrDefault("jar", "bootstrap/target/portalloc.jar")),
                Path.of(values.getOrDefault("out", "benchmarks/results/scale.md")),
                quick,
                integer(values, "pools", quick ? 50 : 1000),
                integer(values, "allocations-per-pool", 1000),
                integer(values, "bench-pools", 16),
                integer(values, "connections", 16),
                Duration.ofSeconds(quick ? 3 : 10),
                Duration.ofSeconds(quick ? 10 : 30),
                Duration.ofSeconds(loadSeconds),
                Duration.ofSeconds(integer(values, "quiet-wait-seconds", quick ? 20 : 180)),
                integer(values, "attempts", quick ? 1 : 3));
    }

    /** The {@code user} parameter of the admin URL, or {@code postgres}. */
    String pgUser() {
        return urlParameter("user", "postgres");
    }

    /** The {@code password} parameter of the admin URL, or none. */
    String pgPassword() {
        return urlParameter("password", "");
    }

    private String urlParameter(String name, String fallback) {
        int query = pgAdminUrl.indexOf('?');
        if (query < 0) {
            return fallback;
        }
        Matcher m = Pattern.compile("(?:^|[?&])" + Pattern.quote(name) + "=([^&]*)")
                .matcher(pgAdminUrl.substring(query));
        return m.find() ? URLDecoder.decode(m.group(1), StandardCharsets.UTF_8) : fallback;
    }

    /** The raw jstat lines go beside the report: {@code scale.md} gives {@code scale-jstat.txt}. */
    Path jstatOut() {
        String name = out.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return out.resolveSibling(stem + "-jstat.txt");
    }

    private static int integer(Map<String, String> values, String name, int fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number (got '" + value + "')");
        }
    }
}
