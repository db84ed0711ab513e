package dev.portalloc.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongFunction;

/**
 * Checks one soak after the fact, from three sources that must agree: every response a client received,
 * the event log read from the start, and the database rows. Nothing here trusts the server's own view of
 * itself except where that view is the thing checked (a pool's counts).
 */
final class InvariantChecker {
    private static final Set<String> ALLOCATE_CONFLICTS = Set.of("pool-exhausted", "port-unavailable",
            "allocation-conflict");
    /** The shortest lease a client asks for or renews to. */
    private static final Duration MIN_TTL = Duration.ofSeconds(1);
    /** Error of mapping a client's nanoTime onto the wall clock the servers stamp events with. */
    private static final Duration CLOCK_SLACK = Duration.ofMillis(50);

    private final ObjectMapper json;
    private final Map<String, PoolSpec> pools = new LinkedHashMap<>();
    private final Violations violations;
    private final Map<String, Object> figures = new LinkedHashMap<>();

    InvariantChecker(ObjectMapper json, List<PoolSpec> pools, Violations violations) {
        this.json = json;
        this.violations = violations;
        pools.forEach(pool -> this.pools.put(pool.name(), pool));
    }

    Violations violations() {
        return violations;
    }

    Map<String, Object> figures() {
        return figures;
    }

    /** An allocation as a 2xx answer showed it. */
    record Seen(String id, String pool, String deployment, String service, List<Integer> ports, Instant createdAt,
                Instant expiresAt) {
    }

    /** A 201 and the request that caused it. */
    record Created(Op op, Seen allocation) {
    }

    /** The port's owner and the seq of the event that made it so. */
    private record Holder(String allocationId, long seq) {
    }

    private record PoolPort(String pool, int port) {
    }

    /**
     * @param apiAllocated for each instance asked, the {@code allocated} count of each pool it reported
     * @param wallClock    the wall-clock time (the servers' clock) of a client's {@code nanoTime}
     */
    void check(List<Op> ops, List<EventRow> events, DbSnapshot db, Map<String, Map<String, Integer>> apiAllocated,
               LongFunction<Instant> wallClock) {
        Map<String, Created> created = checkResponses(ops);
        Map<String, EventRow> allocatedEvents = new HashMap<>();
        Map<String, List<EventRow>> closingEvents = new HashMap<>();
        Map<PoolPort, Holder> holders = replayLog(events, created, allocatedEvents, closingEvents);
        crossCheck(ops, created, allocatedEvents, closingEvents, db);
        checkNotFoundAnswers(ops, created, closingEvents, wallClock);
        checkRealTimeOrder(created, allocatedEvents);
        checkDatabase(db, holders, allocatedEvents, events.size());
        checkPoolCounts(db, apiAllocated);
    }

    private Map<String, Created> checkResponses(List<Op> ops) {
        Map<String, Created> created = new LinkedHashMap<>();
        long idempotent = 0;
        for (Op op : ops) {
            String where = describe(op);
            if (op.status() == Op.TIMEOUT) {
                violations.add("request-timed-out", where + ": " + op.error());
                continue;
            }
            if (op.status() < 0) {
                continue;
            }
            if (op.status() >= 500 && op.status() != 503) {
                violations.add("http-5xx", where + " -> " + op.status() + " " + op.body());
                continue;
            }
            String code = op.status() >= 400 ? problemCode(op) : null;
            if (op.status() == 404 && "pool-not-found".equals(code)) {
                // The soak's pools exist from before the load to after it: nobody deletes them.
                violations.add("existing-pool-reported-missing", where + " -> " + op.body());
                continue;
            }
            if (op.status() == 503 && !(op.problemJson() && "unavailable".equals(code))) {
                violations.add("503-not-an-unavailable-problem", where + " -> " + op.body());
            }
            if (!op.kind().expects(op.status())) {
                violations.add("unexpected-status", where + " -> " + op.status() + " " + op.body());
                continue;
            }
            if (op.status() >= 400 && op.status() < 500) {
                if (!op.problemJson()) {
                    violations.add("4xx-without-problem-json", where + " -> " + op.body());
                } else if (op.kind().allocates() && op.status() == 409 && !ALLOCATE_CONFLICTS.contains(code)) {
                    violations.add("unexpected-problem-code", where + " -> " + op.body());
                } else if (op.status() == 404 && op.kind() == OpKind.RELEASE && !"allocation-not-found".equals(code)) {
                    violations.add("unexpected-problem-code", where + " -> " + op.body());
                }
            }
            if (op.kind().allocates() && (op.status() == 201 || op.status() == 200)) {
                Seen seen = parseAllocation(op);
                if (seen == null) {
                    continue;
                }
                checkAllocationAnswer(op, seen);
                if (op.status() == 201) {
                    Created previous = created.put(seen.id(), new Created(op, seen));
                    if (previous != null) {
                        violations.add("two-201s-for-one-id", seen.id() + ": " + describe(previous.op()) + " and " + where);
                    }
                } else {
                    idempotent++;
                }
            }
        }
        figures.put("created201", created.size());
        figures.put("idempotent200", idempotent);
        return created;
    }

