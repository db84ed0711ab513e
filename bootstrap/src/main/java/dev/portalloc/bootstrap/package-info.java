/**
 * The composition root of the service: reads configuration (flags and {@code PORTALLOC_} environment
 * variables), builds the store, the use cases and the HTTP adapter with plain constructors, and runs
 * them until the process is told to stop. The only place that sees every ring.
 */
package dev.portalloc.bootstrap;
