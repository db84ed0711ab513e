package dev.portalloc.adapters.jdbc;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A pool's row. The allocated ports are the pool's occupancy bitset, so loading a pool never reads
 * allocation rows. The row is also the pool's lock: every allocation decision holds it.
 */
@Entity(name = "Pool")
@Table(name = "pool")
class PoolJpaEntity {
    @Id
    @Column(name = "name", length = 63, nullable = false, updatable = false)
    private String name;

    @Column(name = "min_port", nullable = false)
    private int minPort;

    @Column(name = "max_port", nullable = false)
    private int maxPort;

    /** Reserved ports as compact text, see {@link PortListCodec}. */
    @Column(name = "reserved", nullable = false)
    private String reserved;

    /** Whether ports other processes on this host listen on are skipped. */
    @Column(name = "host_check", nullable = false)
    private boolean hostCheck;

    @Column(name = "next_port", nullable = false)
    private int nextPort;

    @Column(name = "taken_bits", nullable = false)
    private byte[] takenBits;

    @Version
    @Column(name = "version", nullable = false)
    private Long version;

    protected PoolJpaEntity() {
    }

    PoolJpaEntity(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    int minPort() {
        return minPort;
    }

    int maxPort() {
        return maxPort;
    }

    String reserved() {
        return reserved;
    }

    boolean hostCheck() {
        return hostCheck;
    }

    int nextPort() {
        return nextPort;
    }

    byte[] takenBits() {
        return takenBits;
    }

    void setState(int minPort, int maxPort, String reserved, boolean hostCheck, int nextPort, byte[] takenBits) {
        this.minPort = minPort;
        this.maxPort = maxPort;
        this.reserved = reserved;
        this.hostCheck = hostCheck;
        this.nextPort = nextPort;
        this.takenBits = takenBits;
    }
}