    /** The answer describes what was asked: same key, and for a 201 exactly the shape requested. */
    private void checkAllocationAnswer(Op op, Seen seen) {
        Op.Intent intent = op.intent();
        String where = describe(op) + " -> " + op.status() + " " + op.body();
        if (!intent.pool().equals(seen.pool()) || !intent.deployment().equals(seen.deployment())
                || !intent.service().equals(seen.service())) {
            violations.add("allocation-answer-for-another-key", where);
        }
        List<Integer> ports = seen.ports();
        PoolSpec pool = pools.get(intent.pool());
        boolean sortedDistinct = true;
        for (int i = 1; i < ports.size(); i++) {
            sortedDistinct &= ports.get(i) > ports.get(i - 1);
        }
        if (!sortedDistinct || ports.size() != intent.count()) {
            violations.add("allocation-shape", "ports not " + intent.count() + " sorted distinct: " + where);
        }
        for (int port : ports) {
            if (!pool.contains(port) || pool.reserved().contains(port)) {
                violations.add("allocation-port-outside-pool-or-reserved", port + ": " + where);
            }
        }
        if (intent.contiguous() && !ports.isEmpty() && ports.get(ports.size() - 1) - ports.get(0) != ports.size() - 1) {
            violations.add("allocation-shape", "not contiguous: " + where);
        }
        if (intent.ports() != null && !new TreeSet<>(intent.ports()).equals(new TreeSet<>(ports))) {
            violations.add("allocation-shape", "not the ports asked for: " + where);
        }
        if (op.status() == 201) {
            if (intent.ttlSeconds() == null && seen.expiresAt() != null) {
                violations.add("allocation-lease", "a lease nobody asked for: " + where);
            }
            if (intent.ttlSeconds() != null && (seen.expiresAt() == null || Math.abs(Duration.between(
                    seen.createdAt().plusSeconds(intent.ttlSeconds()), seen.expiresAt()).toMillis()) > 5)) {
                violations.add("allocation-lease", "expiresAt is not createdAt + ttlSeconds: " + where);
            }
        }
    }

