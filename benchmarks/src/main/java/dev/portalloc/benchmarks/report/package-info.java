/**
 * Turns measurements into the files under {@code benchmarks/results/}: the throughput table as CSV
 * (merged across runs, one row per backend, mode, pools and clients) and Markdown with the targets,
 * the hand-written SVG chart of cycles per second against clients, and the Markdown summary of the
 * JMH allocator benchmark. {@link dev.portalloc.benchmarks.report.MachineInfo} collects the machine
 * facts at the head of every report, the scale benchmark's included. Otherwise pure formatting: no load is
 * generated here.
 */
package dev.portalloc.benchmarks.report;
