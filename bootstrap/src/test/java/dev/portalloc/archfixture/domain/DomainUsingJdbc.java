package dev.portalloc.archfixture.domain;

/**
 * Violates: domain depends only on java.*; JDBC stays in adapters-jdbc; socket probing stays in
 * adapters-host.
 */
public final class DomainUsingJdbc {
    public javax.sql.DataSource dataSource;
    public java.sql.Connection connection;
    public java.net.ServerSocket probe;
}
