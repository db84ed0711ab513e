package dev.portalloc.adapters.web;

import dev.portalloc.application.port.in.Actor;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether a {@code /v1} request may run, by the {@link AccessPolicy}: it needs
 * {@code Authorization: Bearer <token>} naming a known token, and a read-only token may only read.
 * Refusals are thrown for {@link ProblemMapper}; nothing of what the client sent is ever echoed.
 */
final class AccessControl {
    /** Scheme (any case), one or more spaces, a {@code b64token} (RFC 6750). */
    private static final Pattern BEARER = Pattern.compile("([A-Za-z]+) +(" + ApiToken.B64TOKEN + ")");

    private final AccessPolicy policy;

    AccessControl(AccessPolicy policy) {
        this.policy = policy;
    }

    /**
     * The actor the request runs as (empty when the API is open), or a refusal. A before-handler asks
     * for every {@code /v1} path, so that unknown paths and methods are refused alike, and each endpoint
     * asks again, so that no path spelling reaches an endpoint unchecked. The decision is made afresh
     * each time (a digest per token, nothing to speak of) and never kept in request attributes: the
     * server recycles request objects, and a decision must never outlive its own request.
     */
    Optional<Actor> authorize(Context ctx) {
        if (!policy.requiresToken()) {
            return Optional.empty();
        }
        List<String> headers = Collections.list(ctx.req().getHeaders("Authorization"));
        if (headers.isEmpty()) {
            throw new UnauthorizedException(UnauthorizedException.Reason.MISSING,
                    "this request needs an API token: send 'Authorization: Bearer <token>'");
        }
        if (headers.size() > 1) {
            throw new UnauthorizedException(UnauthorizedException.Reason.MALFORMED,
                    "send one Authorization header, not " + headers.size());
        }
        Matcher bearer = BEARER.matcher(headers.get(0).strip());
        if (!bearer.matches() || !bearer.group(1).equalsIgnoreCase("Bearer")) {
            throw new UnauthorizedException(UnauthorizedException.Reason.MALFORMED,
                    "the Authorization header must be 'Bearer <token>'");
        }
        ApiToken token = policy.find(bearer.group(2)).orElseThrow(() -> new UnauthorizedException(
                UnauthorizedException.Reason.UNKNOWN, "the API token is not valid"));
        if (token.scope() == ApiToken.Scope.READ_ONLY && !isRead(ctx.method())) {
            throw new ForbiddenException("the API token '" + token.name() + "' is read-only: it may only GET");
        }
        return Optional.of(token.actor());
    }

    private static boolean isRead(HandlerType method) {
        return method == HandlerType.GET || method == HandlerType.HEAD;
    }
}
