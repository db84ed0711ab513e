package dev.portalloc.adapters.jdbc;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

import java.time.Instant;

/**
 * One recorded change, as queries read it. Rows are inserted (with {@code seq} NULL) and numbered by
 * {@link JpaEventLog} with plain SQL, never through this entity. {@code id} only orders inserts.
 */
@Entity(name = "Event")
@Table(name = "event")
@Immutable
class EventJpaEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id", nullable = false, updatable = false)
    private Long id;

    @Column(name = "seq", insertable = false, updatable = false)
    private Long seq;

    @Column(name = "occurred_at", nullable = false, updatable = false)
    private Instant occurredAt;

    /** {@code EventType.code()}, e.g. {@code allocated}: readable in a SQL console. */
    @Column(name = "event_type", length = 32, nullable = false, updatable = false)
    private String type;

    @Column(name = "pool_name", length = 63, nullable = false, updatable = false)
    private String poolName;

    @Column(name = "deployment", length = 128, updatable = false)
    private String deployment;

    @Column(name = "service", length = 128, updatable = false)
    private String service;

    @Column(name = "allocation_id", length = 64, updatable = false)
    private String allocationId;

    /** The ports as compact text, see {@link PortListCodec}; empty for pool events. */
    @Column(name = "ports", nullable = false, updatable = false)
    private String ports;

    @Column(name = "actor", updatable = false)
    private String actor;

    protected EventJpaEntity() {
    }
}
