package dev.portalloc.application.port.in;

import dev.portalloc.domain.PoolName;

public interface GetPoolUseCase {
    /** @throws dev.portalloc.domain.PoolNotFoundException when no such pool exists */
    PoolSummary getPool(PoolName pool);
}