    /**
     * Replays the log port by port: an allocation takes each of its ports, which must be free; a release
     * or expiry gives back exactly the ports its allocation took. Returns who holds what at the end.
     */
    private Map<PoolPort, Holder> replayLog(List<EventRow> events, Map<String, Created> created,
                                            Map<String, EventRow> allocatedEvents,
                                            Map<String, List<EventRow>> closingEvents) {
        Map<PoolPort, Holder> holders = new HashMap<>();
        long expected = 1;
        long released = 0;
        long expired = 0;
        for (EventRow event : events) {
            if (event.seq() != expected) {
                violations.add("event-seq-gap", "expected seq " + expected + ", read " + event.seq());
                expected = event.seq();
            }
            expected++;
            if (EventRow.ALLOCATED.equals(event.type())) {
                EventRow previous = allocatedEvents.put(event.allocationId(), event);
                if (previous != null) {
                    violations.add("allocated-twice-in-log", event.allocationId() + " at seq " + previous.seq()
                            + " and " + event.seq());
                }
                for (int port : event.ports()) {
                    Holder holder = holders.put(new PoolPort(event.pool(), port), new Holder(event.allocationId(),
                            event.seq()));
                    if (holder != null) {
                        violations.add("port-held-twice", event.pool() + ":" + port + " allocated to "
                                + event.allocationId() + " (seq " + event.seq() + ") while held by "
                                + holder.allocationId() + " (since seq " + holder.seq() + ")");
                    }
                }
            } else if (event.closesAllocation()) {
                if (EventRow.RELEASED.equals(event.type())) {
                    released++;
                } else {
                    expired++;
                }
                List<EventRow> closes = closingEvents.computeIfAbsent(event.allocationId(), id -> new ArrayList<>());
                closes.add(event);
                if (closes.size() > 1) {
                    violations.add("closed-twice-in-log", event.allocationId() + " at seq " + closes.get(0).seq()
                            + " and " + event.seq());
                }
                EventRow allocated = allocatedEvents.get(event.allocationId());
                if (allocated == null) {
                    violations.add("closed-but-never-allocated", event.toString());
                } else if (!allocated.pool().equals(event.pool())
                        || !new TreeSet<>(allocated.ports()).equals(new TreeSet<>(event.ports()))) {
                    violations.add("closed-other-ports-than-allocated", allocated + " closed by " + event);
                }
                for (int port : event.ports()) {
                    PoolPort key = new PoolPort(event.pool(), port);
                    Holder holder = holders.get(key);
                    if (holder == null || !holder.allocationId().equals(event.allocationId())) {
                        violations.add("closed-a-port-it-did-not-hold", event.pool() + ":" + port + " by "
                                + event.allocationId() + " (seq " + event.seq() + "), holder "
                                + (holder == null ? "none" : holder.allocationId()));
                    } else {
                        holders.remove(key);
                    }
                }
                if (EventRow.EXPIRED.equals(event.type())) {
                    checkExpiry(event, created.get(event.allocationId()));
                }
            }
        }
        figures.put("events", events.size());
        figures.put("allocatedEvents", allocatedEvents.size());
        figures.put("releasedEvents", released);
        figures.put("expiredEvents", expired);
        return holders;
    }

    /** Only a lease expires, and not before the shortest lease could have run out. */
    private void checkExpiry(EventRow event, Created created) {
        if (created == null) {
            return;
        }
        if (created.allocation().expiresAt() == null) {
            violations.add("expired-without-lease", event + " of " + describe(created.op()));
        } else if (event.at().isBefore(created.allocation().createdAt().plus(MIN_TTL))) {
            violations.add("expired-too-early", event + " of " + describe(created.op()) + " " + created.op().body());
        }
    }

    private void crossCheck(List<Op> ops, Map<String, Created> created, Map<String, EventRow> allocatedEvents,
                            Map<String, List<EventRow>> closingEvents, DbSnapshot db) {
        long stillHeld = 0;
        long closed = 0;
        for (Created c : created.values()) {
            Seen seen = c.allocation();
            EventRow allocated = allocatedEvents.get(seen.id());
            if (allocated == null) {
                violations.add("201-not-in-event-log", describe(c.op()) + " -> " + c.op().body());
                continue;
            }
            if (!allocated.pool().equals(seen.pool()) || !Objects.equals(allocated.deployment(), seen.deployment())
                    || !Objects.equals(allocated.service(), seen.service())
                    || !new TreeSet<>(allocated.ports()).equals(new TreeSet<>(seen.ports()))) {
                violations.add("201-differs-from-event-log", c.op().body() + " vs " + allocated);
            }
            int closes = closingEvents.getOrDefault(seen.id(), List.of()).size();
            boolean inDb = db.allocations().containsKey(seen.id());
            if (inDb && closes == 0) {
                stillHeld++;
            } else if (!inDb && closes == 1) {
                closed++;
            } else {
                violations.add("201-neither-held-nor-released-once", seen.id() + ": in database " + inDb + ", "
                        + closes + " closing events; " + describe(c.op()));
            }
        }
        for (Op op : ops) {
            if (op.kind().allocates() && op.status() == 200) {
                Seen seen = parseAllocationQuietly(op);
                if (seen != null && !allocatedEvents.containsKey(seen.id())) {
                    violations.add("200-names-an-allocation-never-made", describe(op) + " -> " + op.body());
                }
            }
            if (op.kind() == OpKind.RELEASE && op.status() == 204
                    && !closingEvents.containsKey(op.intent().allocationId())) {
                violations.add("204-release-without-event", describe(op));
            }
        }
        figures.put("created201StillHeld", stillHeld);
        figures.put("created201Released", closed);
    }

