package dev.portalloc.systemtests;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The soak's checks, each shown to pass on a consistent history and to catch the fault it is for. */
final class InvariantCheckerTest {
    private static final PoolSpec POOL = new PoolSpec("soak-a", 20000, 20099, List.of(20050), 1);
    private static final Instant T = Instant.parse("2026-11-27T08:00:00Z");

    private final List<Op> ops = new ArrayList<>();
    private final List<EventRow> events = new ArrayList<>();
    private final Map<String, DbSnapshot.AllocationRow> allocations = new LinkedHashMap<>();
    private final List<DbSnapshot.PortRow> portRows = new ArrayList<>();
    private final BitSet taken = new BitSet();
    private int apiAllocated;
    private long clock;

    @Test
    void aConsistentHistoryHasNoViolations() {
        created("a1", List.of(20000, 20001));
        event("allocated", "a1", 20000, 20001);
        event("released", "a1", 20000, 20001);
        created("a2", List.of(20000));
        event("allocated", "a2", 20000);
        held("a2", 20000);

        assertThat(check().counts()).isEmpty();
    }

    @Test
    void aPortAllocatedAgainBeforeItWasReleasedIsCaught() {
        created("a1", List.of(20000));
        event("allocated", "a1", 20000);
        created("a2", List.of(20000));
        event("allocated", "a2", 20000);
        event("released", "a1", 20000);
        held("a2", 20000);

        assertThat(check().counts()).containsKey("port-held-twice");
    }

    @Test
    void aCreatedAllocationThatVanishedWithoutAnEventIsCaught() {
        created("a1", List.of(20000));
        event("allocated", "a1", 20000);

        assertThat(check().counts()).containsKeys("201-neither-held-nor-released-once", "log-holds-port-without-db-row");
    }

    @Test
    void anAllocationMissingAPortRowIsCaught() {
        created("a1", List.of(20000, 20001));
        event("allocated", "a1", 20000, 20001);
        held("a1", 20000, 20001);
        portRows.remove(1);
        taken.clear(1);
        apiAllocated = 1;

        assertThat(check().counts()).containsKeys("half-done-allocation", "log-holds-port-without-db-row");
    }

    @Test
    void aBitsetThatDisagreesWithTheRowsIsCaught() {
        created("a1", List.of(20000));
        event("allocated", "a1", 20000);
        held("a1", 20000);
        taken.set(7);

        assertThat(check().counts()).containsKey("pool-bitset-differs-from-port-rows");
    }

    @Test
    void aPoolCountThatDisagreesWithTheRowsIsCaught() {
        created("a1", List.of(20000));
        event("allocated", "a1", 20000);
        held("a1", 20000);
        apiAllocated = 2;

        assertThat(check().counts()).containsKey("pool-count-differs-from-rows");
    }

    @Test
    void serverErrorsTimeoutsAndBadShapesAreCaught() {
        op(OpKind.RESET, Op.Intent.deployment("d"), 500, true, "{\"code\":\"internal\"}");
        op(OpKind.RESET, Op.Intent.deployment("d"), Op.TIMEOUT, false, null);
        op(OpKind.RESET, Op.Intent.deployment("d"), 503, false, "oops");
        Op.Intent contiguous = Op.Intent.allocation(POOL.name(), "d", "s", 2, true, null, null);
        op(OpKind.CONTIGUOUS, contiguous, 201, false, allocationJson("a1", List.of(20000, 20002), null));
        event("allocated", "a1", 20000, 20002);
        held("a1", 20000, 20002);

        assertThat(check().counts()).containsKeys("http-5xx", "request-timed-out", "503-not-an-unavailable-problem",
                "allocation-shape");
    }

    @Test
    void notFoundForAnAllocationStillHeldIsCaught() {
        created("a1", List.of(20000));
        event("allocated", "a1", 20000);
        held("a1", 20000);
        op(OpKind.RELEASE, Op.Intent.allocationId("a1"), 404, true, "{\"code\":\"allocation-not-found\"}");

        assertThat(check().counts()).containsOnlyKeys("404-for-an-allocation-still-held");
    }

    @Test
    void notFoundAfterTheReleaseWasLoggedIsRight() {
        created("a1", List.of(20000));
        event("allocated", "a1", 20000);
        op(OpKind.RELEASE, Op.Intent.allocationId("a1"), 204, false, "");
        events.add(new EventRow(events.size() + 1, T.plusNanos(clock), "released", POOL.name(), "d", "s-a1", "a1",
                List.of(20000)));
        op(OpKind.RELEASE, Op.Intent.allocationId("a1"), 404, true, "{\"code\":\"allocation-not-found\"}");

        assertThat(check().counts()).isEmpty();
    }

    private Violations check() {
        Violations violations = new Violations();
        DbSnapshot db = new DbSnapshot(Map.of(POOL.name(), new DbSnapshot.PoolRow(POOL.name(), POOL.minPort(),
                POOL.maxPort(), taken)), allocations, portRows, 0, events.size(), 0, 0);
        new InvariantChecker(new ObjectMapper(), List.of(POOL), violations)
                .check(ops, events, db, Map.of("instance-1", Map.of(POOL.name(), apiAllocated)),
                        nanos -> T.plusNanos(nanos));
        return violations;
    }

    private void created(String id, List<Integer> ports) {
        Op.Intent intent = Op.Intent.allocation(POOL.name(), "d", "s-" + id, ports.size(), false, null, null);
        op(OpKind.ALLOCATE_N, intent, 201, false, allocationJson(id, ports, null));
    }

    private void op(OpKind kind, Op.Intent intent, int status, boolean problem, String body) {
        long start = clock += 1_000_000;
        long end = clock += 1_000_000;
        ops.add(new Op(0, kind, intent, 0, 1, "POST", "/", "{}", status, problem, body, start, end, null));
    }

    private void event(String type, String id, Integer... ports) {
        Op allocating = ops.stream().filter(op -> op.body() != null && op.body().contains("\"" + id + "\""))
                .findFirst().orElseThrow();
        events.add(new EventRow(events.size() + 1, T.plusSeconds(events.size()), type, POOL.name(), "d",
                allocating.intent().service(), id, List.of(ports)));
    }

    private void held(String id, Integer... ports) {
        Op allocating = ops.stream().filter(op -> op.body() != null && op.body().contains("\"" + id + "\""))
                .findFirst().orElseThrow();
        allocations.put(id, new DbSnapshot.AllocationRow(id, POOL.name(), "d", allocating.intent().service(),
                ports.length, false, null, T, null));
        for (int port : ports) {
            portRows.add(new DbSnapshot.PortRow(POOL.name(), port, id));
            taken.set(port - POOL.minPort());
        }
        apiAllocated += ports.length;
    }

    private static String allocationJson(String id, List<Integer> ports, String expiresAt) {
        return "{\"id\":\"" + id + "\",\"pool\":\"" + POOL.name() + "\",\"deployment\":\"d\",\"service\":\"s-" + id
                + "\",\"ports\":" + ports.toString().replace(" ", "") + ",\"createdAt\":\"" + T + "\",\"expiresAt\":"
                + (expiresAt == null ? "null" : "\"" + expiresAt + "\"") + "}";
    }
}
