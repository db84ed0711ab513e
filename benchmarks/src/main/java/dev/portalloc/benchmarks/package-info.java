/**
 * Performance measurements of portalloc, outside the product: JMH benchmarks of the domain allocator
 * side by side with {@link dev.portalloc.benchmarks.ReferenceAllocator}, a model of the original
 * design (a hash set of used port strings and a cursor that probes port by port), so that every figure
 * can be read as a ratio taken in one run on one machine. May use the domain, JMH and {@code java.*};
 * nothing here is shipped or used by another module, and the build never runs a benchmark.
 */
package dev.portalloc.benchmarks;
