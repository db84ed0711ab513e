package dev.portalloc.archfixture.domain;

/** Violates: domain depends only on java.* (and: JDBC stays in adapters-jdbc). */
public final class DomainUsingJdbc {
    public javax.sql.DataSource dataSource;
    public java.sql.Connection connection;
}
