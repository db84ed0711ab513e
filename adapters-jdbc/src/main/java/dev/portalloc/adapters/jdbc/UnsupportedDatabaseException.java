package dev.portalloc.adapters.jdbc;

/** The DataSource leads to a database other than H2 or PostgreSQL. */
public final class UnsupportedDatabaseException extends IllegalStateException {
    UnsupportedDatabaseException(String message) {
        super(message);
    }
}
