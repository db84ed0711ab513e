package dev.portalloc.bootstrap;

import dev.portalloc.adapters.web.HttpApi;
import dev.portalloc.application.port.in.DefinePoolCommand;
import dev.portalloc.application.port.in.PoolDefinitionResult;
import dev.portalloc.embedded.Portalloc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.CountDownLatch;

/** A running service: the same graph an embedding platform builds, with the HTTP API in front of it. */
final class Server implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Server.class);

    private final Portalloc portalloc;
    private final HttpApi.Running http;
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
            HttpApi.Running http = new HttpApi(portalloc.useCases(), portalloc::isReady)
                    .start(settings.httpHost(), settings.httpPort());
            LOG.info("portalloc serving on http://{}:{}", settings.httpHost(), http.port());
            return new Server(portalloc, http);
        } catch (RuntimeException e) {
            portalloc.close();
            throw e;
        }
    }

    int port() {
        return http.port();
    }

    void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Finishes in-flight requests, then stops the reaper and closes the database connections. */
    @Override
    public void close() {
        try {
            http.close();
            portalloc.close();
            LOG.info("portalloc stopped");
        } finally {
            stopped.countDown();
        }
    }
}
