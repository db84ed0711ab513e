package dev.portalloc.adapters.web;

import dev.portalloc.application.port.in.ListEventsQuery;
import dev.portalloc.application.port.out.StoreUnavailableException;
import dev.portalloc.domain.Allocation;
import dev.portalloc.domain.AllocationConflictException;
import dev.portalloc.domain.AllocationId;
import dev.portalloc.domain.AllocationNotFoundException;
import dev.portalloc.domain.AllocationShape;
import dev.portalloc.domain.DeploymentName;
import dev.portalloc.domain.DomainException;
import dev.portalloc.domain.InvalidInputException;
import dev.portalloc.domain.Lease;
import dev.portalloc.domain.PoolConflictException;
import dev.portalloc.domain.PoolExhaustedException;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.PoolNotFoundException;
import dev.portalloc.domain.PortUnavailableException;
import dev.portalloc.domain.ServiceName;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.http.ServiceUnavailableResponse;
import io.javalin.router.EndpointNotFound;
import org.eclipse.jetty.http.BadMessageException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** One test per mapping of {@link ProblemMapper}, and proof that the domain's list is covered. */
class ProblemMapperTest {
    private static final PoolName EDGE = PoolName.of("edge");

    private final ProblemMapper mapper = new ProblemMapper(new JsonCodec(), HttpApi.MAX_BODY_BYTES);

    /** One instance of every permitted DomainException subclass. */
    private static List<DomainException> oneOfEachDomainException() {
        return List.of(
                new InvalidInputException("count", "count must be within 1..1024 (got 0)"),
                new PoolNotFoundException(EDGE),
                new AllocationNotFoundException("0abc"),
                new PoolExhaustedException(EDGE, 5, 2, false),
                new PortUnavailableException(EDGE, List.of(10001, 10002)),
                new AllocationConflictException(existingAllocation()),
                new PoolConflictException(EDGE, "pool 'edge' still holds 1 allocated port: release them first", List.of(10003)));
    }

