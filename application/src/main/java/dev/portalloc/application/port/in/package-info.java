/**
 * Inbound ports: one {@code <Verb><Noun>UseCase} interface per capability, with the command or query
 * record it takes and the result records it returns. Adapters (HTTP, the embedding API) call these;
 * they speak domain types and plain records only.
 */
package dev.portalloc.application.port.in;
