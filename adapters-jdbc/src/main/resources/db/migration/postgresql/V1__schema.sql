-- portalloc schema, version 1 (PostgreSQL). Released migrations are never edited: add V2__..., V3__...
-- Names, keys and ids compare bytewise (COLLATE "C"), so ORDER BY matches Java's String.compareTo
-- whatever the database's default collation is.

-- One row per pool. The allocated ports are stored as the pool's occupancy bitset (taken_bits), so
-- loading a pool costs its range, never the number of allocations. The row is also the pool's lock.
CREATE TABLE pool (
    name       VARCHAR(63) COLLATE "C" NOT NULL,
    min_port   INTEGER                 NOT NULL,
    max_port   INTEGER                 NOT NULL,
    reserved   TEXT                    NOT NULL DEFAULT '',
    next_port  INTEGER                 NOT NULL,
    taken_bits BYTEA                   NOT NULL,
    version    BIGINT                  NOT NULL,
    CONSTRAINT pool_pk PRIMARY KEY (name),
    CONSTRAINT pool_range_ck CHECK (min_port BETWEEN 1 AND 65535 AND max_port BETWEEN min_port AND 65535),
    CONSTRAINT pool_next_port_ck CHECK (next_port BETWEEN min_port AND max_port),
    CONSTRAINT pool_taken_bits_ck CHECK (octet_length(taken_bits) <= 8192)
);

CREATE TABLE allocation (
    id              VARCHAR(64)  COLLATE "C" NOT NULL,
    pool_name       VARCHAR(63)  COLLATE "C" NOT NULL,
    deployment      VARCHAR(128) COLLATE "C" NOT NULL,
    service         VARCHAR(128) COLLATE "C" NOT NULL,
    requested_count INTEGER                  NOT NULL,
    contiguous      BOOLEAN                  NOT NULL,
    requested_ports TEXT,
    created_at      TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    expires_at      TIMESTAMP(3) WITH TIME ZONE,
    CONSTRAINT allocation_pk PRIMARY KEY (id),
    CONSTRAINT allocation_pool_fk FOREIGN KEY (pool_name) REFERENCES pool (name),
    -- Idempotent allocation: one allocation per (pool, deployment, service). Also serves look-ups by key
    -- and by pool and deployment.
    CONSTRAINT allocation_key_uk UNIQUE (pool_name, deployment, service),
    -- Target of allocated_port's foreign key: a port row always belongs to its allocation's pool.
    CONSTRAINT allocation_id_pool_uk UNIQUE (id, pool_name),
    CONSTRAINT allocation_count_ck CHECK (requested_count >= 1)
);

-- A deployment's allocations across pools, in pool then id order.
CREATE INDEX allocation_deployment_ix ON allocation (deployment, pool_name, id);
-- Paging through a pool's allocations by id.
CREATE INDEX allocation_pool_id_ix ON allocation (pool_name, id);

-- One row per allocated port: the primary key makes the database itself refuse a port held twice.
CREATE TABLE allocated_port (
    pool_name     VARCHAR(63) COLLATE "C" NOT NULL,
    port          INTEGER                 NOT NULL,
    allocation_id VARCHAR(64) COLLATE "C" NOT NULL,
    CONSTRAINT allocated_port_pk PRIMARY KEY (pool_name, port),
    CONSTRAINT allocated_port_allocation_fk FOREIGN KEY (allocation_id, pool_name)
        REFERENCES allocation (id, pool_name) ON DELETE CASCADE,
    CONSTRAINT allocated_port_port_ck CHECK (port BETWEEN 1 AND 65535)
);

-- The ports of a page of allocations, and the cascade when an allocation is deleted.
CREATE INDEX allocated_port_allocation_ix ON allocated_port (allocation_id);
