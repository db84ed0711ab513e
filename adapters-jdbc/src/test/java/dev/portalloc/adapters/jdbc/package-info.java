/**
 * Tests of the JDBC adapter: the application's repository contracts and this module's transaction
 * runner contract on H2 and PostgreSQL, two stores sharing one database under concurrent load, the
 * classification of transient failures, and a single-thread throughput measurement. PostgreSQL tests
 * run when {@code PORTALLOC_TEST_POSTGRES_URL} is set (see {@link dev.portalloc.adapters.jdbc.PostgresTestDatabase}).
 * May use everything the adapter uses, the application's test-jar, JUnit 5 and AssertJ.
 */
package dev.portalloc.adapters.jdbc;
