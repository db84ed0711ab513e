package dev.portalloc.application.port.in;

/**
 * Creates or changes pools. A change that would leave an allocated port outside the range or make it
 * reserved is a {@link dev.portalloc.domain.PoolConflictException}.
 */
public interface DefinePoolUseCase {
    PoolDefinitionResult definePool(DefinePoolCommand command);

    /** Creates the pool when no pool of that name exists; otherwise leaves the existing one as it is. */
    PoolDefinitionResult definePoolIfAbsent(DefinePoolCommand command);
}
