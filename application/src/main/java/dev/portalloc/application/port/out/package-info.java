/**
 * Outbound ports: what the use cases need from outside. One repository per aggregate speaking domain
 * types, and the transaction port that makes each use-case call one atomic unit of work. Adapters
 * implement these (JPA, in-memory); every implementation passes the same contract tests.
 */
package dev.portalloc.application.port.out;
