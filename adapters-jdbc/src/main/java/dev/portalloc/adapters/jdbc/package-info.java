/**
 * The outbound ports of the application ({@code PoolRepository}, {@code AllocationRepository},
 * {@code EventLog}, {@code TransactionRunner}) on a relational database: JPA (Hibernate) for mapping,
 * HikariCP for connections and Flyway for the schema, on H2 and PostgreSQL.
 * {@link dev.portalloc.adapters.jdbc.JdbcStore} and {@link dev.portalloc.adapters.jdbc.JdbcSettings} are the
 * only entry points; everything else is package-private. JPA annotations live only in the
 * {@code *JpaEntity} classes, and vendor-specific SQL only in this package. May use the domain, the
 * application's {@code port.out}, Jakarta Persistence, Hibernate, HikariCP, Flyway, the JDBC drivers and
 * SLF4J; never the web adapter.
 */
package dev.portalloc.adapters.jdbc;