    @Test
    void everyPermittedDomainExceptionHasItsOwnProblemAndNoneIsAnInternalError() {
        List<DomainException> samples = oneOfEachDomainException();

        assertThat(samples.stream().map(Object::getClass).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(Arrays.asList(DomainException.class.getPermittedSubclasses()));
        List<ProblemType> types = samples.stream().map(mapper::toProblem).map(Problem::type).toList();
        assertThat(types).doesNotContain(ProblemType.INTERNAL_ERROR).doesNotHaveDuplicates();
    }

    @Test
    void everyPermittedRequestRejectionHasAProblemThatIsNotAnInternalError() {
        List<RequestRejectedException> samples = List.of(new MalformedRequestException("f", "bad"),
                new UnsupportedMediaTypeException("no"), new PayloadTooLargeException("big"),
                new RequestTimeoutException("slow"), new UnauthorizedException(UnauthorizedException.Reason.MISSING, "who"),
                new ForbiddenException("no"), new OverloadedException("full"));

        assertThat(samples.stream().map(Object::getClass).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(Arrays.asList(RequestRejectedException.class.getPermittedSubclasses()));
        assertThat(samples.stream().map(mapper::toProblem).map(Problem::type)).doesNotContain(ProblemType.INTERNAL_ERROR);
    }

    @Test
    void invalidInputIsInvalidRequestNamingTheField() {
        Problem problem = mapper.toProblem(new InvalidInputException("count", "count must be within 1..1024 (got 0)"));

        assertProblem(problem, ProblemType.INVALID_REQUEST, 400, "count must be within 1..1024 (got 0)");
        assertThat(problem.extensions()).containsExactly(Map.entry("field", "count"));
    }

    @Test
    void aLeaseOutOfBoundsIsInvalidRequestNamingTtlSeconds() {
        InvalidInputException refusal = catchThrowableOfType(InvalidInputException.class, () -> Lease.ofSeconds(0));

        Problem problem = mapper.toProblem(refusal);

        assertProblem(problem, ProblemType.INVALID_REQUEST, 400, "ttlSeconds must be within 1..31536000 (got 0)");
        assertThat(problem.extensions()).containsExactly(Map.entry("field", "ttlSeconds"));
    }

    @Test
    void anEventQueryOutOfBoundsIsInvalidRequestNamingTheParameter() {
        InvalidInputException limit = catchThrowableOfType(InvalidInputException.class,
                () -> new ListEventsQuery(0, 0, Optional.empty(), Optional.empty()));
        InvalidInputException after = catchThrowableOfType(InvalidInputException.class,
                () -> new ListEventsQuery(-1, 10, Optional.empty(), Optional.empty()));

        assertThat(mapper.toProblem(limit).type()).isEqualTo(ProblemType.INVALID_REQUEST);
        assertThat(mapper.toProblem(limit).extensions()).containsExactly(Map.entry("field", "limit"));
        assertThat(mapper.toProblem(after).type()).isEqualTo(ProblemType.INVALID_REQUEST);
        assertThat(mapper.toProblem(after).extensions()).containsExactly(Map.entry("field", "after"));
    }

    @Test
    void poolNotFoundIs404NamingThePool() {
        Problem problem = mapper.toProblem(new PoolNotFoundException(EDGE));

        assertProblem(problem, ProblemType.POOL_NOT_FOUND, 404, "pool 'edge' does not exist");
        assertThat(problem.extensions()).containsExactly(Map.entry("pool", "edge"));
    }

    @Test
    void allocationNotFoundIs404NamingTheId() {
        Problem problem = mapper.toProblem(new AllocationNotFoundException("0abc"));

        assertProblem(problem, ProblemType.ALLOCATION_NOT_FOUND, 404, "allocation '0abc' does not exist");
        assertThat(problem.extensions()).containsExactly(Map.entry("allocationId", "0abc"));
    }

    @Test
    void poolExhaustedIs409WithRequestedAndAvailable() {
        Problem problem = mapper.toProblem(new PoolExhaustedException(EDGE, 5, 2, true));

        assertProblem(problem, ProblemType.POOL_EXHAUSTED, 409, "pool 'edge' has no free run of 5 consecutive ports (2 ports free)");
        assertThat(problem.extensions()).containsExactly(Map.entry("pool", "edge"), Map.entry("requested", 5),
                Map.entry("available", 2), Map.entry("contiguous", true));
    }

    @Test
    void portUnavailableIs409ListingThePorts() {
        Problem problem = mapper.toProblem(new PortUnavailableException(EDGE, List.of(10001, 10002)));

        assertProblem(problem, ProblemType.PORT_UNAVAILABLE, 409, "ports [10001, 10002] in pool 'edge' are not available");
        assertThat(problem.extensions()).containsExactly(Map.entry("pool", "edge"), Map.entry("ports", List.of(10001, 10002)));
    }

    @Test
    void allocationConflictIs409NamingTheExistingAllocation() {
        Problem problem = mapper.toProblem(new AllocationConflictException(existingAllocation()));

        assertThat(problem.type()).isEqualTo(ProblemType.ALLOCATION_CONFLICT);
        assertThat(problem.status()).isEqualTo(409);
        assertThat(problem.detail()).contains("0abc", "dep-42", "rabbitmq");
        assertThat(problem.extensions()).containsExactly(Map.entry("allocationId", "0abc"), Map.entry("pool", "edge"),
                Map.entry("deployment", "dep-42"), Map.entry("service", "rabbitmq"));
    }

    @Test
    void poolConflictIs409ListingThePortsInTheWay() {
        Problem problem = mapper.toProblem(new PoolConflictException(EDGE, "would strand 1 allocated port", List.of(10003)));

        assertProblem(problem, ProblemType.POOL_CONFLICT, 409, "would strand 1 allocated port");
        assertThat(problem.extensions()).containsExactly(Map.entry("pool", "edge"), Map.entry("ports", List.of(10003)));
    }

    @Test
    void storeUnavailableIs503SayingNothingOfTheStoreAndInvitingARetry() {
        Problem problem = mapper.toProblem(new StoreUnavailableException("FATAL: password authentication failed for user sa "
                + "at jdbc:postgresql://10.0.0.5/portalloc", new RuntimeException("SELECT 1")));

        assertThat(problem.type()).isEqualTo(ProblemType.UNAVAILABLE);
        assertThat(problem.status()).isEqualTo(503);
        assertThat(problem.detail()).doesNotContain("password", "jdbc", "SELECT").contains("retrying is safe");
        assertThat(problem.headers()).containsEntry("Retry-After", "1");
    }

    @Test
    void aMalformedRequestIsInvalidRequestNamingTheField() {
        Problem problem = mapper.toProblem(new MalformedRequestException("ports[0]", "'ports[0]' must be a JSON integer"));

        assertProblem(problem, ProblemType.INVALID_REQUEST, 400, "'ports[0]' must be a JSON integer");
        assertThat(problem.extensions()).containsExactly(Map.entry("field", "ports[0]"));
        assertThat(mapper.toProblem(new MalformedRequestException(null, "malformed JSON")).extensions()).isEmpty();
    }

    @Test
    void anUnsupportedContentTypeIs415() {
        assertProblem(mapper.toProblem(new UnsupportedMediaTypeException("the request body must be application/json")),
                ProblemType.UNSUPPORTED_MEDIA_TYPE, 415, "the request body must be application/json");
    }

    @Test
    void aDeclaredBodyOverTheLimitIs413() {
        Problem problem = mapper.toProblem(new PayloadTooLargeException("too big"));

        assertProblem(problem, ProblemType.PAYLOAD_TOO_LARGE, 413, "the request body is larger than 65536 bytes");
        assertThat(problem.extensions()).containsExactly(Map.entry("maxBytes", 65536L));
    }

    @Test
    void aMissingTokenIs401WithABearerChallenge() {
        Problem problem = mapper.toProblem(new UnauthorizedException(UnauthorizedException.Reason.MISSING, "send a token"));

        assertProblem(problem, ProblemType.UNAUTHORIZED, 401, "send a token");
        assertThat(problem.headers()).containsExactly(Map.entry("WWW-Authenticate", "Bearer realm=\"portalloc\""));
    }

    @Test
    void aMalformedOrUnknownTokenIs401WithTheErrorOfRfc6750() {
        Problem malformed = mapper.toProblem(new UnauthorizedException(UnauthorizedException.Reason.MALFORMED, "bad header"));
        Problem unknown = mapper.toProblem(new UnauthorizedException(UnauthorizedException.Reason.UNKNOWN, "not valid"));

        assertProblem(malformed, ProblemType.UNAUTHORIZED, 401, "bad header");
        assertThat(malformed.headers()).containsEntry("WWW-Authenticate", "Bearer realm=\"portalloc\", error=\"invalid_request\"");
        assertProblem(unknown, ProblemType.UNAUTHORIZED, 401, "not valid");
        assertThat(unknown.headers()).containsEntry("WWW-Authenticate", "Bearer realm=\"portalloc\", error=\"invalid_token\"");
    }

    @Test
    void aTokenWithoutTheScopeIs403() {
        Problem problem = mapper.toProblem(new ForbiddenException("the API token 'dashboard' is read-only"));

        assertProblem(problem, ProblemType.FORBIDDEN, 403, "the API token 'dashboard' is read-only");
        assertThat(problem.headers()).containsEntry("WWW-Authenticate", "Bearer realm=\"portalloc\", error=\"insufficient_scope\"");
    }

    @Test
    void aRequestOverTheConcurrencyLimitIs503InvitingARetry() {
        Problem problem = mapper.toProblem(new OverloadedException("the server is full"));

        assertProblem(problem, ProblemType.UNAVAILABLE, 503, "the server is full");
        assertThat(problem.headers()).containsExactly(Map.entry("Retry-After", "1"));
    }

    @Test
    void aBodyThatStopsArrivingIs408() {
        assertProblem(mapper.toProblem(new RequestTimeoutException("too slow")), ProblemType.REQUEST_TIMEOUT, 408, "too slow");
    }

    @Test
    void jettysRefusalsOfWhatTheClientSentMapByStatus() {
        assertThat(mapper.toProblem(new BadMessageException(408, "Request content data rate < 512 B/s")).type())
                .isEqualTo(ProblemType.REQUEST_TIMEOUT);
        assertThat(mapper.toProblem(new BadMessageException(400, "bad chunk")).type()).isEqualTo(ProblemType.INVALID_REQUEST);
        assertThat(mapper.toProblem(new BadMessageException(400, "bad chunk")).detail()).doesNotContain("chunk");
    }

    @Test
    void javalinsOwnBodyLimitIs413Too() {
        assertThat(mapper.toProblem(new HttpResponseException(413, "Content Too Large")).type())
                .isEqualTo(ProblemType.PAYLOAD_TOO_LARGE);
    }

    @Test
    void anUnknownRouteIsNotFound() {
        assertProblem(mapper.toProblem(new EndpointNotFound(HandlerType.GET, "/nope")), ProblemType.NOT_FOUND, 404,
                "no resource exists at this path");
    }

    @Test
    void aWrongMethodIs405WithAnAllowHeader() {
        Problem problem = mapper.toProblem(new MethodNotAllowedResponse("Method not allowed",
                Map.of("availableMethods", "GET, HEAD")));

        assertThat(problem.type()).isEqualTo(ProblemType.METHOD_NOT_ALLOWED);
        assertThat(problem.status()).isEqualTo(405);
        assertThat(problem.headers()).containsExactly(Map.entry("Allow", "GET, HEAD"));
        assertThat(mapper.toProblem(new MethodNotAllowedResponse()).headers()).isEmpty();
    }

    @Test
    void javalinsOtherRefusalsMapByStatus() {
        assertThat(mapper.toProblem(new BadRequestResponse("x")).type()).isEqualTo(ProblemType.INVALID_REQUEST);
        assertThat(mapper.toProblem(new HttpResponseException(415, "x")).type()).isEqualTo(ProblemType.UNSUPPORTED_MEDIA_TYPE);
        assertThat(mapper.toProblem(new ServiceUnavailableResponse("x")).type()).isEqualTo(ProblemType.UNAVAILABLE);
        assertThat(mapper.toProblem(new HttpResponseException(418, "teapot")).type()).isEqualTo(ProblemType.INTERNAL_ERROR);
    }

    @Test
    void anythingElseIsAnInternalErrorThatExplainsNothing() {
        for (Throwable failure : List.of(new NullPointerException("x.y() is null"), new IllegalStateException("secret"),
                new AssertionError("invariant"))) {
            assertProblem(mapper.toProblem(failure), ProblemType.INTERNAL_ERROR, 500,
                    "an unexpected error occurred; it has been logged");
        }
    }

    @Test
    void statusesFromTheHttpServerKeepTheirStatusWithTheClosestCode() {
        Function<Integer, ProblemType> type = status -> mapper.forStatus(status).type();
        assertThat(type.apply(400)).isEqualTo(ProblemType.INVALID_REQUEST);
        assertThat(type.apply(401)).isEqualTo(ProblemType.UNAUTHORIZED);
        assertThat(type.apply(403)).isEqualTo(ProblemType.FORBIDDEN);
        assertThat(type.apply(404)).isEqualTo(ProblemType.NOT_FOUND);
        assertThat(type.apply(405)).isEqualTo(ProblemType.METHOD_NOT_ALLOWED);
        assertThat(type.apply(408)).isEqualTo(ProblemType.REQUEST_TIMEOUT);
        assertThat(type.apply(413)).isEqualTo(ProblemType.PAYLOAD_TOO_LARGE);
        assertThat(type.apply(415)).isEqualTo(ProblemType.UNSUPPORTED_MEDIA_TYPE);
        assertThat(type.apply(431)).isEqualTo(ProblemType.INVALID_REQUEST);
        assertThat(type.apply(503)).isEqualTo(ProblemType.UNAVAILABLE);
        assertThat(type.apply(505)).isEqualTo(ProblemType.INVALID_REQUEST);
        assertThat(type.apply(500)).isEqualTo(ProblemType.INTERNAL_ERROR);
        assertThat(mapper.forStatus(431).status()).isEqualTo(431);
        // A server that is stopping or full invites a retry, elsewhere or shortly.
        assertThat(mapper.forStatus(503).headers()).containsExactly(Map.entry("Retry-After", "1"));
        assertThat(mapper.forStatus(400).headers()).isEmpty();
    }

    @Test
    void theBodyHasTheStandardMembersFirstThenTheExtensions() {
        byte[] body = mapper.bodyOf(mapper.toProblem(new PortUnavailableException(EDGE, List.of(10001))));

        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("{\"type\":\"/problems/port-unavailable\","
                + "\"title\":\"Port unavailable\",\"status\":409,\"detail\":\"port 10001 in pool 'edge' is not available\","
                + "\"code\":\"port-unavailable\",\"pool\":\"edge\",\"ports\":[10001]}");
    }

    @Test
    void everyProblemTypeHasADistinctCodeAndItsTypeUri() {
        Set<String> codes = Arrays.stream(ProblemType.values()).map(ProblemType::code).collect(Collectors.toSet());

        assertThat(codes).hasSize(ProblemType.values().length);
        assertThat(codes).contains("invalid-request", "unauthorized", "forbidden", "pool-not-found",
                "allocation-not-found", "pool-exhausted", "port-unavailable", "allocation-conflict", "pool-conflict",
                "payload-too-large", "unavailable");
        assertThat(ProblemType.UNAUTHORIZED.status()).isEqualTo(401);
        assertThat(ProblemType.FORBIDDEN.status()).isEqualTo(403);
        assertThat(ProblemType.POOL_CONFLICT.typeUri()).isEqualTo("/problems/pool-conflict");
    }

    private static void assertProblem(Problem problem, ProblemType type, int status, String detail) {
        assertThat(problem.type()).isEqualTo(type);
        assertThat(problem.status()).isEqualTo(status);
        assertThat(problem.detail()).isEqualTo(detail);
    }

    private static Allocation existingAllocation() {
        return new Allocation(AllocationId.of("0abc"), EDGE, DeploymentName.of("dep-42"), ServiceName.of("rabbitmq"),
                List.of(10000, 10001), AllocationShape.dynamic(2, false), Instant.parse("2026-11-27T08:00:00Z"), null);
    }
}
