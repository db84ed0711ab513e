/**
 * Contract tests of the outbound ports. Each abstract class states what every implementation must do;
 * each adapter module subclasses it once per backend (in-memory here; H2 and PostgreSQL in
 * adapters-jdbc), so every backend passes the same tests. Shared through this module's test-jar.
 */
package dev.portalloc.application.contract;
