package dev.portalloc.bootstrap;

import dev.portalloc.adapters.jdbc.JdbcSettings;
import dev.portalloc.adapters.web.AccessPolicy;
import dev.portalloc.adapters.web.TlsKeystore;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a server needs to start, after flags and environment have been read and checked. Its
 * text form shows no password and no secret (each part hides its own).
 *
 * @param accessPolicy   who may call {@code /v1}
 * @param insecureNoAuth whether serving without tokens was asked for explicitly, to be warned about
 * @param tls            the certificate and key to serve HTTPS with, or empty for plain HTTP
 */
record ServerSettings(String httpHost, int httpPort, JdbcSettings database, Optional<DefaultPool> defaultPool,
                      Duration reaperInterval, AccessPolicy accessPolicy, boolean insecureNoAuth,
                      Optional<TlsKeystore> tls) {
    ServerSettings {
        Objects.requireNonNull(httpHost, "httpHost");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(defaultPool, "defaultPool");
        Objects.requireNonNull(reaperInterval, "reaperInterval");
        Objects.requireNonNull(accessPolicy, "accessPolicy");
        Objects.requireNonNull(tls, "tls");
    }
}
