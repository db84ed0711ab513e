/**
 * The scale check of issue section 4: a server on PostgreSQL holding 1,000 pools and 1,000,000
 * allocated ports, compared with the same server on an empty database. {@link
 * dev.portalloc.benchmarks.scale.ScaleBenchmark} seeds a {@link dev.portalloc.benchmarks.load.ScratchDatabase}
 * with plain JDBC (the pool rows' occupancy computed by the domain itself), drives HTTP load with
 * {@code dev.portalloc.benchmarks.load}, samples the server JVM with {@code jstat}, and writes a markdown
 * report, its machine section from {@link dev.portalloc.benchmarks.report.MachineInfo}. The pure parts (jstat
 * parsing, the GC-time fraction, the memory stability rule, option parsing) are separate small classes
 * so that they can be unit-tested without a database or a server.
 */
package dev.portalloc.benchmarks.scale;
