/**
 * The embedding API: how a Java deploy platform runs portalloc in its own process on its own database,
 * without HTTP. {@link dev.portalloc.embedded.Portalloc} builds the same graph the service runs;
 * {@link dev.portalloc.embedded.DeploymentSession} offers the per-deployment shape
 * ({@code allocate}, {@code allocateN}, {@code reset}) over the same persistent rules.
 */
package dev.portalloc.embedded;
