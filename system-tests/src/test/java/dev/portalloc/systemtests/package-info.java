/**
 * System tests: the real {@code portalloc.jar} run as separate processes on a PostgreSQL database of
 * their own, driven over HTTP from many client threads while instances are killed and the database is
 * restarted, then checked against every response, the event log and the database itself. Uses only the
 * JDK's HTTP client, JDBC and Jackson: nothing of the product's code, which it sees from the outside.
 */
package dev.portalloc.systemtests;
