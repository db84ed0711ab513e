package dev.portalloc.bootstrap;

import dev.portalloc.adapters.jdbc.JdbcSettings;

import java.time.Duration;
import java.util.Optional;

/** Everything a server needs to start, after flags and environment have been read and checked. */
record ServerSettings(String httpHost, int httpPort, JdbcSettings database, Optional<DefaultPool> defaultPool,
                      Duration reaperInterval) {
}
