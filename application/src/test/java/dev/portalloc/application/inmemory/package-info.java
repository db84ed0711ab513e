/**
 * In-memory adapters of the outbound ports: the reference implementation the contract tests run
 * first, and a fast store for tests of the services and the HTTP adapter. One lock serialises every
 * transaction; a failed transaction restores the state it started from.
 */
package dev.portalloc.application.inmemory;
