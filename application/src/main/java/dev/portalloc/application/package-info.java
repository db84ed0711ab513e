/**
 * The application ring: what portalloc can be asked to do ({@code port.in}), what it needs from the
 * outside world to do it ({@code port.out}), and the services that do it ({@code service}). Depends
 * only on the domain and {@code java.*}.
 */
package dev.portalloc.application;
