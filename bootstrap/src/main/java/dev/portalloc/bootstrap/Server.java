package dev.portalloc.bootstrap;

import dev.portalloc.adapters.jdbc.JdbcStore;
import dev.portalloc.adapters.web.HttpApi;
import dev.portalloc.application.port.in.DefinePoolCommand;
import dev.portalloc.application.port.in.PoolDefinitionResult;
import dev.portalloc.application.port.in.UseCases;
import dev.portalloc.application.service.UseCaseFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/** A running service: the store, the use cases over it, and the HTTP API in front of them. */
final class Server implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Server.class);

    private final JdbcStore store;
    private final HttpApi.Running http;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private Server(JdbcStore store, HttpApi.Running http) {
        this.store = store;
        this.http = http;
    }

    static Server start(ServerSettings settings) {
        JdbcStore store = JdbcStore.open(settings.database());
        try {
            UseCases useCases = UseCaseFactory.create(store.pools(), store.allocations(), store.transactions(),
                    Clock.systemUTC());
            settings.defaultPool().ifPresent(pool -> {
                PoolDefinitionResult result = useCases.definePool().definePoolIfAbsent(
                        new DefinePoolCommand(pool.name(), pool.range(), Set.of()));
                LOG.info("default pool '{}' {} ({})", pool.name(), result.created() ? "created" : "exists",
                        result.pool().range());
            });
            HttpApi.Running http = new HttpApi(useCases, store::isReachable).start(settings.httpHost(), settings.httpPort());
            LOG.info("portalloc serving on http://{}:{}", settings.httpHost(), http.port());
            return new Server(store, http);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    int port() {
        return http.port();
    }

    void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Finishes in-flight requests, then closes the database connections. */
    @Override
    public void close() {
        try {
            http.close();
            store.close();
            LOG.info("portalloc stopped");
        } finally {
            stopped.countDown();
        }
    }
}
