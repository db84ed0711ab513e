package dev.portalloc.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.IntPredicate;

/**
 * One host's (or environment's) port space: an inclusive range, reserved ports that are never handed
 * out, the ports currently allocated, and the cursor that dynamic allocation moves forward.
 *
 * <p>Dynamic ports come from the cursor: it starts at the range's lowest port, moves past each port it
 * hands out and wraps at the highest, skipping reserved and taken ports, so a just-released port is the
 * last to be handed out again. Every request is all or nothing: when it cannot be satisfied whole, the
 * pool is left exactly as it was. The cost of one decision depends on the request, not on how many
 * ports are allocated (see {@link Occupancy}).
 *
 * <p>Not thread-safe: callers serialise decisions per pool (the persistence layer holds a row lock).
 */
public final class Pool {
    /** How many offending ports a {@link PoolConflictException} lists at most. */
    private static final int MAX_LISTED_PORTS = 64;

    private final PoolName name;
    private PortRange range;
    private SortedSet<Integer> reserved;
    /** Whether ports that other processes on this host listen on are skipped. */
    private boolean hostCheck;
    private int nextPort;
    /** Changes since this object was made; not stored. */
    private long changes;
    /** Allocated ports. */
    private Occupancy taken;
    /** Allocated or reserved ports: what dynamic allocation must skip. */
    private Occupancy blocked;

    private Pool(PoolName name, PortRange range, Collection<Integer> reserved, boolean hostCheck, int nextPort,
                 Occupancy taken) {
        this.name = Objects.requireNonNull(name, "name");
        this.range = Objects.requireNonNull(range, "range");
        this.reserved = validReserved(reserved);
        this.hostCheck = hostCheck;
        this.nextPort = range.contains(nextPort) ? nextPort : range.min();
        this.taken = taken;
        this.blocked = blockedOf(range, this.reserved, taken);
    }

    /** A new, empty pool without host check. */
    public static Pool create(PoolName name, PortRange range, Collection<Integer> reserved) {
        return create(name, range, reserved, false);
    }

    /** A new, empty pool. */
    public static Pool create(PoolName name, PortRange range, Collection<Integer> reserved, boolean hostCheck) {
        return new Pool(name, range, reserved, hostCheck, range.min(), new Occupancy(range.size()));
    }

    /**
     * A pool as stored: {@code takenBits} is the form returned by {@link #takenBits()}. Restoring costs
     * the size of the range, never the number of allocations.
     */
    public static Pool restore(PoolName name, PortRange range, Collection<Integer> reserved, boolean hostCheck,
                               int nextPort, byte[] takenBits) {
        return new Pool(name, range, reserved, hostCheck, nextPort, Occupancy.fromBytes(range.size(), takenBits));
    }

    /** {@link #restore(PoolName, PortRange, Collection, boolean, int, byte[])} of a pool without host check. */
    public static Pool restore(PoolName name, PortRange range, Collection<Integer> reserved, int nextPort,
                               byte[] takenBits) {
        return restore(name, range, reserved, false, nextPort, takenBits);
    }

    public PoolName name() {
        return name;
    }

    public PortRange range() {
        return range;
    }

    /** Reserved ports, ascending; some may lie outside the range. */
    public SortedSet<Integer> reserved() {
        return java.util.Collections.unmodifiableSortedSet(reserved);
    }

    /**
     * Whether this pool describes the host the allocator runs on, so that ports other processes listen
     * on are never handed out.
     */
    public boolean hostCheck() {
        return hostCheck;
    }

    /** The port the cursor points at: where the next dynamic search starts. */
    public int nextPort() {
        return nextPort;
    }

    /** Range size minus the reserved ports inside the range (allocated ports are never reserved). */
    public int capacity() {
        return availableCount() + allocatedCount();
    }

    public int allocatedCount() {
        return taken.cardinality();
    }

    public int availableCount() {
        return blocked.size() - blocked.cardinality();
    }

    public boolean hasAllocations() {
        return taken.cardinality() > 0;
    }

    /** The allocated ports as compact little-endian bits over the range, for storage. */
    public byte[] takenBits() {
        return taken.toBytes();
    }

    /** Whether the pool already has exactly this definition. */
    public boolean isDefinedAs(PortRange range, Collection<Integer> reserved, boolean hostCheck) {
        return this.range.equals(range) && this.reserved.equals(validReserved(reserved)) && this.hostCheck == hostCheck;
    }

