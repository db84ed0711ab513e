package dev.portalloc.application.port.in;

import java.util.List;

public interface ListPoolsUseCase {
    /** Every pool, ordered by name. */
    List<PoolSummary> listPools();
}
