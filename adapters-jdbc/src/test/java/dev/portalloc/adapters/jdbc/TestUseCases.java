package dev.portalloc.adapters.jdbc;

import dev.portalloc.application.port.in.UseCases;
import dev.portalloc.application.port.out.HostPorts;
import dev.portalloc.application.service.UseCaseFactory;

import java.time.Clock;

/** Every use case over one store, as a service instance would build them; no host ports in use. */
final class TestUseCases {
    private TestUseCases() {
    }

    static UseCases of(JdbcStore store, Clock clock) {
        return new UseCaseFactory(store.pools(), store.allocations(), store.events(), HostPorts.NONE,
                store.transactions(), clock).create();
    }
}