    /**
     * "Not found" for an allocation without a lease is only right once it was released, and only its own
     * client (which sends one request at a time) releases or resets it: so its release must be logged
     * before the 404 was answered. A 404 for an allocation still held tells a client to forget ports it
     * holds.
     */
    private void checkNotFoundAnswers(List<Op> ops, Map<String, Created> created,
                                      Map<String, List<EventRow>> closingEvents, LongFunction<Instant> wallClock) {
        for (Op op : ops) {
            if (op.status() != 404 || op.intent().allocationId() == null) {
                continue;
            }
            Created allocation = created.get(op.intent().allocationId());
            if (allocation == null || allocation.allocation().expiresAt() != null) {
                continue;
            }
            List<EventRow> closes = closingEvents.get(op.intent().allocationId());
            Instant answered = wallClock.apply(op.endNanos());
            if (closes == null || closes.get(0).at().isAfter(answered.plus(CLOCK_SLACK))) {
                violations.add("404-for-an-allocation-still-held", describe(op) + " -> " + op.body() + "; released "
                        + (closes == null ? "never" : "at " + closes.get(0).at() + ", answered at " + answered));
            }
        }
    }

    /**
     * The log's order of two allocations of one port must not contradict real time: the later one in the
     * log cannot have been answered before the earlier one was even asked for.
     */
    private void checkRealTimeOrder(Map<String, Created> created, Map<String, EventRow> allocatedEvents) {
        Map<PoolPort, List<Created>> byPort = new HashMap<>();
        for (Created c : created.values()) {
            if (!allocatedEvents.containsKey(c.allocation().id())) {
                continue;
            }
            for (int port : c.allocation().ports()) {
                byPort.computeIfAbsent(new PoolPort(c.allocation().pool(), port), k -> new ArrayList<>()).add(c);
            }
        }
        long pairs = 0;
        for (Map.Entry<PoolPort, List<Created>> entry : byPort.entrySet()) {
            List<Created> list = entry.getValue();
            list.sort(Comparator.comparingLong(c -> allocatedEvents.get(c.allocation().id()).seq()));
            for (int i = 1; i < list.size(); i++) {
                Created earlier = list.get(i - 1);
                Created later = list.get(i);
                pairs++;
                if (later.op().endNanos() < earlier.op().startNanos()) {
                    violations.add("log-order-contradicts-real-time", entry.getKey() + ": " + later.allocation().id()
                            + " answered before " + earlier.allocation().id() + " was asked for, yet logged after it");
                }
            }
        }
        figures.put("portReusesChecked", pairs);
    }

