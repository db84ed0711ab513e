package dev.portalloc.archfixture.adapters.jdbc;

/** Violates: Javalin, Jetty and Jackson stay in adapters-web. */
public final class JdbcUsingJackson {
    public com.fasterxml.jackson.databind.ObjectMapper mapper;
}
