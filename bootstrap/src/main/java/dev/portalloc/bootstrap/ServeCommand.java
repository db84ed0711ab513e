package dev.portalloc.bootstrap;

import dev.portalloc.adapters.jdbc.JdbcSettings;
import dev.portalloc.adapters.web.AccessPolicy;
import dev.portalloc.adapters.web.ApiToken;
import dev.portalloc.adapters.web.TlsKeystore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code serve}: runs the HTTP service until the process is stopped. Every option falls back to its
 * {@code PORTALLOC_*} environment variable, then to its default.
 *
 * <p>SIGTERM and SIGINT stop it in order: no new connections, requests in flight finish, then the
 * process exits with status 0.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the HTTP API until stopped (SIGTERM or Ctrl-C).")
final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Option(names = "--http-host", defaultValue = "${env:PORTALLOC_HTTP_HOST:-127.0.0.1}",
            description = "Address to listen on (env PORTALLOC_HTTP_HOST, default ${DEFAULT-VALUE}). Without API "
                    + "tokens only a loopback address is accepted.")
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

    // No ${DEFAULT-VALUE} in the descriptions below: it would print the secrets in --help.
    @Option(names = "--api-tokens", defaultValue = "${env:PORTALLOC_API_TOKENS:-}", paramLabel = "TOKENS",
            description = "Bearer tokens for /v1: comma-separated name:scope:secret (scope rw or ro, secret at least "
                    + ApiToken.MIN_SECRET_LENGTH + " characters of A-Z a-z 0-9 - . _ ~ + /), or @/path/to/file with "
                    + "one per line (env PORTALLOC_API_TOKENS, default none).")
    String apiTokens;

    // arity and fallbackValue: with a default of true (from the environment) picocli would otherwise
    // turn the flag, given as well, into false.
    @Option(names = "--insecure-no-auth", defaultValue = "${env:PORTALLOC_INSECURE_NO_AUTH:-false}",
            arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
            description = "Serve a non-loopback address without API tokens: anyone who can reach the port may "
                    + "change everything (env PORTALLOC_INSECURE_NO_AUTH=true).")
    boolean insecureNoAuth;

    @Option(names = "--tls-keystore", defaultValue = "${env:PORTALLOC_TLS_KEYSTORE:-}", paramLabel = "FILE",
            description = "PKCS#12 keystore with the certificate and private key to serve HTTPS with "
                    + "(env PORTALLOC_TLS_KEYSTORE, default none: plain HTTP).")
    String tlsKeystore;

    @Option(names = "--tls-keystore-password", defaultValue = "${env:PORTALLOC_TLS_KEYSTORE_PASSWORD:-}",
            arity = "0..1", paramLabel = "PASSWORD",
            description = "Password of the keystore and its key (env PORTALLOC_TLS_KEYSTORE_PASSWORD, default empty).")
    String tlsKeystorePassword;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ServerSettings settings = settings();
        Server server = Server.start(settings);
        CountDownLatch stopRequested = new CountDownLatch(1);
        List<String> handled = TerminationSignals.handle(signal -> {
            LOG.info("{} received: finishing the requests in flight, then stopping", signal);
            stopRequested.countDown();
        });
        // The fallback for whatever the signal handlers do not cover (System.exit elsewhere, a runtime
        // without them): the server still stops in order, though the exit status is then the JVM's.
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "portalloc-shutdown"));
        if (handled.isEmpty()) {
            server.awaitStop();
            return 0;
        }
        stopRequested.await();
        server.close();
        return 0;
    }

    ServerSettings settings() {
        Optional<DefaultPool> pool;
        try {
            pool = DefaultPool.parse(defaultPool);
        } catch (IllegalArgumentException e) {
            throw refused(e.getMessage());
        }
        if (httpHost == null || httpHost.isBlank()) {
            // Java reads an empty host as loopback and Jetty may read it as "every address": say which.
            throw refused("--http-host must name an address, e.g. 127.0.0.1 or 0.0.0.0");
        }
        if (httpPort < 0 || httpPort > 65535) {
            throw refused("--http-port must be within 0..65535");
        }
        if (reaperIntervalSeconds < 1 || reaperIntervalSeconds > 3600) {
            throw refused("--reaper-interval-seconds must be within 1..3600");
        }
        AccessPolicy access = accessPolicy();
        if (access.requiresToken() && insecureNoAuth) {
            throw refused("--insecure-no-auth (PORTALLOC_INSECURE_NO_AUTH) and API tokens exclude each other: "
                    + "with tokens, access is controlled; remove one of the two");
        }
        if (!access.requiresToken() && !insecureNoAuth && !isLoopback(httpHost)) {
            // Without access control, anyone who can reach the port could release every allocation.
            throw refused("refusing to serve on '" + httpHost + "' without access control: configure API tokens "
                    + "(--api-tokens or PORTALLOC_API_TOKENS), or serve on a loopback address (127.0.0.1, ::1, "
                    + "localhost); --insecure-no-auth (PORTALLOC_INSECURE_NO_AUTH=true) overrides this check");
        }
        return new ServerSettings(httpHost, httpPort, JdbcSettings.of(dbUrl, dbUser, dbPassword == null ? "" : dbPassword),
                pool, Duration.ofSeconds(reaperIntervalSeconds), access, insecureNoAuth, tls());
    }

    private AccessPolicy accessPolicy() {
        try {
            List<ApiToken> tokens = ApiTokensSpec.parse(apiTokens);
            return tokens.isEmpty() ? AccessPolicy.open() : AccessPolicy.tokens(tokens);
        } catch (IllegalArgumentException e) {
            throw refused(e.getMessage());
        }
    }

    private Optional<TlsKeystore> tls() {
        boolean passwordGiven = tlsKeystorePassword != null && !tlsKeystorePassword.isEmpty();
        if (tlsKeystore == null || tlsKeystore.isBlank()) {
            if (passwordGiven) {
                throw refused("--tls-keystore-password (PORTALLOC_TLS_KEYSTORE_PASSWORD) is set but no "
                        + "--tls-keystore (PORTALLOC_TLS_KEYSTORE) is");
            }
            return Optional.empty();
        }
        try {
            return Optional.of(TlsKeystore.pkcs12(Path.of(tlsKeystore.strip()),
                    passwordGiven ? tlsKeystorePassword.toCharArray() : new char[0]));
        } catch (IllegalArgumentException e) {
            throw refused(e.getMessage());
        }
    }

    private CommandLine.ParameterException refused(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
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
