package dev.portalloc.adapters.web;

import dev.portalloc.adapters.web.RequestBodies.AllocationBody;
import dev.portalloc.adapters.web.RequestBodies.PoolDefinitionBody;
import dev.portalloc.adapters.web.RequestBodies.RenewalBody;
import dev.portalloc.adapters.web.RequestReader.QueryParameters;
import dev.portalloc.adapters.web.Views.AllocationPageView;
import dev.portalloc.adapters.web.Views.AllocationView;
import dev.portalloc.adapters.web.Views.DeploymentResetView;
import dev.portalloc.adapters.web.Views.DeploymentView;
import dev.portalloc.adapters.web.Views.EventPageView;
import dev.portalloc.adapters.web.Views.HealthView;
import dev.portalloc.adapters.web.Views.PoolListView;
import dev.portalloc.adapters.web.Views.PoolView;
import dev.portalloc.adapters.web.Views.PortStatusView;
import dev.portalloc.adapters.web.Views.RenewalView;
import dev.portalloc.application.port.in.Actor;
import dev.portalloc.application.port.in.AllocatePortsCommand;
import dev.portalloc.application.port.in.AllocationResult;
import dev.portalloc.application.port.in.DefinePoolCommand;
import dev.portalloc.application.port.in.DeletePoolCommand;
import dev.portalloc.application.port.in.ListAllocationsQuery;
import dev.portalloc.application.port.in.ListEventsQuery;
import dev.portalloc.application.port.in.PoolDefinitionResult;
import dev.portalloc.application.port.in.ReleaseAllocationCommand;
import dev.portalloc.application.port.in.RenewDeploymentCommand;
import dev.portalloc.application.port.in.ResetDeploymentCommand;
import dev.portalloc.application.port.in.UseCases;
import dev.portalloc.domain.AllocationId;
import dev.portalloc.domain.AllocationShape;
import dev.portalloc.domain.DeploymentName;
import dev.portalloc.domain.InvalidInputException;
import dev.portalloc.domain.Lease;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.PortRange;
import dev.portalloc.domain.ServiceName;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Every endpoint of the API: reads the request, calls one use case, writes the view. Refusals are
 * thrown, never answered here, so that {@link ProblemMapper} stays the one place that maps them.
 *
 * <p>Every {@code /v1} request passes {@link AccessControl} first (a before-handler on the path, and
 * again in each endpoint), then {@link Admission}; only then is anything read or changed. The health
 * endpoints pass neither: a probe needs no token, and must be answered even when the server is full.
 */
