package dev.portalloc.benchmarks;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The original allocation design, kept only as a yardstick: the used ports are a {@code HashSet} of
 * their decimal strings (as they came from the database) and a cursor probes port by port, wrapping at
 * the top of the range. A run of {@code n} is found by trying every candidate start from the cursor and
 * checking its ports one by one; a run never wraps across the end of the range. Its cost grows with the
 * number of used ports it has to step over, which is what the domain's bitset avoids.
 *
 * <p>Same cursor rules as the domain pool: the search starts at the cursor and the cursor moves just
 * past the last port handed out. Not thread-safe.
 */
final class ReferenceAllocator {
    private final int min;
    private final int max;
    private final int size;
    private final Set<String> used = new HashSet<>();
    private int cursor;

    ReferenceAllocator(int min, int max) {
        if (min > max) {
            throw new IllegalArgumentException("range " + min + "-" + max);
        }
        this.min = min;
        this.max = max;
        this.size = max - min + 1;
        this.cursor = min;
    }

    /** Marks a port used without moving the cursor, to set up a fill. */
    void markUsed(int port) {
        used.add(String.valueOf(port));
    }

    int usedCount() {
        return used.size();
    }

    /**
     * Takes {@code count} ports, or one run of {@code count} consecutive ports when {@code contiguous}.
     *
     * @return the ports taken, ascending
     * @throws IllegalStateException when the request cannot be met
     */
    List<Integer> allocate(int count, boolean contiguous) {
        return contiguous ? allocateRun(count) : allocateScattered(count);
    }

    /** Gives ports back; ports not in use are ignored. */
    void release(List<Integer> ports) {
        for (int port : ports) {
            used.remove(String.valueOf(port));
        }
    }

    private List<Integer> allocateScattered(int count) {
        if (size - used.size() < count) {
            throw new IllegalStateException("only " + (size - used.size()) + " ports free, " + count + " requested");
        }
        List<Integer> ports = new ArrayList<>(count);
        int p = cursor;
        while (ports.size() < count) {
            while (used.contains(String.valueOf(p))) {
                p = next(p);
            }
            used.add(String.valueOf(p));
            ports.add(p);
            p = next(p);
        }
        cursor = p;
        ports.sort(null);
        return ports;
    }

    private List<Integer> allocateRun(int count) {
        int p = cursor;
        for (int tried = 0; tried < size; tried++, p = next(p)) {
            if (p + count - 1 <= max && runIsFree(p, count)) {
                List<Integer> ports = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    used.add(String.valueOf(p + i));
                    ports.add(p + i);
                }
                cursor = next(p + count - 1);
                return ports;
            }
        }
        throw new IllegalStateException("no free run of " + count + " consecutive ports");
    }

    private boolean runIsFree(int start, int count) {
        for (int i = 0; i < count; i++) {
            if (used.contains(String.valueOf(start + i))) {
                return false;
            }
        }
        return true;
    }

    private int next(int port) {
        return port == max ? min : port + 1;
    }
}
