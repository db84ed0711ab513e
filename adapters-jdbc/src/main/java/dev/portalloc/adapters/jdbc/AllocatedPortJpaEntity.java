package dev.portalloc.adapters.jdbc;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

/**
 * One allocated port. Its key is (pool, port): the primary key is what makes the database itself
 * refuse a port held by two allocations. Deleting the allocation row deletes these (ON DELETE CASCADE).
 */
@Entity(name = "AllocatedPort")
@Table(name = "allocated_port")
@Immutable
class AllocatedPortJpaEntity {
    @EmbeddedId
    private Key key;

    @Column(name = "allocation_id", length = 64, nullable = false, updatable = false)
    private String allocationId;

    protected AllocatedPortJpaEntity() {
    }

    @Embeddable
    record Key(@Column(name = "pool_name", length = 63, nullable = false, updatable = false) String poolName,
               @Column(name = "port", nullable = false, updatable = false) int port) {
    }
}
