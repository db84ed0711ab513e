/**
 * Turns measurements into the files under {@code benchmarks/results/}: the throughput table as CSV
 * (merged across runs, one row per backend, mode, pools and clients) and Markdown with the targets,
 * the hand-written SVG chart of cycles per second against clients, and the Markdown summary of the
 * JMH allocator benchmark. Pure formatting: no load is generated here.
 */
package dev.portalloc.benchmarks.report;