final class ApiRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ApiRoutes.class);
    private static final Set<String> LIST_ALLOCATIONS_PARAMETERS = Set.of("deployment", "service", "limit", "after");
    private static final Set<String> LIST_EVENTS_PARAMETERS = Set.of("pool", "deployment", "after", "limit");
    private static final String METHOD_OVERRIDE = "X-HTTP-Method-Override";

    private final UseCases useCases;
    private final BooleanSupplier readiness;
    private final RequestReader reader;
    private final JsonCodec codec;
    private final AccessControl access;
    private final Admission admission;

    ApiRoutes(UseCases useCases, BooleanSupplier readiness, RequestReader reader, JsonCodec codec,
              AccessControl access, Admission admission) {
        this.useCases = useCases;
        this.readiness = readiness;
        this.reader = reader;
        this.codec = codec;
        this.access = access;
        this.admission = admission;
    }

    /** An endpoint of {@code /v1}, told on whose behalf it runs. */
    @FunctionalInterface
    private interface ApiHandler {
        void handle(Context ctx, Optional<Actor> actor) throws Exception;
    }

    /**
     * An endpoint of {@code /v1} that reads its request, then returns the call that answers it: one that
     * starts the use case and writes the answer when the use case's future completes.
     */
    @FunctionalInterface
    private interface AsyncApiHandler {
        Supplier<CompletableFuture<?>> handle(Context ctx, Optional<Actor> actor) throws Exception;
    }

    void register(RoutesConfig routes) {
        // Javalin routes (and Context.method() answers) by an X-HTTP-Method-Override header when one is sent, so a
        // GET or HEAD could delete. The method is what the request line says: a request saying otherwise is refused
        // before anything else is looked at.
        routes.before(ApiRoutes::refuseMethodOverride);
        routes.before(ApiRoutes::refuseUndecodablePath);
        get(routes, "/health/live", this::live);
        get(routes, "/health/ready", this::ready);

        // Before routing, so that an unknown /v1 path or method is refused for lack of a token, not told apart.
        routes.before("/v1", access::authorize);
        routes.before("/v1/*", access::authorize);

        get(routes, "/v1/pools", guarded((ctx, actor) -> listPools(ctx)));
        get(routes, "/v1/pools/{pool}", guarded((ctx, actor) -> getPool(ctx)));
        routes.put("/v1/pools/{pool}", guarded(this::definePool));
        routes.delete("/v1/pools/{pool}", guarded(this::deletePool));

        routes.post("/v1/pools/{pool}/allocations", guardedAsync(this::allocate));
        get(routes, "/v1/pools/{pool}/allocations", guarded((ctx, actor) -> listAllocations(ctx)));
        get(routes, "/v1/pools/{pool}/ports/{port}", guarded((ctx, actor) -> lookUpPort(ctx)));

        get(routes, "/v1/allocations/{id}", guarded((ctx, actor) -> getAllocation(ctx)));
        routes.delete("/v1/allocations/{id}", guardedAsync(this::releaseAllocation));

        get(routes, "/v1/deployments/{deployment}", guarded((ctx, actor) -> getDeployment(ctx)));
        routes.delete("/v1/deployments/{deployment}", guarded(this::resetDeployment));
        // Renewal changes expiry times only and records no event, so it has no use for the actor.
        routes.post("/v1/deployments/{deployment}/renew", guarded((ctx, actor) -> renewDeployment(ctx)));

        get(routes, "/v1/events", guarded((ctx, actor) -> listEvents(ctx)));
    }

    /**
     * GET and HEAD by the same handler: left to itself Javalin answers HEAD with 200 whatever GET would
     * say, even for a pool that does not exist. Jetty sends no body for HEAD.
     */
    private static void get(RoutesConfig routes, String path, Handler handler) {
        routes.get(path, handler);
        routes.head(path, handler);
    }

    /**
     * The endpoint behind access control and admission. Access is checked again here, so the guard is
     * bound to the endpoint itself, not only to a path pattern.
     */
    private Handler guarded(ApiHandler handler) {
        return ctx -> {
            Optional<Actor> actor = access.authorize(ctx);
            try (Admission.Permit permit = admission.enter()) {
                handler.handle(ctx, actor);
            }
        };
    }

    /**
     * An asynchronous endpoint behind access control and admission. Its thread goes back to the server
     * while the use case waits for its batch; the request keeps its place in admission until answered.
     */
    private Handler guardedAsync(AsyncApiHandler handler) {
        return ctx -> {
            Optional<Actor> actor = access.authorize(ctx);
            Admission.Permit permit = admission.enter();
            Supplier<CompletableFuture<?>> answer;
            try {
                answer = handler.handle(ctx, actor);
                drainArrivedBody(ctx);
            } catch (Exception | Error refused) {
                permit.close();
                throw refused;
            }
            // Started by Javalin once the request is asynchronous, so the answer never races its setup.
            ctx.future(() -> {
                CompletableFuture<?> answered;
                try {
                    answered = answer.get();
                } catch (RuntimeException | Error failed) {
                    permit.close();
                    throw failed;
                }
                // Given back before the answer is written, so a client that sends its next request on reading
                // it finds the place free; and from what Javalin was given too, in case it cancels that (an
                // asynchronous timeout), which would skip the first.
                CompletableFuture<?> given = answered.whenComplete((done, failed) -> permit.close());
                given.whenComplete((done, failed) -> permit.close());
                return given;
            });
        };
    }

    /**
     * Reads and drops what has arrived of a body the endpoint did not read (a release ignores any) while
     * still on the request's thread. Added after the hostile-input test once saw a kept-alive connection
     * close under the next request sent on it; that this was the cause is not proven.
     */
    private static void drainArrivedBody(Context ctx) throws IOException {
        InputStream body = ctx.req().getInputStream();
        byte[] discarded = new byte[4096];
        for (int ready = body.available(); ready > 0; ready = body.available()) {
            if (body.read(discarded, 0, Math.min(ready, discarded.length)) < 0) {
                return;
            }
        }
    }

    private static void refuseMethodOverride(Context ctx) {
        if (ctx.req().getHeader(METHOD_OVERRIDE) != null) {
            throw new MalformedRequestException(METHOD_OVERRIDE, METHOD_OVERRIDE + " is not supported: send the method itself");
        }
    }

    /**
     * Javalin percent-decodes path parameters while routing, and fails with an internal error on a '%' that
     * starts no escape ({@code %u002e}, which Jetty lets through); such a path is refused before routing.
     */
    private static void refuseUndecodablePath(Context ctx) {
        String path = ctx.req().getRequestURI();
        for (int i = path.indexOf('%'); i >= 0; i = path.indexOf('%', i + 1)) {
            if (i + 2 >= path.length() || Character.digit(path.charAt(i + 1), 16) < 0 || Character.digit(path.charAt(i + 2), 16) < 0) {
                throw new MalformedRequestException(null, "the path holds a '%' that does not start a percent-escape");
            }
        }
    }

    private void live(Context ctx) {
        json(ctx, 200, HealthView.UP);
    }

    private void ready(Context ctx) {
        boolean up;
        try {
            up = readiness.getAsBoolean();
        } catch (RuntimeException e) {
            // A probe that cannot tell is a probe that says no.
            LOG.warn("readiness check failed: {}", e.toString());
            up = false;
        }
        json(ctx, up ? 200 : 503, up ? HealthView.UP : HealthView.DOWN);
    }

    private void listPools(Context ctx) {
        json(ctx, 200, PoolListView.of(useCases.listPools().listPools()));
    }

    private void getPool(Context ctx) {
        json(ctx, 200, PoolView.of(useCases.getPool().getPool(reader.pool(ctx))));
    }

    private void definePool(Context ctx, Optional<Actor> actor) {
        PoolName pool = reader.pool(ctx);
        PoolDefinitionBody body = reader.bind(reader.jsonObject(ctx), PoolDefinitionBody.class);
        PortRange range = PortRange.of(required(body.minPort(), "minPort"), required(body.maxPort(), "maxPort"));
        // Reserved ports are validated one by one by the domain; duplicates are harmless and collapse.
        Set<Integer> reserved = body.reserved() == null ? Set.of() : new HashSet<>(body.reserved());
        // PUT states the whole definition: an absent hostCheck turns it off, as an absent reserved clears them.
        boolean hostCheck = Boolean.TRUE.equals(body.hostCheck());
        PoolDefinitionResult result = useCases.definePool()
                .definePool(new DefinePoolCommand(pool, range, reserved, hostCheck, actor));
        if (result.created()) {
            ctx.header("Location", "/v1/pools/" + pool.value());
        }
        json(ctx, result.created() ? 201 : 200, PoolView.of(result.pool()));
    }

    private void deletePool(Context ctx, Optional<Actor> actor) {
        useCases.deletePool().deletePool(new DeletePoolCommand(reader.pool(ctx), actor));
        noContent(ctx);
    }

    private Supplier<CompletableFuture<?>> allocate(Context ctx, Optional<Actor> actor) {
        PoolName pool = reader.pool(ctx);
        AllocationBody body = reader.bind(reader.jsonObject(ctx), AllocationBody.class);
        DeploymentName deployment = DeploymentName.of(required(body.deployment(), "deployment"));
        ServiceName service = ServiceName.of(required(body.service(), "service"));
        AllocationShape shape = AllocationShape.of(body.count(), body.ports(), Boolean.TRUE.equals(body.contiguous()));
        // The domain's Lease checks the bounds; the lease is not part of the request's idempotency key.
        Optional<Lease> lease = Optional.ofNullable(body.ttlSeconds()).map(Lease::ofSeconds);
        AllocatePortsCommand command = new AllocatePortsCommand(pool, deployment, service, shape, lease, actor);
        return () -> useCases.allocatePorts().allocatePortsAsync(command).thenAccept(result -> {
            if (result.created()) {
                ctx.header("Location", "/v1/allocations/" + result.allocation().id().value());
            }
            json(ctx, result.created() ? 201 : 200, AllocationView.of(result.allocation()));
        });
    }

    private void listAllocations(Context ctx) {
        PoolName pool = reader.pool(ctx);
        QueryParameters query = reader.query(ctx, LIST_ALLOCATIONS_PARAMETERS);
        var deployment = query.get("deployment").map(DeploymentName::of);
        var service = query.get("service").map(ServiceName::of);
        var after = query.get("after").map(ApiRoutes::cursor);
        int limit = query.integer("limit").orElse(ListAllocationsQuery.DEFAULT_LIMIT);
        var page = useCases.listAllocations()
                .listAllocations(new ListAllocationsQuery(pool, deployment, service, after, limit));
        json(ctx, 200, AllocationPageView.of(page));
    }

    private void lookUpPort(Context ctx) {
        PoolName pool = reader.pool(ctx);
        int port = reader.port(ctx);
        json(ctx, 200, PortStatusView.of(useCases.lookUpPort().lookUpPort(pool, port)));
    }

    private void getAllocation(Context ctx) {
        json(ctx, 200, AllocationView.of(useCases.getAllocation().getAllocation(reader.allocationId(ctx))));
    }

    private Supplier<CompletableFuture<?>> releaseAllocation(Context ctx, Optional<Actor> actor) {
        ReleaseAllocationCommand command = new ReleaseAllocationCommand(reader.allocationId(ctx), actor);
        return () -> useCases.releaseAllocation().releaseAllocationAsync(command).thenRun(() -> noContent(ctx));
    }

    private void getDeployment(Context ctx) {
        DeploymentName deployment = reader.deployment(ctx);
        json(ctx, 200, DeploymentView.of(deployment.value(), useCases.getDeployment().getDeployment(deployment)));
    }

    private void resetDeployment(Context ctx, Optional<Actor> actor) {
        DeploymentName deployment = reader.deployment(ctx);
        int released = useCases.resetDeployment().resetDeployment(new ResetDeploymentCommand(deployment, actor));
        json(ctx, 200, new DeploymentResetView(deployment.value(), released));
    }

    private void renewDeployment(Context ctx) {
        DeploymentName deployment = reader.deployment(ctx);
        RenewalBody body = reader.bind(reader.jsonObject(ctx), RenewalBody.class);
        Lease lease = Lease.ofSeconds(required(body.ttlSeconds(), "ttlSeconds"));
        json(ctx, 200, RenewalView.of(useCases.renewDeployment()
                .renewDeployment(new RenewDeploymentCommand(deployment, lease))));
    }

    private void listEvents(Context ctx) {
        QueryParameters query = reader.query(ctx, LIST_EVENTS_PARAMETERS);
        // A pool filter names history, not a live pool: events of a deleted pool stay readable, so no 404.
        var pool = query.get("pool").map(PoolName::of);
        var deployment = query.get("deployment").map(DeploymentName::of);
        long after = query.longInteger("after").orElse(0L);
        int limit = query.integer("limit").orElse(ListEventsQuery.DEFAULT_LIMIT);
        var page = useCases.listEvents().listEvents(new ListEventsQuery(after, limit, pool, deployment));
        json(ctx, 200, EventPageView.of(page));
    }

    private void json(Context ctx, int status, Object view) {
        ctx.status(status).contentType(JsonCodec.JSON).result(codec.write(view));
    }

    private static void noContent(Context ctx) {
        // No body, so no Content-Type either (the app's default would otherwise be sent).
        ctx.status(204);
        ctx.res().setContentType(null);
    }

    private static AllocationId cursor(String raw) {
        try {
            return AllocationId.of(raw);
        } catch (InvalidInputException e) {
            throw new MalformedRequestException("after", "after must be a 'next' cursor returned by this endpoint (got \""
                    + Echo.of(raw) + "\")");
        }
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw new MalformedRequestException(field, field + " is required");
        }
        return value;
    }
}