    /** The state of one port; a port outside the range is an invalid question. */
    public PortState stateOf(int port) {
        requireInRange("port", port);
        if (taken.get(port - range.min())) {
            return PortState.ALLOCATED;
        }
        return reserved.contains(port) ? PortState.RESERVED : PortState.FREE;
    }

    /**
     * Chooses and takes the ports the shape asks for, all or nothing.
     *
     * @return the ports taken, ascending
     * @throws InvalidInputException    a requested port lies outside the range
     * @throws PortUnavailableException a requested port is allocated or reserved
     * @throws PoolExhaustedException   not enough free ports, or no free run long enough
     */
    public List<Integer> allocate(AllocationShape shape) {
        return allocate(shape, port -> false);
    }

    /**
     * {@link #allocate(AllocationShape)}, also treating the ports {@code inUseOnHost} accepts as
     * unavailable when this pool has {@link #hostCheck()}: dynamic allocation skips them and a specific
     * request for one is refused. They stay free in the pool; the predicate is asked only about ports
     * the pool would otherwise hand out.
     */
    public List<Integer> allocate(AllocationShape shape, IntPredicate inUseOnHost) {
        IntPredicate busy = hostCheck ? inUseOnHost : port -> false;
        List<Integer> ports;
        if (shape.isSpecific()) {
            ports = checkSpecific(shape.requestedPorts(), busy);
        } else if (shape.contiguous()) {
            ports = findRun(shape.count(), busy);
        } else {
            ports = findScattered(shape.count(), busy);
        }
        for (int port : ports) {
            take(port);
        }
        changes++;
        if (!shape.isSpecific()) {
            // dynamic ports come in hand-out order: the cursor moves past the last one handed out,
            // which is not the highest port when the search wrapped
            int last = ports.get(ports.size() - 1);
            nextPort = last == range.max() ? range.min() : last + 1;
            ports.sort(null);
        }
        return ports;
    }

    /** Gives ports back. Ports that are not allocated are ignored: releasing is idempotent. */
    public void release(Collection<Integer> ports) {
        for (int port : ports) {
            if (range.contains(port) && taken.get(port - range.min())) {
                int bit = port - range.min();
                taken.clear(bit);
                changes++;
                if (!reserved.contains(port)) {
                    blocked.clear(bit);
                }
            }
        }
    }

    /**
     * Changes the range and reserved ports, refusing any change that would leave an allocated port
     * outside the range or make it reserved. The cursor stays where it is while it is in the new range.
     */
    public void redefine(PortRange newRange, Collection<Integer> newReserved) {
        redefine(newRange, newReserved, hostCheck);
    }

    /** {@link #redefine(PortRange, Collection)}, also turning the host check on or off. */
    public void redefine(PortRange newRange, Collection<Integer> newReserved, boolean newHostCheck) {
        SortedSet<Integer> validReserved = validReserved(newReserved);
        List<Integer> stranded = new ArrayList<>();
        int strandedCount = 0;
        for (int bit = taken.nextSet(0); bit >= 0; bit = taken.nextSet(bit + 1)) {
            int port = range.min() + bit;
            if (!newRange.contains(port) || validReserved.contains(port)) {
                if (stranded.size() < MAX_LISTED_PORTS) {
                    stranded.add(port);
                }
                strandedCount++;
            }
        }
        if (strandedCount > 0) {
            throw new PoolConflictException(name, "the change to pool '" + name + "' would strand " + strandedCount
                    + " allocated port" + (strandedCount == 1 ? "" : "s") + " " + stranded
                    + (strandedCount > stranded.size() ? "..." : "") + ": release them first", stranded);
        }
        Occupancy newTaken = new Occupancy(newRange.size());
        for (int bit = taken.nextSet(0); bit >= 0; bit = taken.nextSet(bit + 1)) {
            newTaken.set(range.min() + bit - newRange.min());
        }
        this.range = newRange;
        this.reserved = validReserved;
        this.hostCheck = newHostCheck;
        this.taken = newTaken;
        this.blocked = blockedOf(newRange, validReserved, newTaken);
        if (!newRange.contains(nextPort)) {
            nextPort = newRange.min();
        }
        changes++;
    }

    /**
     * How many times this object's state has changed since it was made or restored: a cheap way for a
     * caller to learn whether there is anything to store, or whether some code changed it.
     */
    public long changeCount() {
        return changes;
    }

    /** Refuses deletion while any port is allocated. */
    public void checkDeletable() {
        if (hasAllocations()) {
            int count = allocatedCount();
            throw new PoolConflictException(name, "pool '" + name + "' still holds " + count + " allocated port"
                    + (count == 1 ? "" : "s") + ": release them first", firstTaken());
        }
    }