    private void checkDatabase(DbSnapshot db, Map<PoolPort, Holder> holders, Map<String, EventRow> allocatedEvents,
                               int eventsRead) {
        Map<PoolPort, String> rows = new HashMap<>();
        Map<String, Set<Integer>> portsByAllocation = new HashMap<>();
        for (DbSnapshot.PortRow row : db.ports()) {
            rows.put(new PoolPort(row.pool(), row.port()), row.allocationId());
            portsByAllocation.computeIfAbsent(row.allocationId(), id -> new TreeSet<>()).add(row.port());
        }
        for (Map.Entry<PoolPort, String> row : rows.entrySet()) {
            Holder holder = holders.get(row.getKey());
            if (holder == null || !holder.allocationId().equals(row.getValue())) {
                violations.add("db-port-row-not-held-in-log", row.getKey() + " -> " + row.getValue() + ", log says "
                        + (holder == null ? "free" : holder.allocationId()));
            }
        }
        for (Map.Entry<PoolPort, Holder> held : holders.entrySet()) {
            if (!rows.containsKey(held.getKey())) {
                violations.add("log-holds-port-without-db-row", held.getKey() + " -> " + held.getValue());
            }
        }
        for (DbSnapshot.AllocationRow allocation : db.allocations().values()) {
            Set<Integer> ports = portsByAllocation.getOrDefault(allocation.id(), Set.of());
            if (ports.size() != allocation.requestedCount()) {
                violations.add("half-done-allocation", allocation + " has " + ports.size() + " port rows");
            }
            EventRow allocated = allocatedEvents.get(allocation.id());
            if (allocated == null) {
                violations.add("db-allocation-not-in-log", allocation.toString());
            } else if (!new TreeSet<>(allocated.ports()).equals(ports)) {
                violations.add("db-allocation-ports-differ-from-log", allocation + " rows " + ports + ", log " + allocated);
            }
        }
        for (String allocationId : portsByAllocation.keySet()) {
            if (!db.allocations().containsKey(allocationId)) {
                violations.add("port-rows-without-allocation", allocationId + " " + portsByAllocation.get(allocationId));
            }
        }
        if (db.orphanPortRows() > 0) {
            violations.add("port-rows-without-allocation", db.orphanPortRows() + " rows (join on id and pool)");
        }
        for (DbSnapshot.PoolRow pool : db.pools().values()) {
            BitSet fromRows = new BitSet();
            rows.keySet().stream().filter(key -> key.pool().equals(pool.name()))
                    .forEach(key -> fromRows.set(key.port() - pool.minPort()));
            if (!fromRows.equals(pool.taken())) {
                BitSet onlyBits = (BitSet) pool.taken().clone();
                onlyBits.andNot(fromRows);
                BitSet onlyRows = (BitSet) fromRows.clone();
                onlyRows.andNot(pool.taken());
                violations.add("pool-bitset-differs-from-port-rows", pool.name() + ": taken but no row "
                        + ports(pool.minPort(), onlyBits) + ", row but not taken " + ports(pool.minPort(), onlyRows));
            }
        }
        if (db.unsequencedEvents() > 0 || db.eventRows() != eventsRead) {
            violations.add("event-log-incomplete", db.eventRows() + " event rows, " + db.unsequencedEvents()
                    + " without seq, " + eventsRead + " read over HTTP");
        }
        if (db.leasedAllocations() > 0) {
            violations.add("expired-leases-not-reaped", db.leasedAllocations() + " leased allocations remain after"
                    + " every lease ran out and the reaper had time");
        }
        figures.put("dbAllocations", db.allocations().size());
        figures.put("dbPortRows", db.ports().size());
    }

    private void checkPoolCounts(DbSnapshot db, Map<String, Map<String, Integer>> apiAllocated) {
        Map<String, Integer> rowsByPool = new HashMap<>();
        db.ports().forEach(row -> rowsByPool.merge(row.pool(), 1, Integer::sum));
        apiAllocated.forEach((instance, byPool) -> {
            for (PoolSpec pool : pools.values()) {
                Integer reported = byPool.get(pool.name());
                int rows = rowsByPool.getOrDefault(pool.name(), 0);
                if (reported == null || reported != rows) {
                    violations.add("pool-count-differs-from-rows", instance + " reports " + pool.name() + " allocated="
                            + reported + ", the database has " + rows + " port rows");
                }
            }
        });
        figures.put("portsHeldAtEnd", new LinkedHashMap<>(rowsByPool));
    }

    private Seen parseAllocation(Op op) {
        Seen seen = parseAllocationQuietly(op);
        if (seen == null) {
            violations.add("malformed-allocation-answer", describe(op) + " -> " + op.status() + " " + op.body());
        }
        return seen;
    }

    private Seen parseAllocationQuietly(Op op) {
        try {
            JsonNode node = json.readTree(op.body());
            List<Integer> ports = new ArrayList<>();
            node.path("ports").forEach(port -> ports.add(port.asInt()));
            JsonNode expires = node.get("expiresAt");
            return new Seen(node.path("id").asText(), node.path("pool").asText(), node.path("deployment").asText(),
                    node.path("service").asText(), List.copyOf(ports), Instant.parse(node.path("createdAt").asText()),
                    expires == null || expires.isNull() ? null : Instant.parse(expires.asText()));
        } catch (IOException | RuntimeException malformed) {
            return null;
        }
    }

    private String problemCode(Op op) {
        try {
            return op.body() == null ? null : json.readTree(op.body()).path("code").asText(null);
        } catch (IOException malformed) {
            return null;
        }
    }

    private static String ports(int min, BitSet bits) {
        List<Integer> ports = new ArrayList<>();
        bits.stream().limit(20).forEach(bit -> ports.add(min + bit));
        return ports + (bits.cardinality() > 20 ? " (" + bits.cardinality() + " in all)" : "");
    }

    static String describe(Op op) {
        return op.kind().label() + " client " + op.client() + " " + op.method() + " " + op.path()
                + (op.requestBody() == null ? "" : " " + op.requestBody()) + " on instance #" + (op.instance() + 1);
    }
}
