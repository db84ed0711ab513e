package dev.portalloc.benchmarks.load;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link BenchmarkSuite}'s command line; flags win over environment variables, which win over defaults. */
record SuiteOptions(List<String> backends, String only, Duration jitWarmupMax, Duration warmup, Duration measure,
                    List<Integer> clients,
                    int manyPools, int manyPoolsClients, Path out, Path jar, List<String> serverJvmArgs,
                    String pgHost, int pgPort, String pgUser, String pgPassword, Path pgbench, Path pgbenchScript) {

    static final String USAGE = """
            usage: java -cp benchmarks/target/benchmarks.jar dev.portalloc.benchmarks.load.BenchmarkSuite [options]
              --backend h2|postgresql|both   which database (default both)
              --only all|inprocess|pgbench|http
                                             what to run (default all; inprocess includes pgbench on PostgreSQL)
              --jit-warmup-max SECONDS       before a JVM's first row, load in 5 s windows until its JIT compiler
                                             settles, at most this long rounded up to a window (default 180;
                                             0: no such warm-up)
              --warmup SECONDS               warm-up per row, not counted (env PORTALLOC_BENCH_WARMUP, default 5)
              --measure SECONDS              measured phase per row (env PORTALLOC_BENCH_MEASURE, default 15)
              --quick                        3 s warm-up, 5 s measured, JIT warm-up at most 20 s, unless given
                                             explicitly
              --clients 1,4,16,64            client counts on one pool
              --many-pools 64                pools of the many-pool rows
              --many-pools-clients 16        clients of the many-pool rows (and of pgbench)
              --out benchmarks/results       where throughput.csv and throughput.md go
              --jar bootstrap/target/portalloc.jar
              --server-jvm-arg ARG           a JVM option for the server child (repeatable)
              --pg-host 127.0.0.1 --pg-port 5432 --pg-user postgres --pg-password '' (env PGPASSWORD)
              --pgbench PATH                 default: pgbench on the PATH
              --pgbench-script benchmarks/pgbench/cycle.sql
            """;

    static SuiteOptions parse(String[] args, Map<String, String> env) {
        List<String> backends = List.of("h2", "postgresql");
        String only = "all";
        Double jitWarmupMax = null;
        Double warmup = null;
        Double measure = null;
        boolean quick = false;
        List<Integer> clients = List.of(1, 4, 16, 64);
        int manyPools = 64;
        int manyPoolsClients = 16;
        Path out = Path.of("benchmarks/results");
        Path jar = Path.of("bootstrap/target/portalloc.jar");
        List<String> jvmArgs = new ArrayList<>();
        String pgHost = "127.0.0.1";
        int pgPort = 5432;
        String pgUser = "postgres";
        String pgPassword = env.getOrDefault("PGPASSWORD", "");
        Path pgbench = null;
        Path script = Path.of("benchmarks/pgbench/cycle.sql");
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--quick")) {
                quick = true;
                continue;
            }
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new UsageException("");
            }
            if (i + 1 >= args.length) {
                throw new UsageException(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--backend" -> backends = switch (value) {
                    case "h2" -> List.of("h2");
                    case "postgresql", "postgres", "pg" -> List.of("postgresql");
                    case "both" -> List.of("h2", "postgresql");
                    default -> throw new UsageException("unknown backend " + value);
                };
                case "--only" -> {
                    if (!List.of("all", "inprocess", "pgbench", "http").contains(value)) {
                        throw new UsageException("unknown --only " + value);
                    }
                    only = value;
                }
                case "--jit-warmup-max" -> jitWarmupMax = seconds(flag, value);
                case "--warmup" -> warmup = seconds(flag, value);
                case "--measure" -> measure = seconds(flag, value);
                case "--clients" -> clients = Arrays.stream(value.split(",")).map(String::trim).map(Integer::valueOf).toList();
                case "--many-pools" -> manyPools = Integer.parseInt(value);
                case "--many-pools-clients" -> manyPoolsClients = Integer.parseInt(value);
                case "--out" -> out = Path.of(value);
                case "--jar" -> jar = Path.of(value);
                case "--server-jvm-arg" -> jvmArgs.add(value);
                case "--pg-host" -> pgHost = value;
                case "--pg-port" -> pgPort = Integer.parseInt(value);
                case "--pg-user" -> pgUser = value;
                case "--pg-password" -> pgPassword = value;
                case "--pgbench" -> pgbench = Path.of(value);
                case "--pgbench-script" -> script = Path.of(value);
                default -> throw new UsageException("unknown option " + flag);
            }
        }
        if (warmup == null) {
            warmup = env.containsKey("PORTALLOC_BENCH_WARMUP") ? seconds("PORTALLOC_BENCH_WARMUP", env.get("PORTALLOC_BENCH_WARMUP"))
                    : quick ? 3.0 : 5.0;
        }
        if (jitWarmupMax == null) {
            jitWarmupMax = quick ? 20.0 : 180.0;
        }
        if (measure == null) {
            measure = env.containsKey("PORTALLOC_BENCH_MEASURE") ? seconds("PORTALLOC_BENCH_MEASURE", env.get("PORTALLOC_BENCH_MEASURE"))
                    : quick ? 5.0 : 15.0;
        }
        if (measure <= 0) {
            throw new UsageException("the measured phase must be longer than 0 s");
        }
        if (clients.isEmpty() || clients.stream().anyMatch(c -> c < 1) || manyPools < 1 || manyPoolsClients < 1) {
            throw new UsageException("client and pool counts must be at least 1");
        }
        if (pgbench == null) {
            pgbench = onPath("pgbench", env).orElse(Path.of("/usr/bin/pgbench"));
        }
        return new SuiteOptions(backends, only, Duration.ofMillis(Math.round(jitWarmupMax * 1000)),
                Duration.ofMillis(Math.round(warmup * 1000)),
                Duration.ofMillis(Math.round(measure * 1000)), clients, manyPools, manyPoolsClients, out, jar,
                List.copyOf(jvmArgs), pgHost, pgPort, pgUser, pgPassword, pgbench, script);
    }

    /** The server's {@code postgres} database, through which scratch databases are created and dropped. */
    String pgAdminUrl() {
        return "jdbc:postgresql://" + pgHost + ":" + pgPort + "/postgres";
    }

    boolean runs(String what) {
        return only.equals("all") || only.equals(what) || (what.equals("pgbench") && only.equals("inprocess"));
    }

    private static double seconds(String flag, String value) {
        try {
            double s = Double.parseDouble(value);
            if (s < 0) {
                throw new UsageException(flag + " must not be negative");
            }
            return s;
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " takes seconds (got " + value + ")");
        }
    }

    private static Optional<Path> onPath(String program, Map<String, String> env) {
        for (String dir : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
