package dev.portalloc.application.port.in;

import dev.portalloc.domain.PoolName;

public interface LookUpPortUseCase {
    /**
     * @throws dev.portalloc.domain.PoolNotFoundException  when the pool does not exist
     * @throws dev.portalloc.domain.InvalidInputException when the port is outside the pool's range
     */
    PortStatus lookUpPort(PoolName pool, int port);
}
