package dev.portalloc.systemtests;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code jdbc:postgresql://hosts/database?parameters} URL taken apart, so the soak can reach the
 * server's administrative database and name a database of its own on the same server with the same
 * credentials.
 */
record PostgresUrl(String hosts, String database, String query) {
    private static final String PREFIX = "jdbc:postgresql://";

    static PostgresUrl parse(String url) {
        if (!url.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a jdbc:postgresql:// URL: " + url);
        }
        String rest = url.substring(PREFIX.length());
        int question = rest.indexOf('?');
        String query = question < 0 ? "" : rest.substring(question + 1);
        String path = question < 0 ? rest : rest.substring(0, question);
        int slash = path.indexOf('/');
        String hosts = slash < 0 ? path : path.substring(0, slash);
        String database = slash < 0 ? "" : path.substring(slash + 1);
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("the URL names no host: " + url);
        }
        return new PostgresUrl(hosts, database, query);
    }

    /** The same server and credentials, another database. */
    String withDatabase(String name) {
        return PREFIX + hosts + "/" + name + (query.isEmpty() ? "" : "?" + query);
    }

    /** The maintenance database every PostgreSQL server has, for CREATE and DROP DATABASE. */
    String adminUrl() {
        return withDatabase("postgres");
    }

    Optional<String> user() {
        return Optional.ofNullable(parameters().get("user"));
    }

    Optional<String> password() {
        return Optional.ofNullable(parameters().get("password"));
    }

    Map<String, String> parameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (query.isEmpty()) {
            return parameters;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            parameters.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return parameters;
    }

    /** For logs: the password parameter, if any, is masked. */
    @Override
    public String toString() {
        return PREFIX + hosts + "/" + database + (query.isEmpty() ? "" : "?" + query.replaceAll("(?i)(password=)[^&]*", "$1***"));
    }
}
