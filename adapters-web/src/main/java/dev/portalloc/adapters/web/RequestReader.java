package dev.portalloc.adapters.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portalloc.domain.AllocationId;
import dev.portalloc.domain.AllocationNotFoundException;
import dev.portalloc.domain.DeploymentName;
import dev.portalloc.domain.InvalidInputException;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.PortRange;
import io.javalin.http.Context;
import jakarta.servlet.ServletInputStream;
import org.eclipse.jetty.http.HttpException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Reads what a request says: path segments become domain value objects (whose own rules refuse bad
 * names), query parameters are checked strictly, and bodies are size-, type- and syntax-checked JSON.
 */
final class RequestReader {
    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,9}");
    /** Up to 19 digits: everything a {@code long} holds, and a little more that is refused as out of range. */
    private static final Pattern LONG_DECIMAL = Pattern.compile("[0-9]{1,19}");

    private final JsonCodec codec;
    private final long maxBodyBytes;
    private final Duration bodyTimeout;

    /** @param bodyTimeout how long a body may take to arrive, from the first attempt to read it */
    RequestReader(JsonCodec codec, long maxBodyBytes, Duration bodyTimeout) {
        this.codec = codec;
        this.maxBodyBytes = maxBodyBytes;
        this.bodyTimeout = bodyTimeout;
    }

    PoolName pool(Context ctx) {
        return PoolName.of(ctx.pathParam("pool"));
    }

    DeploymentName deployment(Context ctx) {
        return DeploymentName.of(ctx.pathParam("deployment"));
    }

    /**
     * Ids are opaque to callers: one that cannot have been issued simply does not exist, so it is a
     * 404 like any unknown id rather than a lesson in the id format.
     */
    AllocationId allocationId(Context ctx) {
        String raw = ctx.pathParam("id");
        try {
            return AllocationId.of(raw);
        } catch (InvalidInputException e) {
            throw new AllocationNotFoundException(Echo.of(raw));
        }
    }

    int port(Context ctx) {
        String raw = ctx.pathParam("port");
        if (!DECIMAL.matcher(raw).matches()) {
            throw new MalformedRequestException("port", "port must be a decimal integer within "
                    + PortRange.LOWEST_PORT + ".." + PortRange.HIGHEST_PORT + " (got \"" + Echo.of(raw) + "\")");
        }
        int port = Integer.parseInt(raw);
        PortRange.requireValidPort("port", port);
        return port;
    }

    /**
     * The query parameters of a request that accepts exactly {@code allowed}: an unknown or repeated
     * parameter is refused, an empty value counts as absent.
     */
    QueryParameters query(Context ctx, Set<String> allowed) {
        Map<String, List<String>> parameters = ctx.queryParamMap();
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            if (!allowed.contains(parameter.getKey())) {
                throw new MalformedRequestException(Echo.of(parameter.getKey()), "unknown query parameter '"
                        + Echo.of(parameter.getKey()) + "' (known: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
            if (parameter.getValue().size() > 1) {
                throw new MalformedRequestException(parameter.getKey(), "query parameter '" + parameter.getKey()
                        + "' is given more than once");
            }
        }
        return new QueryParameters(parameters);
    }

    /**
     * The body of a request that needs one: declared (if at all) as JSON, at most the size limit, and
     * one JSON object. An over-long body is refused from its Content-Length before any of it is read;
     * a body sent without one is cut off once it passes the limit while it is read.
     */
    ObjectNode jsonObject(Context ctx) {
        requireJsonContentType(ctx.header("Content-Type"));
        if (ctx.req().getContentLengthLong() > maxBodyBytes) {
            throw new PayloadTooLargeException("the request body is larger than " + maxBodyBytes + " bytes");
        }
        byte[] body = readBody(ctx);
        if (body.length == 0) {
            throw new MalformedRequestException(null, "a JSON body is required");
        }
        return codec.readObject(body);
    }

    /**
     * The whole body, read here rather than by Javalin so that it can be bounded in time as well as in
     * size: it must have arrived within the body timeout of the first read. Each read is bounded by the
     * idle timeout, and every byte resets that, so without a deadline a client trickling a byte now and
     * then would hold its request (and its place among the concurrent ones) for ever. A body that stops
     * arriving, or whose sender goes away, is the client's doing: 408 {@code request-timeout} (or the
     * 4xx Jetty decided on), never an internal error.
     */
    private byte[] readBody(Context ctx) {
        long deadline = System.nanoTime() + bodyTimeout.toNanos();
        try {
            ServletInputStream in = ctx.req().getInputStream();
            long declared = ctx.req().getContentLengthLong();
            ByteArrayOutputStream body = new ByteArrayOutputStream(declared > 0 ? (int) declared : 256);
            byte[] buffer = new byte[8192];
            while (!in.isFinished()) {
                if (System.nanoTime() - deadline > 0) {
                    throw bodyTimedOut();
                }
                int read = in.read(buffer);
                if (read < 0) {
                    break;
                }
                body.write(buffer, 0, read);
                if (body.size() > maxBodyBytes) {
                    // A body sent without a Content-Length, cut off once it is over the limit.
                    throw new PayloadTooLargeException("the request body is larger than " + maxBodyBytes + " bytes");
                }
            }
            return body.toByteArray();
        } catch (IOException | RuntimeException e) {
            throw bodyReadFailure(e);
        }
    }

    private RuntimeException bodyReadFailure(Exception failure) {
        if (failure instanceof RequestRejectedException rejected) {
            return rejected;
        }
        Throwable cause = failure;
        // Bounded: a cause chain may loop.
        for (int depth = 0; cause != null && depth < 8; depth++, cause = cause.getCause()) {
            if (cause instanceof HttpException refused && refused.getCode() != 408) {
                return refused.getCode() == 413
                        ? new PayloadTooLargeException("the request body is larger than " + maxBodyBytes + " bytes")
                        : new MalformedRequestException(null, "the request body cannot be read");
            }
            if (cause instanceof HttpException || cause instanceof IOException || cause instanceof TimeoutException) {
                return bodyTimedOut();
            }
        }
        return failure instanceof RuntimeException unexpected ? unexpected : new IllegalStateException(failure);
    }

    private static RequestTimeoutException bodyTimedOut() {
        return new RequestTimeoutException("the request body did not arrive in time; nothing was changed");
    }

    <T> T bind(ObjectNode body, Class<T> type) {
        return codec.bind(body, type);
    }

    /** A missing Content-Type is taken as JSON; otherwise it must be application/json, any charset. */
    static void requireJsonContentType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return;
        }
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json")) {
            throw new UnsupportedMediaTypeException("the request body must be application/json (got \""
                    + Echo.of(mediaType) + "\")");
        }
    }

    /** Checked query parameters; an empty value is the same as an absent one. */
    static final class QueryParameters {
        private final Map<String, List<String>> parameters;

        private QueryParameters(Map<String, List<String>> parameters) {
            this.parameters = parameters;
        }

        Optional<String> get(String name) {
            List<String> values = parameters.get(name);
            if (values == null || values.isEmpty() || values.get(0).isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(values.get(0));
        }

        /** A decimal integer parameter; its range is the caller's (or the query record's) to check. */
        Optional<Integer> integer(String name) {
            return get(name).map(raw -> {
                if (!DECIMAL.matcher(raw).matches()) {
                    throw new MalformedRequestException(name, name + " must be a decimal integer (got \"" + Echo.of(raw) + "\")");
                }
                return Integer.parseInt(raw);
            });
        }

        /** A non-negative decimal {@code long} parameter, such as an event sequence number. */
        Optional<Long> longInteger(String name) {
            return get(name).map(raw -> {
                if (!LONG_DECIMAL.matcher(raw).matches()) {
                    throw new MalformedRequestException(name, name + " must be a decimal integer of 0 or more (got \""
                            + Echo.of(raw) + "\")");
                }
                try {
                    return Long.parseLong(raw);
                } catch (NumberFormatException e) {
                    throw new MalformedRequestException(name, name + " is out of range (got \"" + Echo.of(raw) + "\")");
                }
            });
        }
    }
}
