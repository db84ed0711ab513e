package dev.portalloc.application.port.in;

import dev.portalloc.domain.DeploymentName;

import java.time.Instant;

/** When the renewed leases now end, and how many allocations were renewed (0 when none holds a lease). */
public record RenewalResult(DeploymentName deployment, Instant expiresAt, int renewed) {
}
