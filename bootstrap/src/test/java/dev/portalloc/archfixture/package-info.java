/**
 * Deliberate violations of every architecture rule, laid out like the product under a root of their
 * own. Only the architecture tests import them, to show that each rule can fail.
 */
package dev.portalloc.archfixture;
