package dev.portalloc.bootstrap;

import dev.portalloc.adapters.web.AccessPolicy;
import dev.portalloc.adapters.web.HttpApi;
import dev.portalloc.application.port.in.DefinePoolCommand;
import dev.portalloc.application.port.in.PoolDefinitionResult;
import dev.portalloc.embedded.Portalloc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/** A running service: the same graph an embedding platform builds, with the HTTP API in front of it. */
final class Server implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Server.class);

    private final Portalloc portalloc;
    private final HttpApi.Running http;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    private Server(Portalloc portalloc, HttpApi.Running http) {
        this.portalloc = portalloc;
        this.http = http;
    }

    static Server start(ServerSettings settings) {
        Portalloc portalloc = Portalloc.builder()
                .database(settings.database())
                .reaperInterval(settings.reaperInterval())
                .open();
        try {
            settings.defaultPool().ifPresent(pool -> {
                PoolDefinitionResult result = portalloc.useCases().definePool().definePoolIfAbsent(
                        new DefinePoolCommand(pool.name(), pool.range(), Set.of()));
                LOG.info("default pool '{}' {} ({})", pool.name(), result.created() ? "created" : "exists",
                        result.pool().range());
            });
            HttpApi.Builder api = HttpApi.builder(portalloc.useCases(), portalloc::isReady)
                    .accessPolicy(settings.accessPolicy());
            settings.tls().ifPresent(api::tls);
            HttpApi.Running http = api.build().start(settings.httpHost(), settings.httpPort());
            String url = http.scheme() + "://" + settings.httpHost() + ":" + http.port();
            LOG.info("portalloc serving on {}", url);
            logAccess(settings, url);
            return new Server(portalloc, http);
        } catch (RuntimeException e) {
            portalloc.close();
            throw e;
        }
    }

    private static void logAccess(ServerSettings settings, String url) {
        AccessPolicy policy = settings.accessPolicy();
        if (policy.requiresToken()) {
            // Names and scopes only: a token's text form never holds its secret.
            LOG.info("API tokens required on /v1: {}", policy.tokens());
        } else if (settings.insecureNoAuth()) {
            LOG.warn("*** INSECURE: --insecure-no-auth is set and no API token is configured. {} is served WITHOUT "
                    + "ACCESS CONTROL: anyone who can reach it can allocate, release and delete every allocation and "
                    + "pool. Configure PORTALLOC_API_TOKENS instead. ***", url);
        } else {
            LOG.info("no API tokens configured: /v1 is open to every process on this machine (loopback only)");
        }
    }

    void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /**
     * Finishes in-flight requests, then stops the reaper and closes the database connections. Safe to
     * call from several threads (the main thread on a signal, a shutdown hook): the first one stops the
     * server, the others wait until it has.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        try {
            http.close();
            portalloc.close();
            LOG.info("portalloc stopped");
        } finally {
            stopped.countDown();
        }
    }
}
