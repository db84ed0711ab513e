package dev.portalloc.systemtests;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * The soak's figures: throughput, latency percentiles per kind of request, status codes, the faults and
 * what they did, the checks and their violations. Written as text (also printed), as JSON, and every
 * request with its answer as gzipped JSON lines.
 */
final class SoakReport {
    static final String TEXT = "soak-report.txt";
    static final String JSON = "soak-report.json";
    static final String OPS = "soak-ops.jsonl.gz";

    private final SoakSettings settings;
    private final ObjectMapper json;
    private final List<Op> ops;
    private final long t0;
    private final long loadEnd;
    private final List<Fault> faults;
    private final List<String> notes;
    private final Violations violations;
    private final Map<String, Object> checks;
    private final Cluster cluster;
    private final List<ServerProcess> instances;
    private final long pgOutageStart;
    private final long pgBack;
    private final Map<String, Object> extra = new LinkedHashMap<>();
    private int sigtermInstance = -1;
    private long sigtermAt;

    SoakReport(SoakSettings settings, ObjectMapper json, List<Op> ops, long t0, long loadEnd, List<Fault> faults,
               List<String> notes, Violations violations, Map<String, Object> checks, Cluster cluster,
               List<ServerProcess> instances, long pgOutageStart, long pgBack) {
        this.settings = settings;
        this.json = json;
        this.ops = ops;
        this.t0 = t0;
        this.loadEnd = loadEnd;
        this.faults = faults;
        this.notes = notes;
        this.violations = violations;
        this.checks = checks;
        this.cluster = cluster;
        this.instances = instances;
        this.pgOutageStart = pgOutageStart;
        this.pgBack = pgBack;
    }

    void put(String key, Object value) {
        extra.put(key, value);
    }

    /** Which instance was sent SIGTERM and when, to tell its answers from the others'. */
    void sigterm(int instance, long atNanos) {
        this.sigtermInstance = instance;
        this.sigtermAt = atNanos;
    }

    /** Writes the three files and returns the text summary. */
    String write(Path dir) throws IOException {
        Map<String, Object> figures = figures();
        String text = text(figures);
        Files.writeString(dir.resolve(TEXT), text, StandardCharsets.UTF_8);
        json.writer().with(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve(JSON).toFile(), figures);
        writeOps(dir.resolve(OPS));
        return text;
    }

