package dev.portalloc.systemtests;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What the soak is told by its environment.
 *
 * <ul>
 * <li>{@code PORTALLOC_SOAK=true} turns it on; otherwise it is skipped.</li>
 * <li>{@code PORTALLOC_TEST_POSTGRES_URL}: a JDBC URL; the soak creates (and drops) a database of its own
 *     beside the one it names. {@code PORTALLOC_TEST_REQUIRE_POSTGRES=true} makes a missing URL a failure.</li>
 * <li>{@code PORTALLOC_SOAK_PG_RESTART_CMD}: a shell command that restarts PostgreSQL; without it that
 *     fault is skipped (and the report says so).</li>
 * <li>{@code PORTALLOC_SOAK_EXPECT_EXIT_0=true}: an instance sent SIGTERM must exit 0.</li>
 * <li>{@code PORTALLOC_SOAK_SECONDS} (default 60), {@code PORTALLOC_SOAK_CLIENTS} (default 32),
 *     {@code PORTALLOC_SOAK_SEED} (default fixed), {@code PORTALLOC_SOAK_RESTART_KILLED} (default true:
 *     the killed instance is started again, as a supervisor would).</li>
 * </ul>
 */
record SoakSettings(boolean enabled, Optional<String> postgresUrl, boolean requirePostgres,
                    Optional<String> pgRestartCommand, boolean expectExitZero, Duration loadDuration, int clients,
                    long seed, boolean restartKilled, Duration requestTimeout) {
    static final String ENABLE = "PORTALLOC_SOAK";
    static final String POSTGRES_URL = "PORTALLOC_TEST_POSTGRES_URL";
    static final String REQUIRE_POSTGRES = "PORTALLOC_TEST_REQUIRE_POSTGRES";
    static final String PG_RESTART_CMD = "PORTALLOC_SOAK_PG_RESTART_CMD";
    static final String EXPECT_EXIT_ZERO = "PORTALLOC_SOAK_EXPECT_EXIT_0";
    static final String SECONDS = "PORTALLOC_SOAK_SECONDS";
    static final String CLIENTS = "PORTALLOC_SOAK_CLIENTS";
    static final String SEED = "PORTALLOC_SOAK_SEED";
    static final String RESTART_KILLED = "PORTALLOC_SOAK_RESTART_KILLED";

    static final long DEFAULT_SEED = 20261127L;

    static SoakSettings from(Map<String, String> env) {
        return new SoakSettings(
                flag(env, ENABLE, false),
                text(env, POSTGRES_URL),
                flag(env, REQUIRE_POSTGRES, false),
                text(env, PG_RESTART_CMD),
                flag(env, EXPECT_EXIT_ZERO, false),
                Duration.ofSeconds(integer(env, SECONDS, 60, 20, 600)),
                integer(env, CLIENTS, 32, 1, 256),
                text(env, SEED).map(Long::parseLong).orElse(DEFAULT_SEED),
                flag(env, RESTART_KILLED, true),
                Duration.ofSeconds(10));
    }

    private static Optional<String> text(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::trim).filter(value -> !value.isEmpty());
    }

    private static boolean flag(Map<String, String> env, String name, boolean fallback) {
        return text(env, name).map("true"::equalsIgnoreCase).orElse(fallback);
    }

    private static int integer(Map<String, String> env, String name, int fallback, int min, int max) {
        int value = text(env, name).map(Integer::parseInt).orElse(fallback);
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be within " + min + ".." + max + " (got " + value + ")");
        }
        return value;
    }
}
