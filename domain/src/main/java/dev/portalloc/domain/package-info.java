/**
 * The heart of portalloc: value objects (pool, deployment and service names, port ranges), the
 * {@link dev.portalloc.domain.Pool} aggregate with every allocation rule (range, cursor, reserved
 * ports, all-or-nothing choice, specific ports, contiguous runs, exhaustion) and the exceptions that
 * describe a refused request. Depends on nothing but {@code java.*}; knows nothing of databases or HTTP.
 */
package dev.portalloc.domain;
