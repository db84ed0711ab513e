/**
 * Load drivers for durable throughput: allocate+release cycles from N client threads, in the same JVM
 * through the use cases ({@link dev.portalloc.benchmarks.load.InProcessLoad}), over HTTP/1.1
 * keep-alive against a server child process ({@link dev.portalloc.benchmarks.load.HttpLoad},
 * {@link dev.portalloc.benchmarks.load.ServerProcess}), and pgbench running the leanest SQL version
 * of the same cycle on the same PostgreSQL schema ({@link dev.portalloc.benchmarks.load.PgbenchRunner}).
 * {@link dev.portalloc.benchmarks.load.BenchmarkSuite} runs the whole sweep for one backend and
 * writes the results, each backend in a {@link dev.portalloc.benchmarks.load.ScratchDatabase} created for
 * the run and dropped after it (the scale benchmark uses the same). Not part of the product; load is only
 * ever sent to 127.0.0.1.
 */
package dev.portalloc.benchmarks.load;
