package dev.portalloc.benchmarks.scale;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code jstat -gc -t <pid> 1000} running beside the load: every line is kept raw (for the record) and,
 * when it is a sample, parsed and stamped with the time it arrived on this JVM's monotonic clock, so it
 * can be placed in the load's warm-up or measured window.
 */
final class JstatSampler implements AutoCloseable {
    /** A raw line and when it arrived, milliseconds of {@link #nowMillis()}. */
    record Line(long atMillis, String text) {
    }

    private final Process process;
    private final Thread reader;
    private final List<Line> lines = new ArrayList<>();
    private final List<GcAnalysis.TimedSample> samples = new ArrayList<>();

    private JstatSampler(Process process) {
        this.process = process;
        this.reader = new Thread(this::read, "jstat-reader");
        this.reader.setDaemon(true);
    }

    static JstatSampler start(long pid) throws IOException {
        Process process = new ProcessBuilder(JdkTools.jstatCommand(pid, 1000)).redirectErrorStream(true).start();
        JstatSampler sampler = new JstatSampler(process);
        sampler.reader.start();
        return sampler;
    }

    static long nowMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
    }

    private void read() {
        JstatParser parser = new JstatParser();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String text = in.readLine(); text != null; text = in.readLine()) {
                long at = nowMillis();
                Optional<GcSample> sample = parser.accept(text);
                synchronized (this) {
                    lines.add(new Line(at, text));
                    sample.ifPresent(s -> samples.add(new GcAnalysis.TimedSample(at, s)));
                }
            }
        } catch (IOException endOfStream) {
            // the process was stopped
        }
    }

    synchronized List<Line> lines() {
        return List.copyOf(lines);
    }

    synchronized List<GcAnalysis.TimedSample> samples() {
        return List.copyOf(samples);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        reader.join(5_000);
    }
}