    private List<Integer> firstTaken() {
        List<Integer> ports = new ArrayList<>();
        for (int bit = taken.nextSet(0); bit >= 0 && ports.size() < MAX_LISTED_PORTS; bit = taken.nextSet(bit + 1)) {
            ports.add(range.min() + bit);
        }
        return ports;
    }

    private List<Integer> checkSpecific(List<Integer> requested, IntPredicate busy) {
        List<Integer> unavailable = new ArrayList<>();
        for (int port : requested) {
            requireInRange("ports", port);
            if (blocked.get(port - range.min()) || busy.test(port)) {
                unavailable.add(port);
            }
        }
        if (!unavailable.isEmpty()) {
            throw new PortUnavailableException(name, unavailable);
        }
        return requested;
    }

    /** The next {@code count} free ports from the cursor, wrapping once, in the order handed out. */
    private List<Integer> findScattered(int count, IntPredicate busy) {
        if (availableCount() < count) {
            throw new PoolExhaustedException(name, count, availableCount(), false);
        }
        List<Integer> ports = new ArrayList<>(count);
        int cursor = nextPort - range.min();
        int from = cursor;
        boolean wrapped = false;
        while (ports.size() < count) {
            int bit = blocked.nextClear(from);
            if (bit < 0 || (wrapped && bit >= cursor)) {
                if (wrapped) {
                    // Only ports in use on the host can make the count fall short.
                    throw new PoolExhaustedException(name, count, ports.size(), false);
                }
                wrapped = true;
                from = 0;
                continue;
            }
            from = bit + 1;
            if (!busy.test(range.min() + bit)) {
                ports.add(range.min() + bit);
            }
        }
        return ports;
    }

    /**
     * The first run of {@code count} free ports starting at or after the cursor, else the first one
     * starting before it. Jumps from gap to gap, so the cost is the number of free gaps visited, not the
     * number of ports in the range.
     */
    private List<Integer> findRun(int count, IntPredicate busy) {
        int cursor = nextPort - range.min();
        int start = findRunStart(count, cursor, blocked.size(), busy);
        if (start < 0) {
            start = findRunStart(count, 0, cursor, busy);
        }
        if (start < 0) {
            throw new PoolExhaustedException(name, count, availableCount(), true);
        }
        List<Integer> ports = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ports.add(range.min() + start + i);
        }
        return ports;
    }

    /** The first bit in [from, startLimit) that starts {@code count} clear bits none of them busy, or -1. */
    private int findRunStart(int count, int from, int startLimit, IntPredicate busy) {
        int candidate = blocked.nextClear(from);
        while (candidate >= 0 && candidate < startLimit) {
            int end = blocked.nextSet(candidate);
            int runEnd = end < 0 ? blocked.size() : end;
            if (runEnd - candidate >= count) {
                int busyBit = lastBusy(candidate, count, busy);
                if (busyBit < 0) {
                    return candidate;
                }
                // A run that fits cannot contain the busy port: look again just past it.
                candidate = blocked.nextClear(busyBit + 1);
                continue;
            }
            if (end < 0) {
                return -1;
            }
            candidate = blocked.nextClear(end);
        }
        return -1;
    }

    /** The highest bit of [start, start + count) whose port is busy, or -1. */
    private int lastBusy(int start, int count, IntPredicate busy) {
        for (int bit = start + count - 1; bit >= start; bit--) {
            if (busy.test(range.min() + bit)) {
                return bit;
            }
        }
        return -1;
    }

    private void take(int port) {
        int bit = port - range.min();
        taken.set(bit);
        blocked.set(bit);
    }

    private void requireInRange(String field, int port) {
        if (!range.contains(port)) {
            throw new InvalidInputException(field, "port " + port + " is outside pool '" + name + "' range " + range);
        }
    }

    private static SortedSet<Integer> validReserved(Collection<Integer> reserved) {
        SortedSet<Integer> valid = new TreeSet<>();
        if (reserved != null) {
            for (Integer port : reserved) {
                if (port == null) {
                    throw new InvalidInputException("reserved", "reserved must be port numbers");
                }
                PortRange.requireValidPort("reserved", port);
                valid.add(port);
            }
        }
        return valid;
    }

    private static Occupancy blockedOf(PortRange range, SortedSet<Integer> reserved, Occupancy taken) {
        Occupancy blocked = new Occupancy(taken);
        for (int port : reserved.subSet(range.min(), range.max() + 1)) {
            blocked.set(port - range.min());
        }
        return blocked;
    }
}
