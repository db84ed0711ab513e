package dev.portalloc.archfixture.adapters.web;

import dev.portalloc.archfixture.adapters.jdbc.JdbcUsingJackson;

/** Violates: adapters do not depend on each other; and persistence technology stays in adapters-jdbc. */
public final class WebUsingTheJdbcAdapter {
    public JdbcUsingJackson jdbc;
    public jakarta.persistence.EntityManager entityManager;
}
