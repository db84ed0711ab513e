package dev.portalloc.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs thousands of random operations against {@link Pool} and against a deliberately naive model of
 * the API's cursor rule (probe port by port from the cursor, wrapping at maxPort), and demands the
 * same answer from both after every operation: the same ports, or the same refusal with the same
 * details and an unchanged pool.
 */
final class PoolPropertyTest {
    private static final PoolName NAME = PoolName.of("prop");
    private static final int OPERATIONS = 4_000;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 17, 42, 1_000, 65_535, 20_261_127, -7, 123_456_789})
    void poolMakesTheSameChoicesAsTheModel(long seed) {
        Random random = new Random(seed);
        PortRange initialRange = randomRange(random, null);
        Set<Integer> initialReserved = randomReserved(random, initialRange, Set.of());

        Pool pool = Pool.create(NAME, initialRange, initialReserved);
        Model model = new Model(initialRange, initialReserved);
        List<List<Integer>> held = new ArrayList<>();
        // how often each kind of operation succeeded and was refused, to prove the run covered them
        Map<String, int[]> tally = new TreeMap<>();

        for (int op = 0; op < OPERATIONS; op++) {
            String context = "seed " + seed + ", op " + op;
            double fill = model.capacity() == 0 ? 1 : (double) model.used.size() / model.capacity();
            int dice = random.nextInt(100);

            if (!held.isEmpty() && dice < 15 + (int) (45 * fill)) {
                List<Integer> ports = held.remove(random.nextInt(held.size()));
                pool.release(ports);
                model.release(ports);
            } else if (dice >= 97) {
                Pool stored = pool;
                pool = Pool.restore(NAME, stored.range(), stored.reserved(), stored.nextPort(), stored.takenBits());
            } else if (dice >= 94) {
                PortRange newRange = randomRange(random, model);
                Set<Integer> newReserved = randomReserved(random, newRange, model.used);
                Pool target = pool;
                Outcome expected = Outcome.of(() -> {
                    model.redefine(newRange, newReserved);
                    return List.of();
                });
                Outcome actual = outcomeChangingNothingOnFailure(target, () -> {
                    target.redefine(newRange, newReserved);
                    return List.of();
                }, context);
                assertSameOutcome(actual, expected, context + " redefine " + newRange + " " + newReserved);
                count(tally, "redefine", actual);
            } else if (dice >= 91) {
                // releasing ports nobody holds changes nothing
                List<Integer> strays = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    int port = randomPortNear(random, model);
                    if (!model.used.contains(port)) {
                        strays.add(port);
                    }
                }
                pool.release(strays);
            } else {
                AllocationShape shape = randomShape(random, model);
                Pool target = pool;
                Outcome expected = Outcome.of(() -> model.allocate(shape));
                Outcome actual = outcomeChangingNothingOnFailure(target, () -> target.allocate(shape), context);
                assertSameOutcome(actual, expected, context + " " + shape.describe() + " cursor " + model.cursorBefore);
                if (actual.ports() != null) {
                    assertThat(actual.ports()).as(context).hasSize(shape.count()).isSorted();
                    held.add(actual.ports());
                }
                count(tally, shape.isSpecific() ? "specific" : shape.contiguous() ? "contiguous" : "dynamic", actual);
            }
            assertSameState(pool, model, held, context);
        }
        for (String kind : List.of("dynamic", "contiguous", "specific")) {
            assertThat(tally.get(kind)[0]).as("%s successes, seed %d %s", kind, seed, describe(tally)).isGreaterThan(50);
            assertThat(tally.get(kind)[1]).as("%s refusals, seed %d %s", kind, seed, describe(tally)).isGreaterThan(5);
        }
        assertThat(tally.get("redefine")[0]).as("redefine successes, seed %d %s", seed, describe(tally)).isPositive();
        assertThat(tally.get("redefine")[1]).as("redefine refusals, seed %d %s", seed, describe(tally)).isPositive();
    }

    private static void count(Map<String, int[]> tally, String kind, Outcome outcome) {
        tally.computeIfAbsent(kind, k -> new int[2])[outcome.error() == null ? 0 : 1]++;
    }

    private static String describe(Map<String, int[]> tally) {
        StringBuilder out = new StringBuilder();
        tally.forEach((kind, counts) -> out.append(kind).append('=').append(counts[0]).append('/').append(counts[1]).append(' '));
        return out.toString().trim();
    }

    private static void assertSameState(Pool pool, Model model, List<List<Integer>> held, String context) {
        assertThat(pool.range()).as(context).isEqualTo(model.range);
        assertThat(pool.reserved()).as(context).isEqualTo(model.reserved);
        assertThat(pool.nextPort()).as("cursor, " + context).isEqualTo(model.cursor);
        assertThat(pool.allocatedCount()).as("allocated, " + context).isEqualTo(model.used.size());
        assertThat(pool.availableCount()).as("available, " + context).isEqualTo(model.free());
        assertThat(pool.capacity()).as("capacity, " + context).isEqualTo(model.capacity());
        assertThat(pool.availableCount()).as(context).isEqualTo(pool.capacity() - pool.allocatedCount());
        assertThat(pool.hasAllocations()).as(context).isEqualTo(!model.used.isEmpty());

        Set<Integer> union = new HashSet<>();
        int total = 0;
        for (List<Integer> ports : held) {
            union.addAll(ports);
            total += ports.size();
        }
        assertThat(union).as("no port held twice, " + context).hasSize(total);
        assertThat(union).as(context).isEqualTo(model.used);

        for (int port = model.range.min(); port <= model.range.max(); port++) {
            PortState expected = model.used.contains(port) ? PortState.ALLOCATED
                    : model.reserved.contains(port) ? PortState.RESERVED : PortState.FREE;
            if (pool.stateOf(port) != expected) {
                fail("port %d is %s, expected %s; %s", port, pool.stateOf(port), expected, context);
            }
        }
    }

    private static Outcome outcomeChangingNothingOnFailure(Pool pool, Supplier<List<Integer>> action, String context) {
        byte[] bits = pool.takenBits();
        int cursor = pool.nextPort();
        int allocated = pool.allocatedCount();
        int available = pool.availableCount();
        PortRange range = pool.range();
        Set<Integer> reserved = Set.copyOf(pool.reserved());
        Outcome outcome = Outcome.of(action);
        if (outcome.error() != null) {
            assertThat(pool.takenBits()).as("all or nothing, " + context).isEqualTo(bits);
            assertThat(pool.nextPort()).as("all or nothing, " + context).isEqualTo(cursor);
            assertThat(pool.allocatedCount()).as("all or nothing, " + context).isEqualTo(allocated);
            assertThat(pool.availableCount()).as("all or nothing, " + context).isEqualTo(available);
            assertThat(pool.range()).as("all or nothing, " + context).isEqualTo(range);
            assertThat(pool.reserved()).as("all or nothing, " + context).isEqualTo(reserved);
        }
        return outcome;
    }

    private static void assertSameOutcome(Outcome actual, Outcome expected, String context) {
        if (expected.error() == null) {
            assertThat(actual.error()).as("unexpected refusal, " + context).isNull();
            assertThat(actual.ports()).as("ports chosen, " + context).isEqualTo(expected.ports());
            return;
        }
        assertThat(actual.error()).as("expected a refusal, " + context).isNotNull();
        assertThat(actual.error()).as(context).isExactlyInstanceOf(expected.error().getClass());
        if (expected.error() instanceof PoolExhaustedException e) {
            PoolExhaustedException a = (PoolExhaustedException) actual.error();
            assertThat(a.requested()).as(context).isEqualTo(e.requested());
            assertThat(a.available()).as(context).isEqualTo(e.available());
            assertThat(a.contiguous()).as(context).isEqualTo(e.contiguous());
            assertThat(a.pool()).isEqualTo(NAME);
        } else if (expected.error() instanceof PortUnavailableException e) {
            assertThat(((PortUnavailableException) actual.error()).ports()).as(context).isEqualTo(e.ports());
        } else if (expected.error() instanceof PoolConflictException e) {
            assertThat(((PoolConflictException) actual.error()).ports()).as(context).isEqualTo(e.ports());
        } else if (expected.error() instanceof InvalidInputException e) {
            assertThat(((InvalidInputException) actual.error()).field()).as(context).isEqualTo(e.field());
        }
    }

    private record Outcome(List<Integer> ports, DomainException error) {
        static Outcome of(Supplier<List<Integer>> action) {
            try {
                return new Outcome(action.get(), null);
            } catch (DomainException e) {
                return new Outcome(null, e);
            }
        }
    }

    // ---- random inputs ----

    private static final int[] SIZES = {1, 2, 3, 63, 64, 65, 100, 128, 129, 200, 300};

    /** A range of up to 300 ports, often near the ends of the port space; near the model's range when given. */
    private static PortRange randomRange(Random random, Model model) {
        int size = random.nextBoolean() ? SIZES[random.nextInt(SIZES.length)] : 1 + random.nextInt(300);
        int min;
        if (model != null && random.nextInt(3) != 0) {
            // keep the allocations inside often enough for a redefinition to succeed
            int low = model.used.isEmpty() ? model.range.min() : model.used.first();
            int high = model.used.isEmpty() ? model.range.max() : model.used.last();
            size = Math.max(size, high - low + 1);
            min = Math.max(1, low - random.nextInt(Math.max(1, size - (high - low))));
        } else {
            switch (random.nextInt(4)) {
                case 0 -> min = 1;
                case 1 -> min = 65_536 - size;
                default -> min = 1 + random.nextInt(65_536 - size);
            }
        }
        int max = Math.min(65_535, min + size - 1);
        return PortRange.of(min, max);
    }

    private static Set<Integer> randomReserved(Random random, PortRange range, Set<Integer> avoid) {
        Set<Integer> reserved = new TreeSet<>();
        int inRange = random.nextInt(Math.max(1, range.size() / 6) + 1);
        boolean careful = random.nextBoolean();
        for (int i = 0; i < inRange; i++) {
            int port = range.min() + random.nextInt(range.size());
            if (!careful || !avoid.contains(port)) {
                reserved.add(port);
            }
        }
        if (random.nextBoolean() && range.min() > 1) {
            reserved.add(range.min() - 1);
        }
        if (random.nextBoolean() && range.max() < 65_535) {
            reserved.add(range.max() + 1 + random.nextInt(65_535 - range.max()));
        }
        return reserved;
    }

    private static AllocationShape randomShape(Random random, Model model) {
        int size = model.range.size();
        switch (random.nextInt(10)) {
            case 0, 1, 2, 3 -> {
                int count = random.nextInt(5) == 0 ? 1 + random.nextInt(Math.min(AllocationShape.MAX_COUNT, size + 2))
                        : 1 + random.nextInt(4);
                return AllocationShape.dynamic(Math.min(count, AllocationShape.MAX_COUNT), false);
            }
            case 4, 5 -> {
                int count = random.nextInt(5) == 0 ? 1 + random.nextInt(Math.min(AllocationShape.MAX_COUNT, size + 2))
                        : 1 + random.nextInt(Math.min(size, 12));
                return AllocationShape.dynamic(Math.min(count, AllocationShape.MAX_COUNT), true);
            }
            case 6 -> {
                // a specific run, declared contiguous
                int length = 1 + random.nextInt(4);
                int start = Math.max(1, Math.min(65_536 - length, randomPortNear(random, model)));
                List<Integer> run = new ArrayList<>();
                for (int i = 0; i < length; i++) {
                    run.add(start + i);
                }
                return AllocationShape.of(null, run, true);
            }
            default -> {
                Set<Integer> ports = new LinkedHashSet<>();
                int wanted = 1 + random.nextInt(4);
                for (int i = 0; i < wanted; i++) {
                    ports.add(random.nextInt(3) == 0 ? randomPortNear(random, model) : model.randomFreePortOr(random));
                }
                return AllocationShape.specific(new ArrayList<>(ports));
            }
        }
    }

    /** Mostly inside the range, sometimes just outside it. */
    private static int randomPortNear(Random random, Model model) {
        int port = model.range.min() - 2 + random.nextInt(model.range.size() + 4);
        return Math.max(1, Math.min(65_535, port));
    }

    // ---- the model ----

    /** The API's rules written the obvious way: sets of ports and a cursor that probes port by port. */
    private static final class Model {
        PortRange range;
        TreeSet<Integer> reserved;
        final TreeSet<Integer> used = new TreeSet<>();
        int cursor;
        int cursorBefore;

        Model(PortRange range, Set<Integer> reserved) {
            this.range = range;
            this.reserved = new TreeSet<>(reserved);
            this.cursor = range.min();
        }

        boolean blocked(int port) {
            return used.contains(port) || reserved.contains(port);
        }

        int next(int port) {
            return port == range.max() ? range.min() : port + 1;
        }

        int capacity() {
            return range.size() - reserved.subSet(range.min(), range.max() + 1).size();
        }

        int free() {
            int free = 0;
            for (int port = range.min(); port <= range.max(); port++) {
                if (!blocked(port)) {
                    free++;
                }
            }
            return free;
        }

        int randomFreePortOr(Random random) {
            int start = range.min() + random.nextInt(range.size());
            int port = start;
            do {
                if (!blocked(port)) {
                    return port;
                }
                port = next(port);
            } while (port != start);
            return start;
        }

        List<Integer> allocate(AllocationShape shape) {
            cursorBefore = cursor;
            if (shape.isSpecific()) {
                List<Integer> offenders = new ArrayList<>();
                for (int port : shape.requestedPorts()) {
                    if (!range.contains(port)) {
                        throw new InvalidInputException("ports", "outside");
                    }
                    if (blocked(port)) {
                        offenders.add(port);
                    }
                }
                if (!offenders.isEmpty()) {
                    throw new PortUnavailableException(NAME, offenders);
                }
                used.addAll(shape.requestedPorts());
                return shape.requestedPorts();
            }
            int count = shape.count();
            if (shape.contiguous()) {
                int start = -1;
                for (int s = cursor; s + count - 1 <= range.max() && start < 0; s++) {
                    if (runFree(s, count)) {
                        start = s;
                    }
                }
                for (int s = range.min(); s < cursor && s + count - 1 <= range.max() && start < 0; s++) {
                    if (runFree(s, count)) {
                        start = s;
                    }
                }
                if (start < 0) {
                    throw new PoolExhaustedException(NAME, count, free(), true);
                }
                List<Integer> ports = new ArrayList<>();
                for (int port = start; port < start + count; port++) {
                    ports.add(port);
                }
                used.addAll(ports);
                cursor = next(start + count - 1);
                return ports;
            }
            if (free() < count) {
                throw new PoolExhaustedException(NAME, count, free(), false);
            }
            List<Integer> ports = new ArrayList<>();
            int port = cursor;
            while (ports.size() < count) {
                if (!blocked(port)) {
                    used.add(port);
                    ports.add(port);
                }
                port = next(port);
            }
            cursor = port;
            ports.sort(null);
            return ports;
        }

        private boolean runFree(int start, int count) {
            for (int port = start; port < start + count; port++) {
                if (blocked(port)) {
                    return false;
                }
            }
            return true;
        }

        void release(List<Integer> ports) {
            ports.forEach(used::remove);
        }

        void redefine(PortRange newRange, Set<Integer> newReserved) {
            List<Integer> stranded = used.stream()
                    .filter(port -> !newRange.contains(port) || newReserved.contains(port))
                    .limit(64)
                    .toList();
            if (!stranded.isEmpty()) {
                throw new PoolConflictException(NAME, "stranded", stranded);
            }
            range = newRange;
            reserved = new TreeSet<>(newReserved);
            if (!range.contains(cursor)) {
                cursor = range.min();
            }
        }
    }
}
