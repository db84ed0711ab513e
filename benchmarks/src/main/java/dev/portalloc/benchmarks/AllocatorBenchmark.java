package dev.portalloc.benchmarks;

import dev.portalloc.domain.AllocationShape;
import dev.portalloc.domain.Pool;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.PortRange;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One allocation decision plus its release, on a 10,000-port pool held at a constant fill: the domain
 * {@link Pool} ({@link #domain}) against the original design ({@link #reference}), same fill pattern,
 * same cursor rules, same JMH run. Each operation takes the ports the shape asks for and gives the
 * same ports back, so the fill never changes while the cursor walks around the range as it would in
 * service. The ports taken are returned, so JMH consumes them.
 *
 * <p>{@code fill} is the percentage of used ports (see {@link FillPattern}); {@code shape} is
 * {@code single} (one dynamic port) or {@code run8} (8 contiguous dynamic ports).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// Ten warm-up seconds: on a 2-core machine the high fills' loops took up to six 1 s iterations to reach
// their compiled speed (at 99.9 %: 170-254 ns/op for four, 96 in the fifth, then 35), and three left
// that in the measured ones.
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class AllocatorBenchmark {
    static final int MIN_PORT = 10_000;
    static final int MAX_PORT = 19_999;
    static final int SIZE = MAX_PORT - MIN_PORT + 1;
    static final int RUN = 8;
    static final long SEED = 20_240_601L;

    @Param({"0", "50", "99", "99.9"})
    public String fill;

    @Param({"single", "run8"})
    public String shape;

    private int usedCount;
    private int count;
    private boolean contiguous;
    private AllocationShape request;
    private Pool pool;
    private ReferenceAllocator reference;

    @Setup(Level.Trial)
    public void setUp() {
        switch (shape) {
            case "single" -> {
                count = 1;
                contiguous = false;
            }
            case "run8" -> {
                count = RUN;
                contiguous = true;
            }
            default -> throw new IllegalArgumentException("shape " + shape + ": single or run8");
        }
        request = AllocationShape.dynamic(count, contiguous);

        int[] used = FillPattern.usedOffsets(SIZE, Double.parseDouble(fill), RUN, SEED);
        usedCount = used.length;
        pool = Pool.restore(PoolName.of("bench"), PortRange.of(MIN_PORT, MAX_PORT), List.of(), MIN_PORT,
                FillPattern.toBits(SIZE, used));
        reference = new ReferenceAllocator(MIN_PORT, MAX_PORT);
        for (int offset : used) {
            reference.markUsed(MIN_PORT + offset);
        }
        checkFill();
    }

    @TearDown(Level.Trial)
    public void checkFill() {
        if (pool.allocatedCount() != usedCount || reference.usedCount() != usedCount) {
            throw new IllegalStateException("fill drifted: expected " + usedCount + " used, domain "
                    + pool.allocatedCount() + ", reference " + reference.usedCount());
        }
    }

    /** The domain pool: two-level bitset, cursor, gap-to-gap run search. */
    @Benchmark
    public List<Integer> domain() {
        List<Integer> ports = pool.allocate(request);
        pool.release(ports);
        return ports;
    }

    /** The original design: HashSet of port strings, cursor probing port by port. */
    @Benchmark
    public List<Integer> reference() {
        List<Integer> ports = reference.allocate(count, contiguous);
        reference.release(ports);
        return ports;
    }
}
