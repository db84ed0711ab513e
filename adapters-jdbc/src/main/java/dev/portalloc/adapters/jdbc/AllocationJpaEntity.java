package dev.portalloc.adapters.jdbc;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * An allocation's row: written once, removed by a bulk delete; only its lease end changes afterwards, by a
 * bulk update (hence not marked immutable). Its ports are {@link AllocatedPortJpaEntity} rows, so the
 * database refuses a port held twice.
 */
@Entity(name = "Allocation")
@Table(name = "allocation")
class AllocationJpaEntity {
    @Id
    @Column(name = "id", length = 64, nullable = false, updatable = false)
    private String id;

    @Column(name = "pool_name", length = 63, nullable = false, updatable = false)
    private String poolName;

    @Column(name = "deployment", length = 128, nullable = false, updatable = false)
    private String deployment;

    @Column(name = "service", length = 128, nullable = false, updatable = false)
    private String service;

    @Column(name = "requested_count", nullable = false, updatable = false)
    private int requestedCount;

    @Column(name = "contiguous", nullable = false, updatable = false)
    private boolean contiguous;

    /** The exact ports asked for as compact text, or null for dynamic ports. */
    @Column(name = "requested_ports", updatable = false)
    private String requestedPorts;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    /** Null: never expires. Moved by lease renewal. */
    @Column(name = "expires_at")
    private Instant expiresAt;

    protected AllocationJpaEntity() {
    }
}
