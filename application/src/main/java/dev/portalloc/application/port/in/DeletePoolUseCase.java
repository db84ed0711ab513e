package dev.portalloc.application.port.in;

/** Deletes an empty pool; a pool holding allocations is a {@link dev.portalloc.domain.PoolConflictException}. */
public interface DeletePoolUseCase {
    void deletePool(DeletePoolCommand command);
}
