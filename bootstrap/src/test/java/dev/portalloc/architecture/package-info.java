/**
 * The architecture as executable rules: the dependency direction of the rings, adapters independent of
 * each other, each technology confined to its adapter, no package cycles. Every rule is also run against
 * the deliberate violations in {@code dev.portalloc.archfixture} to show it can fail.
 */
package dev.portalloc.architecture;
