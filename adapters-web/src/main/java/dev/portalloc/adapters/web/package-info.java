/**
 * The HTTP adapter: exposes the inbound ports of {@code application.port.in} as the JSON API described
 * in API.md, on Javalin. It parses and strictly validates requests, checks bearer tokens, bounds what
 * a client may hold (time, threads, connections), turns use-case results into JSON views and every
 * refusal into one RFC 9457 problem, mapped in a single place. It may use the application and domain
 * rings, Javalin/Jetty, Jackson and SLF4J; nothing else depends on it except the composition root,
 * which sees only {@link dev.portalloc.adapters.web.HttpApi} and the values it is configured with
 * ({@link dev.portalloc.adapters.web.AccessPolicy}, {@link dev.portalloc.adapters.web.ApiToken},
 * {@link dev.portalloc.adapters.web.TlsKeystore}).
 */
package dev.portalloc.adapters.web;
