/**
 * Tests of the JDBC adapter: the application's repository and event log contracts, this module's
 * transaction runner and event sequencing contracts on H2 and PostgreSQL; two stores sharing one database
 * under concurrent load (allocations, the event log followed while it grows, reapers racing allocations
 * for expired leases); migration, the classification of transient failures, and a single-thread
 * throughput measurement. PostgreSQL tests run when {@code PORTALLOC_TEST_POSTGRES_URL} is set (see
 * {@link dev.portalloc.adapters.jdbc.PostgresTestDatabase}). May use everything the adapter uses, the
 * application's test-jar, JUnit 5 and AssertJ.
 */
package dev.portalloc.adapters.jdbc;
