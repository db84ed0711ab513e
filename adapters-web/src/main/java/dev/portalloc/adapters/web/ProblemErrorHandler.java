package dev.portalloc.adapters.web;

import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;

/**
 * Jetty's error page for requests refused before they reach Javalin (an unparseable request line,
 * headers too large, a request arriving while the server stops): the same problem+json as every other
 * error instead of Jetty's HTML page. The status-to-problem choice is {@link ProblemMapper}'s.
 */
final class ProblemErrorHandler extends ErrorHandler {
    /** Written as Jetty renders the same type for responses from Javalin, so that all errors look alike. */
    private static final String CONTENT_TYPE = JsonCodec.PROBLEM_JSON + ";charset=utf-8";

    private final ProblemMapper mapper;

    ProblemErrorHandler(ProblemMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        if (request.getAttribute(ERROR_EXCEPTION) instanceof HttpException httpException) {
            status = httpException.getCode();
            response.setStatus(status);
            // Jetty closes the connection after refusing what the client sent; saying so keeps a keep-alive
            // client from sending its next request down a connection that is going away.
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        }
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Problem problem = mapper.forStatus(status);
        // The problem's status: a refusal of what the client sent stays a 4xx whatever code Jetty chose for it.
        response.setStatus(problem.status());
        problem.headers().forEach((name, value) -> response.getHeaders().put(name, value));
        if (HttpStatus.hasNoBody(problem.status())) {
            callback.succeeded();
            return true;
        }
        // A HEAD answer carries the headers the GET answer would, Content-Type included, without the body.
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
        if ("HEAD".equals(request.getMethod())) {
            callback.succeeded();
            return true;
        }
        response.write(true, ByteBuffer.wrap(mapper.bodyOf(problem)), callback);
        return true;
    }
}