    Map<String, Object> figures() {
        Map<String, Object> figures = new LinkedHashMap<>();
        double loadSeconds = SoakRun.seconds(loadEnd - t0);
        figures.put("seed", settings.seed());
        figures.put("clients", settings.clients());
        figures.put("instances", instances.size());
        figures.put("loadSeconds", loadSeconds);
        figures.putAll(extra);
        figures.put("operations", ops.size());
        figures.put("opsPerSecond", loadSeconds <= 0 ? 0 : Math.round(ops.size() / loadSeconds * 10) / 10.0);
        figures.put("retriedAfterConnectionRefused", cluster == null ? 0 : cluster.refusedRetries());
        figures.put("retriedAfterInstanceDied", cluster == null ? 0 : cluster.brokenRetries());
        figures.put("ioErrors", ops.stream().filter(op -> op.status() == Op.IO_ERROR).count());
        figures.put("timeouts", ops.stream().filter(op -> op.status() == Op.TIMEOUT).count());
        Map<String, Object> latency = new LinkedHashMap<>();
        for (OpKind kind : OpKind.values()) {
            latency.put(kind.label(), LatencyStats.of(latencies(kind)).asMap());
        }
        latency.put("overall", LatencyStats.of(latencies(null)).asMap());
        figures.put("latency", latency);
        figures.put("statuses", statuses(ops));
        figures.put("problemCodes", problemCodes(ops));
        figures.put("status503ByDetail", details503(ops));
        Map<String, Object> byInstance = new LinkedHashMap<>();
        for (int i = 0; i < instances.size(); i++) {
            int index = i;
            byInstance.put(instances.get(i).name(), ops.stream().filter(op -> op.instance() == index).count());
        }
        figures.put("operationsByInstance", byInstance);
        List<Map<String, Object>> faultList = new ArrayList<>();
        for (Fault fault : faults) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("name", fault.name());
            f.put("atSeconds", fault.atSeconds());
            f.put("target", fault.target());
            f.put("outcome", fault.outcome());
            f.putAll(fault.figures());
            faultList.add(f);
        }
        figures.put("faults", faultList);
        if (sigtermInstance >= 0) {
            Map<String, Object> stopping = new LinkedHashMap<>();
            stopping.put("inFlightAtSigterm", statuses(ops.stream().filter(op -> op.instance() == sigtermInstance
                    && op.startNanos() - sigtermAt < 0 && op.endNanos() - sigtermAt > 0).toList()));
            stopping.put("sentAfterSigterm", statuses(ops.stream().filter(op -> op.instance() == sigtermInstance
                    && op.startNanos() - sigtermAt >= 0).toList()));
            figures.put("answersOfTheInstanceStopped", stopping);
        }
        if (pgBack != 0) {
            figures.put("duringPostgresOutage", statuses(ops.stream()
                    .filter(op -> op.startNanos() - pgOutageStart >= 0 && op.startNanos() - pgBack <= 0).toList()));
            long tenSeconds = 10_000_000_000L;
            Map<String, Long> buckets = new LinkedHashMap<>();
            buckets.put("beforeOutage", count503(Long.MIN_VALUE, pgOutageStart));
            buckets.put("duringOutage", count503(pgOutageStart, pgBack));
            buckets.put("within10sAfter", count503(pgBack, pgBack + tenSeconds));
            buckets.put("later", count503(pgBack + tenSeconds, Long.MAX_VALUE));
            buckets.put("fromTheInstanceStopped", ops.stream().filter(this::fromStoppingInstance).count());
            figures.put("status503", buckets);
        }
        figures.put("checks", checks);
        figures.put("violations", violations.total());
        figures.put("violationsByKind", violations.counts());
        figures.put("violationSamples", violations.samples());
        figures.put("notes", notes);
        return figures;
    }

    @SuppressWarnings("unchecked")
    private String text(Map<String, Object> f) {
        StringBuilder out = new StringBuilder();
        out.append("=== portalloc soak ===\n");
        out.append(String.format("seed %s, %s clients, %s instances of the real jar on PostgreSQL, %.1f s of load"
                + " (wall %.1f s)%n", f.get("seed"), f.get("clients"), f.get("instances"), (Double) f.get("loadSeconds"),
                (Double) f.getOrDefault("wallSeconds", 0.0)));
        out.append(String.format("operations: %s, %.1f ops/s; retried on another instance: %s after a refused"
                        + " connection, %s after the instance died under them; io errors %s, timeouts %s%n",
                f.get("operations"), (Double) f.get("opsPerSecond"), f.get("retriedAfterConnectionRefused"),
                f.get("retriedAfterInstanceDied"), f.get("ioErrors"), f.get("timeouts")));
        out.append("operations by instance: ").append(f.get("operationsByInstance")).append('\n');
        out.append(String.format("%nlatency (ms)        %7s %8s %8s %8s %8s%n", "count", "p50", "p90", "p99", "max"));
        ((Map<String, Map<String, Object>>) f.get("latency")).forEach((kind, s) -> out.append(String.format(
                "  %-17s %7s %8.1f %8.1f %8.1f %8.1f%n", kind, s.get("count"), (Double) s.get("p50Ms"),
                (Double) s.get("p90Ms"), (Double) s.get("p99Ms"), (Double) s.get("maxMs"))));
        out.append("\nstatus codes: ").append(f.get("statuses")).append('\n');
        out.append("problem codes: ").append(f.get("problemCodes")).append('\n');
        ((Map<String, Long>) f.get("status503ByDetail")).forEach((detail, count) ->
                out.append(String.format("  503 x%-5d %s%n", count, detail)));
        out.append("\nfaults:\n");
        for (Map<String, Object> fault : (List<Map<String, Object>>) f.get("faults")) {
            double at = (Double) fault.get("atSeconds");
            out.append(String.format("  %-8s %-24s %-11s %s%n", at < 0 ? "-" : String.format("t=%.1fs", at),
                    fault.get("name"), fault.get("target"), fault.get("outcome")));
            Map<String, Object> details = new LinkedHashMap<>(fault);
            List.of("name", "atSeconds", "target", "outcome").forEach(details::remove);
            if (!details.isEmpty()) {
                out.append("           ").append(details).append('\n');
            }
        }
        if (f.containsKey("duringPostgresOutage")) {
            out.append("  requests started during the PostgreSQL outage: ").append(f.get("duringPostgresOutage"))
                    .append('\n');
            out.append("  503s: ").append(f.get("status503")).append('\n');
        }
        if (f.containsKey("answersOfTheInstanceStopped")) {
            out.append("  answers of the instance sent SIGTERM: ").append(f.get("answersOfTheInstanceStopped"))
                    .append('\n');
        }
        out.append("\nchecks: ").append(f.get("checks")).append('\n');
        out.append(String.format("%nviolations: %s%n", f.get("violations")));
        ((Map<String, Long>) f.get("violationsByKind")).forEach((kind, count) -> {
            out.append(String.format("  %-40s %d%n", kind, count));
            for (String sample : ((Map<String, List<String>>) f.get("violationSamples")).get(kind)) {
                out.append("      ").append(sample.length() > 600 ? sample.substring(0, 600) + "..." : sample)
                        .append('\n');
            }
        });
        List<String> noteList = (List<String>) f.get("notes");
        if (!noteList.isEmpty()) {
            out.append("\nnotes:\n");
            noteList.forEach(note -> out.append("  ").append(note).append('\n'));
        }
        out.append("\nevery request: target/").append(OPS).append("; instance logs: target/instance-N.log\n");
        return out.toString();
    }

    private long[] latencies(OpKind kind) {
        return ops.stream().filter(op -> kind == null || op.kind() == kind).mapToLong(Op::latencyNanos).toArray();
    }

    private static Map<String, Long> statuses(List<Op> ops) {
        Map<String, Long> statuses = new TreeMap<>();
        ops.forEach(op -> statuses.merge(op.statusLabel(), 1L, Long::sum));
        return statuses;
    }

    private Map<String, Long> problemCodes(List<Op> ops) {
        Map<String, Long> codes = new TreeMap<>();
        for (Op op : ops) {
            if (op.status() >= 400 && op.body() != null) {
                String code;
                try {
                    code = json.readTree(op.body()).path("code").asText("?");
                } catch (IOException malformed) {
                    code = "(not json)";
                }
                codes.merge(op.status() + " " + code, 1L, Long::sum);
            }
        }
        return codes;
    }

    /** Why the 503s said they were refused, digits masked so that like groups with like. */
    private Map<String, Long> details503(List<Op> ops) {
        Map<String, Long> details = new TreeMap<>();
        for (Op op : ops) {
            if (op.status() == 503) {
                String detail;
                try {
                    detail = json.readTree(op.body()).path("detail").asText("(no detail)");
                } catch (IOException | RuntimeException malformed) {
                    detail = "(not json)";
                }
                detail = detail.replaceAll("[0-9]+", "N");
                details.merge(detail.length() > 160 ? detail.substring(0, 160) + "..." : detail, 1L, Long::sum);
            }
        }
        return details;
    }

    private boolean fromStoppingInstance(Op op) {
        return op.status() == 503 && op.instance() == sigtermInstance && op.endNanos() - sigtermAt > 0;
    }

    /** 503s asked for within [from, to), but not those of an instance shutting down, counted apart. */
    private long count503(long from, long to) {
        return ops.stream().filter(op -> op.status() == 503 && !fromStoppingInstance(op))
                .filter(op -> (from == Long.MIN_VALUE || op.startNanos() - from >= 0)
                        && (to == Long.MAX_VALUE || op.startNanos() - to < 0))
                .count();
    }

    /** Every request and answer, one JSON object a line; times are milliseconds after the load began. */
    private void writeOps(Path file) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file));
             JsonGenerator generator = json.getFactory().createGenerator(out)) {
            generator.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            for (Op op : ops) {
                generator.writeStartObject();
                generator.writeNumberField("t0", millis(op.startNanos()));
                generator.writeNumberField("t1", millis(op.endNanos()));
                generator.writeNumberField("client", op.client());
                generator.writeStringField("kind", op.kind().label());
                generator.writeStringField("instance", instances.get(op.instance()).name());
                generator.writeNumberField("attempts", op.attempts());
                generator.writeStringField("request", op.method() + " " + op.path());
                if (op.requestBody() != null) {
                    generator.writeStringField("requestBody", op.requestBody());
                }
                generator.writeStringField("status", op.statusLabel());
                if (op.body() != null && !op.body().isEmpty()) {
                    generator.writeStringField("body", op.body());
                }
                if (op.error() != null) {
                    generator.writeStringField("error", op.error());
                }
                generator.writeEndObject();
                generator.writeRaw('\n');
            }
        }
    }

    private double millis(long nanos) {
        return Math.round((nanos - t0) / 1_000.0) / 1000.0;
    }
}
