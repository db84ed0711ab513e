package dev.portalloc.adapters.web;

import dev.portalloc.application.port.out.StoreUnavailableException;
import dev.portalloc.domain.AllocationConflictException;
import dev.portalloc.domain.AllocationNotFoundException;
import dev.portalloc.domain.DomainException;
import dev.portalloc.domain.InvalidInputException;
import dev.portalloc.domain.PoolConflictException;
import dev.portalloc.domain.PoolExhaustedException;
import dev.portalloc.domain.PoolNotFoundException;
import dev.portalloc.domain.PortUnavailableException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place where failures become HTTP: every {@link DomainException} subclass, the store being
 * unavailable, requests the adapter refuses (unreadable, unauthorized, forbidden, over the concurrency
 * limit), Javalin's and Jetty's own refusals (unknown route, wrong method, body too large) and anything
 * unexpected, each turned into an RFC 9457 problem.
 *
 * <p>Bodies carry the domain's own sentences and the names, ports and counts involved; never a stack
 * trace, a class name or a message from the store or from Jackson. Unexpected failures are logged here
 * with their stack trace, and only here.
 */
final class ProblemMapper {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemMapper.class);
    /** The challenge of RFC 6750: which scheme the API takes, and for what. */
    private static final String BEARER_CHALLENGE = "Bearer realm=\"portalloc\"";
    /** How long a client is asked to wait before retrying a request the server had no room for. */
    private static final String RETRY_AFTER_SECONDS = "1";

    private final JsonCodec codec;
    private final long maxBodyBytes;

    ProblemMapper(JsonCodec codec, long maxBodyBytes) {
        this.codec = codec;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Javalin's exception handler: answers with the problem for {@code failure}. */
    void handle(Exception failure, Context ctx) {
        Problem problem = toProblem(failure);
        log(problem, failure, ctx.method().name() + " " + ctx.path());
        ctx.status(problem.status());
        problem.headers().forEach(ctx::header);
        ctx.contentType(JsonCodec.PROBLEM_JSON);
        ctx.result(bodyOf(problem));
    }

    /** Javalin's handler for {@link Error}s, which bypass the exception handlers. */
    void handleError(HttpServletResponse response, Error error) {
        LOG.error("unexpected error while handling a request", error);
        if (response.isCommitted()) {
            return;
        }
        Problem problem = internalError();
        try {
            response.reset();
            response.setStatus(problem.status());
            response.setContentType(JsonCodec.PROBLEM_JSON);
            response.getOutputStream().write(bodyOf(problem));
        } catch (IOException | IllegalStateException e) {
            LOG.debug("could not write the internal-error problem", e);
        }
    }

    byte[] bodyOf(Problem problem) {
        return codec.write(problem.body());
    }

    Problem toProblem(Throwable failure) {
        if (failure instanceof DomainException refusal) {
            return fromDomain(refusal);
        }
        if (failure instanceof RequestRejectedException rejected) {
            return fromRejectedRequest(rejected);
        }
        if (failure instanceof StoreUnavailableException) {
            // Its message may name the database, a host or SQL: none of it goes out.
            return Problem.of(ProblemType.UNAVAILABLE,
                            "the database cannot be reached right now; nothing was changed and retrying is safe")
                    .withHeader("Retry-After", RETRY_AFTER_SECONDS);
        }
        if (failure instanceof HttpResponseException response) {
            return fromJavalin(response);
        }
        if (failure instanceof HttpException refused && refused.getCode() >= 400 && refused.getCode() < 500) {
            // Jetty refusing what a client sent (a broken chunk, a body that stopped arriving).
            return forStatus(refused.getCode());
        }
        return internalError();
    }

    /**
     * The problem for an error status produced by the HTTP server itself, with no exception to go by
     * (a malformed request line, headers too large, a request refused while stopping).
     */
    Problem forStatus(int status) {
        ProblemType type = switch (status) {
            case 400 -> ProblemType.INVALID_REQUEST;
            case 401 -> ProblemType.UNAUTHORIZED;
            case 403 -> ProblemType.FORBIDDEN;
            case 404 -> ProblemType.NOT_FOUND;
            case 405 -> ProblemType.METHOD_NOT_ALLOWED;
            case 408 -> ProblemType.REQUEST_TIMEOUT;
            case 413 -> ProblemType.PAYLOAD_TOO_LARGE;
            case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
            case 503 -> ProblemType.UNAVAILABLE;
            // A request line naming an unknown protocol version, or none, or a malformed one: the client's doing.
            case 505 -> ProblemType.INVALID_REQUEST;
            default -> status >= 500 ? ProblemType.INTERNAL_ERROR : ProblemType.INVALID_REQUEST;
        };
        String reason = org.eclipse.jetty.http.HttpStatus.getMessage(status);
        // Jetty answers 505 to "HTTP/1", "HTTP/9.9" or a request line without a version alike; malformed input
        // gets a 4xx, never a 5xx that would count against the server.
        int answered = status == 505 ? 400 : status;
        Problem problem = new Problem(type, answered, "the HTTP server refused the request: " + reason, Map.of(), Map.of());
        // A 503 from the server itself means it is stopping or full: a retry elsewhere or later is safe.
        return status == 503 ? problem.withHeader("Retry-After", RETRY_AFTER_SECONDS) : problem;
    }

    /** Exhaustive over the permitted subclasses of the sealed {@link DomainException}. */
    private Problem fromDomain(DomainException refusal) {
        if (refusal instanceof InvalidInputException e) {
            return Problem.of(ProblemType.INVALID_REQUEST, e.getMessage(), field(e.field()));
        }
        if (refusal instanceof PoolNotFoundException e) {
            return Problem.of(ProblemType.POOL_NOT_FOUND, e.getMessage(), members("pool", e.pool().value()));
        }
        if (refusal instanceof AllocationNotFoundException e) {
            return Problem.of(ProblemType.ALLOCATION_NOT_FOUND, e.getMessage(), members("allocationId", e.allocationId()));
        }
        if (refusal instanceof PoolExhaustedException e) {
            return Problem.of(ProblemType.POOL_EXHAUSTED, e.getMessage(), members("pool", e.pool().value(),
                    "requested", e.requested(), "available", e.available(), "contiguous", e.contiguous()));
        }
        if (refusal instanceof PortUnavailableException e) {
            return Problem.of(ProblemType.PORT_UNAVAILABLE, e.getMessage(), members("pool", e.pool().value(),
                    "ports", e.ports()));
        }
        if (refusal instanceof AllocationConflictException e) {
            return Problem.of(ProblemType.ALLOCATION_CONFLICT, e.getMessage(), members(
                    "allocationId", e.existing().id().value(), "pool", e.existing().pool().value(),
                    "deployment", e.existing().deployment().value(), "service", e.existing().service().value()));
        }
        if (refusal instanceof PoolConflictException e) {
            return Problem.of(ProblemType.POOL_CONFLICT, e.getMessage(), members("pool", e.pool().value(),
                    "ports", e.ports()));
        }
        // Unreachable while the list above matches the sealed permits (a test checks that it does).
        return internalError();
    }

    private Problem fromRejectedRequest(RequestRejectedException rejected) {
        if (rejected instanceof MalformedRequestException e) {
            return Problem.of(ProblemType.INVALID_REQUEST, e.getMessage(), field(e.field()));
        }
        if (rejected instanceof UnsupportedMediaTypeException e) {
            return Problem.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, e.getMessage());
        }
        if (rejected instanceof PayloadTooLargeException) {
            return payloadTooLarge();
        }
        if (rejected instanceof RequestTimeoutException e) {
            return Problem.of(ProblemType.REQUEST_TIMEOUT, e.getMessage());
        }
        if (rejected instanceof UnauthorizedException e) {
            String challenge = switch (e.reason()) {
                case MISSING -> BEARER_CHALLENGE;
                case MALFORMED -> BEARER_CHALLENGE + ", error=\"invalid_request\"";
                case UNKNOWN -> BEARER_CHALLENGE + ", error=\"invalid_token\"";
            };
            return Problem.of(ProblemType.UNAUTHORIZED, e.getMessage()).withHeader("WWW-Authenticate", challenge);
        }
        if (rejected instanceof ForbiddenException e) {
            return Problem.of(ProblemType.FORBIDDEN, e.getMessage())
                    .withHeader("WWW-Authenticate", BEARER_CHALLENGE + ", error=\"insufficient_scope\"");
        }
        if (rejected instanceof OverloadedException e) {
            return Problem.of(ProblemType.UNAVAILABLE, e.getMessage()).withHeader("Retry-After", RETRY_AFTER_SECONDS);
        }
        return internalError();
    }

    private Problem fromJavalin(HttpResponseException response) {
        return switch (response.getStatus()) {
            case 400 -> Problem.of(ProblemType.INVALID_REQUEST, "the request cannot be read");
            case 404 -> Problem.of(ProblemType.NOT_FOUND, "no resource exists at this path");
            case 405 -> methodNotAllowed(response.getDetails());
            // Javalin's own limit, hit while reading a body sent without a Content-Length.
            case 413 -> payloadTooLarge();
            case 415 -> Problem.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, "the request body must be application/json");
            case 503 -> Problem.of(ProblemType.UNAVAILABLE, "the service is unavailable; retry later");
            default -> internalError();
        };
    }

    private static Problem methodNotAllowed(Map<String, String> details) {
        String allowed = details.getOrDefault("availableMethods", details.get("Available methods"));
        if (allowed == null || allowed.isBlank()) {
            return Problem.of(ProblemType.METHOD_NOT_ALLOWED, "this resource does not support the method");
        }
        return Problem.of(ProblemType.METHOD_NOT_ALLOWED,
                        "this resource does not support the method; allowed: " + allowed)
                .withHeader("Allow", allowed);
    }

    private Problem payloadTooLarge() {
        return Problem.of(ProblemType.PAYLOAD_TOO_LARGE, "the request body is larger than " + maxBodyBytes + " bytes",
                members("maxBytes", maxBodyBytes));
    }

    private static Problem internalError() {
        return Problem.of(ProblemType.INTERNAL_ERROR, "an unexpected error occurred; it has been logged");
    }

    private static void log(Problem problem, Throwable failure, String request) {
        if (problem.type() == ProblemType.INTERNAL_ERROR) {
            LOG.error("unexpected failure while handling {}", request, failure);
        } else if (failure instanceof StoreUnavailableException) {
            LOG.warn("store unavailable while handling {}: {}", request, causes(failure));
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("refused {}: {} {}", request, problem.type().code(), problem.detail());
        }
    }

    private static String causes(Throwable failure) {
        StringBuilder chain = new StringBuilder(String.valueOf(failure));
        Throwable cause = failure.getCause();
        // Bounded: a cause chain may loop.
        for (int depth = 0; cause != null && depth < 8; depth++, cause = cause.getCause()) {
            chain.append(" <- ").append(cause);
        }
        return chain.toString();
    }

    private static Map<String, Object> field(String field) {
        return field == null || field.isEmpty() ? Map.of() : members("field", field);
    }

    private static Map<String, Object> members(Object... namesAndValues) {
        Map<String, Object> members = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            members.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return members;
    }
}
