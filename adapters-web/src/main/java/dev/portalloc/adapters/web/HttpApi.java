package dev.portalloc.adapters.web;

import dev.portalloc.application.port.in.UseCases;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HttpResponseException;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The HTTP API of portalloc over the inbound ports.
 *
 * <p>{@link #start(String, int)} serves it; {@link #createApp()} builds an unstarted Javalin app with
 * the same routes, access control, limits and error handling, for tests or for an embedding platform
 * that starts it itself. Each app owns all of its state; nothing is shared between apps.
 *
 * <p>{@link #builder} sets who may call it ({@link AccessPolicy}), HTTPS ({@link TlsKeystore}) and the
 * limits that keep one slow or greedy client from taking the server down: an idle timeout, a bounded
 * worker pool, a bound on concurrent {@code /v1} requests beyond which requests are shed with 503, and
 * a bound on open connections. The two short constructors keep the defaults and an open API.
 */
public final class HttpApi {
    /** Request bodies over this many bytes are refused with 413 {@code payload-too-large}. */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    /** How long {@link Running#close()} lets requests in flight finish, unless told otherwise. */
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);
    /** How long a connection may stay silent (or a read or write stay stuck) before it is closed. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** The most threads the server runs requests (and its own I/O) on. */
    public static final int DEFAULT_MAX_THREADS = 144;
    /**
     * The most {@code /v1} requests that run at once. Allocations and releases that run at once mostly
     * wait to be decided together in one transaction, so this many cost one database connection, not 64.
     */
    public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 64;
    /** The most {@code /v1} requests that wait for one of those places at once; more are shed at once. */
    public static final int DEFAULT_MAX_QUEUED_REQUESTS = 64;
    /** How long a {@code /v1} request waits for a place before it is shed with 503. */
    public static final Duration DEFAULT_QUEUE_TIMEOUT = Duration.ofMillis(500);
    /** The most connections open at once; beyond it the server stops accepting until one closes. */
    public static final int DEFAULT_MAX_CONNECTIONS = 1024;
    /**
     * Threads kept out of reach of {@code /v1} requests, running or waiting: for Jetty's acceptor and
     * selectors and for health checks, so that a server at its limit still says whether it is alive.
     */
    static final int RESERVED_THREADS = 8;

    private final UseCases useCases;
    private final BooleanSupplier readiness;
    private final AccessPolicy accessPolicy;
    private final Optional<TlsKeystore> tls;
    private final Duration stopTimeout;
    private final Duration idleTimeout;
    private final int maxThreads;
    private final int maxConcurrentRequests;
    private final int maxQueuedRequests;
    private final Duration queueTimeout;
    private final int maxConnections;

    /**
     * An open API (no tokens) over plain HTTP with the default limits.
     *
     * @param useCases  every inbound port
     * @param readiness whether the service can do its work (the database answers); asked by
     *                  {@code GET /health/ready} on every call, so it should be quick
     */
    public HttpApi(UseCases useCases, BooleanSupplier readiness) {
        this(builder(useCases, readiness).validated());
    }

    /**
     * An open API (no tokens) over plain HTTP with the default limits.
     *
     * @param stopTimeout how long {@link Running#close()} waits for requests in flight; zero stops at
     *                    once, aborting them. Jetty also gives idle keep-alive connections up to a second
     *                    to close whenever this is not zero.
     */
    public HttpApi(UseCases useCases, BooleanSupplier readiness, Duration stopTimeout) {
        this(builder(useCases, readiness).stopTimeout(stopTimeout).validated());
    }

    private HttpApi(Builder builder) {
        this.useCases = builder.useCases;
        this.readiness = builder.readiness;
        this.accessPolicy = builder.accessPolicy;
        this.tls = builder.tls;
        this.stopTimeout = builder.stopTimeout;
        this.idleTimeout = builder.idleTimeout;
        this.maxThreads = builder.maxThreads;
        this.maxConcurrentRequests = builder.maxConcurrentRequests;
        this.maxQueuedRequests = builder.maxQueuedRequests;
        this.queueTimeout = builder.queueTimeout;
        this.maxConnections = builder.maxConnections;
    }

    /**
     * @param useCases  every inbound port
     * @param readiness whether the service can do its work (the database answers); asked by
     *                  {@code GET /health/ready} on every call, so it should be quick
     */
    public static Builder builder(UseCases useCases, BooleanSupplier readiness) {
        return new Builder(useCases, readiness);
    }

    /** Who may call the API. */
    public AccessPolicy accessPolicy() {
        return accessPolicy;
    }

    /** A new, unstarted app serving the API on the host and port it is started with. */
    public Javalin createApp() {
        JsonCodec codec = new JsonCodec();
        ProblemMapper problems = new ProblemMapper(codec, MAX_BODY_BYTES);
        // A body gets as long to arrive in full as a connection may stay silent.
        ApiRoutes routes = new ApiRoutes(useCases, readiness, new RequestReader(codec, MAX_BODY_BYTES, idleTimeout), codec,
                new AccessControl(accessPolicy), new Admission(maxConcurrentRequests, maxQueuedRequests, queueTimeout));
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.startup.startupWatcherEnabled = false;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.http.prefer405over404 = true;
            config.http.defaultContentType = JsonCodec.JSON;
            QueuedThreadPool threads = new QueuedThreadPool(maxThreads, Math.min(8, maxThreads));
            threads.setName("portalloc-http");
            config.jetty.threadPool = threads;
            // Javalin adds no connector of its own once one is given; this one reads the host and port
            // the app is started with, which Javalin has stored in its config by the time it asks.
            config.jetty.addConnector((server, http) -> connector(server, http, config));
            config.jetty.modifyServer(server -> {
                // Javalin attaches its handler inside the innermost wrapper, so this one sees every request
                // and lets those in flight finish when the server stops.
                server.insertHandler(new GracefulHandler());
                server.setStopTimeout(stopTimeout.toMillis());
                server.setErrorHandler(new ProblemErrorHandler(problems));
                server.addBean(new NetworkConnectionLimit(maxConnections, server));
            });
            config.router.javaLangErrorHandler(problems::handleError);
            // Javalin answers its own HttpResponseExceptions (404, 405, 413) unless a handler is registered
            // for that type precisely; both registrations lead to the same mapper.
            config.routes.exception(HttpResponseException.class, problems::handle);
            config.routes.exception(Exception.class, problems::handle);
            routes.register(config.routes);
        });
    }

    private ServerConnector connector(org.eclipse.jetty.server.Server server, HttpConfiguration http,
                                      JavalinConfig config) {
        // Jetty keeps the header fields a connection has sent and, by default, matches later ones against them
        // ignoring case: "Authorization: Bearer ABC..." would then be read as the "Bearer abc..." sent before it
        // on the same connection, and a token differing only in case would pass.
        http.setHeaderCacheCaseSensitive(true);
        ServerConnector connector;
        if (tls.isPresent()) {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(tls.get().keyStore());
            ssl.setKeyStorePassword(tls.get().password());
            ssl.setKeyManagerPassword(tls.get().password());
            HttpConfiguration https = new HttpConfiguration(http);
            https.setHeaderCacheCaseSensitive(true);
            // Clients may reach the server by an address its certificate does not name; the certificate
            // check is theirs to make, not a reason for the server to refuse them.
            https.addCustomizer(new SecureRequestCustomizer(false));
            connector = new ServerConnector(server, 1, -1,
                    new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(https));
        } else {
            connector = new ServerConnector(server, 1, -1, new HttpConnectionFactory(http));
        }
        connector.setHost(config.jetty.host);
        connector.setPort(config.jetty.port);
        connector.setIdleTimeout(idleTimeout.toMillis());
        return connector;
    }

    /**
     * Builds the app and serves it until {@link Running#close()}.
     *
     * @param host the address to bind, e.g. {@code 127.0.0.1}
     * @param port the port to bind, or 0 for any free port (see {@link Running#port()})
     */
    public Running start(String host, int port) {
        Objects.requireNonNull(host, "host");
        Javalin app = createApp();
        app.start(host, port);
        return new Running(app, tls.isPresent() ? "https" : "http");
    }

    /** A started server. */
    public static final class Running implements AutoCloseable {
        private final Javalin app;
        private final String scheme;

        private Running(Javalin app, String scheme) {
            this.app = app;
            this.scheme = scheme;
        }

        /** The port actually bound. */
        public int port() {
            return app.port();
        }

        /** {@code https} when served with a {@link TlsKeystore}, else {@code http}. */
        public String scheme() {
            return scheme;
        }

        /** Stops accepting connections, lets requests in flight finish (up to a bound), then stops. */
        @Override
        public void close() {
            app.stop();
        }
    }

    /** The settings of an {@link HttpApi}; every one but the use cases and readiness has a default. */
    public static final class Builder {
        private final UseCases useCases;
        private final BooleanSupplier readiness;
        private AccessPolicy accessPolicy = AccessPolicy.open();
        private Optional<TlsKeystore> tls = Optional.empty();
        private Duration stopTimeout = DEFAULT_STOP_TIMEOUT;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private int maxThreads = DEFAULT_MAX_THREADS;
        private int maxConcurrentRequests = DEFAULT_MAX_CONCURRENT_REQUESTS;
        private int maxQueuedRequests = DEFAULT_MAX_QUEUED_REQUESTS;
        private Duration queueTimeout = DEFAULT_QUEUE_TIMEOUT;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;

        private Builder(UseCases useCases, BooleanSupplier readiness) {
            this.useCases = Objects.requireNonNull(useCases, "useCases");
            this.readiness = Objects.requireNonNull(readiness, "readiness");
        }

        /** Who may call {@code /v1} (default: anybody, {@link AccessPolicy#open()}). */
        public Builder accessPolicy(AccessPolicy accessPolicy) {
            this.accessPolicy = Objects.requireNonNull(accessPolicy, "accessPolicy");
            return this;
        }

        /** Serve HTTPS with this certificate and key instead of plain HTTP (default: plain HTTP). */
        public Builder tls(TlsKeystore keystore) {
            this.tls = Optional.of(keystore);
            return this;
        }

        /**
         * How long {@link Running#close()} waits for requests in flight (default 10 s); zero stops at
         * once, aborting them.
         */
        public Builder stopTimeout(Duration stopTimeout) {
            Objects.requireNonNull(stopTimeout, "stopTimeout");
            if (stopTimeout.isNegative()) {
                throw new IllegalArgumentException("stopTimeout must not be negative");
            }
            this.stopTimeout = stopTimeout;
            return this;
        }

        /**
         * How long a connection may send or accept nothing (idle between requests, or stuck halfway
         * through one) before the server closes it, and how long a request body may take to arrive in
         * full (default 30 s).
         */
        public Builder idleTimeout(Duration idleTimeout) {
            Objects.requireNonNull(idleTimeout, "idleTimeout");
            if (idleTimeout.toMillis() < 1) {
                throw new IllegalArgumentException("idleTimeout must be at least 1 ms (got " + idleTimeout + ")");
            }
            this.idleTimeout = idleTimeout;
            return this;
        }

        /** The most threads the server uses (default {@value HttpApi#DEFAULT_MAX_THREADS}). */
        public Builder maxThreads(int maxThreads) {
            this.maxThreads = maxThreads;
            return this;
        }

        /**
         * The most {@code /v1} requests that run at once (default {@value HttpApi#DEFAULT_MAX_CONCURRENT_REQUESTS}),
         * how many more may wait for a place (default {@value HttpApi#DEFAULT_MAX_QUEUED_REQUESTS}) and for how long
         * (default 500 ms); any others get 503 {@code unavailable}
         * with {@code Retry-After}.
         */
        public Builder concurrency(int maxConcurrentRequests, int maxQueuedRequests, Duration queueTimeout) {
            Objects.requireNonNull(queueTimeout, "queueTimeout");
            if (queueTimeout.isNegative()) {
                throw new IllegalArgumentException("queueTimeout must not be negative");
            }
            this.maxConcurrentRequests = maxConcurrentRequests;
            this.maxQueuedRequests = maxQueuedRequests;
            this.queueTimeout = queueTimeout;
            return this;
        }

        /** The most connections open at once (default 1024). */
        public Builder maxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
            return this;
        }

        /** @throws IllegalArgumentException when the limits leave no threads for health checks */
        public HttpApi build() {
            return new HttpApi(validated());
        }

        private Builder validated() {
            if (maxConcurrentRequests < 1) {
                throw new IllegalArgumentException("maxConcurrentRequests must be at least 1 (got " + maxConcurrentRequests + ")");
            }
            if (maxQueuedRequests < 0) {
                throw new IllegalArgumentException("maxQueuedRequests must not be negative (got " + maxQueuedRequests + ")");
            }
            if (maxConnections < 1) {
                throw new IllegalArgumentException("maxConnections must be at least 1 (got " + maxConnections + ")");
            }
            int needed = maxConcurrentRequests + maxQueuedRequests + RESERVED_THREADS;
            if (maxThreads < needed) {
                throw new IllegalArgumentException("maxThreads must be at least maxConcurrentRequests + "
                        + "maxQueuedRequests + " + RESERVED_THREADS + " = " + needed + " (got " + maxThreads + ")");
            }
            return this;
        }
    }
}
