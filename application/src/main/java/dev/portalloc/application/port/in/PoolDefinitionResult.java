package dev.portalloc.application.port.in;

/** The pool after a definition, and whether the call created it. */
public record PoolDefinitionResult(PoolSummary pool, boolean created) {
}
