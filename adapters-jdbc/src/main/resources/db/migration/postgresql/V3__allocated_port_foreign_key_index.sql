-- portalloc schema, version 3 (PostgreSQL): allocated_port's foreign key indexed by both its columns.

-- Deleting an allocation deletes its ports through the foreign key (ON DELETE CASCADE), which looks them
-- up by allocation_id and pool_name together. With an index on allocation_id alone, the planner chose on
-- a young database to AND it with the primary key's pool_name prefix: a scan of every port row of the
-- pool, dead ones included, for each allocation released. This index answers the cascade with one look-up,
-- and still serves the ports of a page of allocations (allocation_id IN (...)).
CREATE INDEX allocated_port_allocation_pool_ix ON allocated_port (allocation_id, pool_name);
DROP INDEX allocated_port_allocation_ix;
