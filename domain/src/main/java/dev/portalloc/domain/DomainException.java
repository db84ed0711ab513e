package dev.portalloc.domain;

/**
 * A request the rules refuse. The permitted subclasses are the complete list of refusals; each
 * carries the names, ports and counts involved so that callers can explain the refusal as data.
 */
public abstract sealed class DomainException extends RuntimeException
        permits InvalidInputException, PoolNotFoundException, AllocationNotFoundException,
                PoolExhaustedException, PortUnavailableException, AllocationConflictException,
                PoolConflictException {

    DomainException(String message) {
        super(message, null, false, false);
    }
}
