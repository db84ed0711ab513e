package dev.portalloc.adapters.web;

import dev.portalloc.application.port.in.UseCases;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import org.eclipse.jetty.server.handler.GracefulHandler;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * The HTTP API of portalloc over the inbound ports: the only public type of this module.
 *
 * <p>{@link #start(String, int)} serves it; {@link #createApp()} builds an unstarted Javalin app with
 * the same routes and error handling, for tests or for an embedding platform that starts it itself.
 * Each app owns all of its state; nothing is shared between apps.
 */
public final class HttpApi {
    /** Request bodies over this many bytes are refused with 413 {@code payload-too-large}. */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    /** How long {@link Running#close()} lets requests in flight finish, unless told otherwise. */
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);

    private final UseCases useCases;
    private final BooleanSupplier readiness;
    private final Duration stopTimeout;

    /**
     * @param useCases  every inbound port
     * @param readiness whether the service can do its work (the database answers); asked by
     *                  {@code GET /health/ready} on every call, so it should be quick
     */
    public HttpApi(UseCases useCases, BooleanSupplier readiness) {
        this(useCases, readiness, DEFAULT_STOP_TIMEOUT);
    }

    /**
     * @param stopTimeout how long {@link Running#close()} waits for requests in flight; zero stops at
     *                    once, aborting them. Jetty also gives idle keep-alive connections up to a second
     *                    to close whenever this is not zero.
     */
    public HttpApi(UseCases useCases, BooleanSupplier readiness, Duration stopTimeout) {
        this.useCases = Objects.requireNonNull(useCases, "useCases");
        this.readiness = Objects.requireNonNull(readiness, "readiness");
        this.stopTimeout = Objects.requireNonNull(stopTimeout, "stopTimeout");
        if (stopTimeout.isNegative()) {
            throw new IllegalArgumentException("stopTimeout must not be negative");
        }
    }

    /** A new, unstarted app serving the API. */
    public Javalin createApp() {
        JsonCodec codec = new JsonCodec();
        ProblemMapper problems = new ProblemMapper(codec, MAX_BODY_BYTES);
        ApiRoutes routes = new ApiRoutes(useCases, readiness, new RequestReader(codec, MAX_BODY_BYTES), codec);
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.startup.startupWatcherEnabled = false;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.http.prefer405over404 = true;
            config.http.defaultContentType = JsonCodec.JSON;
            config.jetty.modifyServer(server -> {
                // Javalin attaches its handler inside the innermost wrapper, so this one sees every request
                // and lets those in flight finish when the server stops.
                server.insertHandler(new GracefulHandler());
                server.setStopTimeout(stopTimeout.toMillis());
                server.setErrorHandler(new ProblemErrorHandler(problems));
            });
            config.router.javaLangErrorHandler(problems::handleError);
            // Javalin answers its own HttpResponseExceptions (404, 405, 413) unless a handler is registered
            // for that type precisely; both registrations lead to the same mapper.
            config.routes.exception(HttpResponseException.class, problems::handle);
            config.routes.exception(Exception.class, problems::handle);
            routes.register(config.routes);
        });
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
        return new Running(app);
    }

    /** A started server. */
    public static final class Running implements AutoCloseable {
        private final Javalin app;

        private Running(Javalin app) {
            this.app = app;
        }

        /** The port actually bound. */
        public int port() {
            return app.port();
        }

        /** Stops accepting connections, lets requests in flight finish (up to a bound), then stops. */
        @Override
        public void close() {
            app.stop();
        }
    }
}
