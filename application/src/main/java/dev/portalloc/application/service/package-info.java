/**
 * The use-case implementations. Each call is exactly one transaction through
 * {@link dev.portalloc.application.port.out.TransactionRunner}; services lock pools through the
 * repository, always in name order, and leave every allocation decision to the domain.
 */
package dev.portalloc.application.service;
