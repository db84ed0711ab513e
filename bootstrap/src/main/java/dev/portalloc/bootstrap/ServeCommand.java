package dev.portalloc.bootstrap;

import dev.portalloc.adapters.jdbc.JdbcSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.InetAddress;
import java.time.Duration;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code serve}: runs the HTTP service until the process is stopped. Every option falls back to its
 * {@code PORTALLOC_*} environment variable, then to its default.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the HTTP API until stopped (SIGTERM or Ctrl-C).")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--http-host", defaultValue = "${env:PORTALLOC_HTTP_HOST:-127.0.0.1}",
            description = "Address to listen on (env PORTALLOC_HTTP_HOST, default ${DEFAULT-VALUE}).")
    String httpHost;

    @Option(names = "--http-port", defaultValue = "${env:PORTALLOC_HTTP_PORT:-8080}",
            description = "Port to listen on, 0 for any free port (env PORTALLOC_HTTP_PORT, default ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--db-url", defaultValue = "${env:PORTALLOC_DB_URL:-jdbc:h2:file:./data/portalloc}",
            description = "JDBC URL of the H2 or PostgreSQL database (env PORTALLOC_DB_URL, default ${DEFAULT-VALUE}).")
    String dbUrl;

    @Option(names = "--db-user", defaultValue = "${env:PORTALLOC_DB_USER:-sa}",
            description = "Database user (env PORTALLOC_DB_USER, default ${DEFAULT-VALUE}).")
    String dbUser;

    @Option(names = "--db-password", defaultValue = "${env:PORTALLOC_DB_PASSWORD:-}", arity = "0..1",
            description = "Database password (env PORTALLOC_DB_PASSWORD, default empty).")
    String dbPassword;

    @Option(names = "--default-pool", defaultValue = "${env:PORTALLOC_DEFAULT_POOL:-default:10000-19999}",
            description = "Pool created at start unless it exists, 'name:min-max' or 'none' "
                    + "(env PORTALLOC_DEFAULT_POOL, default ${DEFAULT-VALUE}).")
    String defaultPool;

    @Option(names = "--reaper-interval-seconds", defaultValue = "${env:PORTALLOC_REAPER_INTERVAL_SECONDS:-5}",
            description = "How often expired leases are released, 1..3600 seconds "
                    + "(env PORTALLOC_REAPER_INTERVAL_SECONDS, default ${DEFAULT-VALUE}).")
    int reaperIntervalSeconds;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ServerSettings settings = settings();
        Server server = Server.start(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "portalloc-shutdown"));
        server.awaitStop();
        return 0;
    }

    ServerSettings settings() {
        Optional<DefaultPool> pool;
        try {
            pool = DefaultPool.parse(defaultPool);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (httpPort < 0 || httpPort > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--http-port must be within 0..65535");
        }
        if (reaperIntervalSeconds < 1 || reaperIntervalSeconds > 3600) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--reaper-interval-seconds must be within 1..3600");
        }
        if (!isLoopback(httpHost)) {
            // Without access control, anyone who can reach the port could release every allocation.
            throw new CommandLine.ParameterException(spec.commandLine(), "refusing to serve on '" + httpHost
                    + "': this version has no access control, so it serves only on a loopback address "
                    + "(127.0.0.1, ::1, localhost)");
        }
        return new ServerSettings(httpHost, httpPort, JdbcSettings.of(dbUrl, dbUser, dbPassword == null ? "" : dbPassword),
                pool, Duration.ofSeconds(reaperIntervalSeconds));
    }

    private static boolean isLoopback(String host) {
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
