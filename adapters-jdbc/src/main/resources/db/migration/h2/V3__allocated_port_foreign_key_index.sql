-- portalloc schema, version 3 (H2): allocated_port's foreign key indexed by both its columns.

-- H2 gave the foreign key an index of its own on (allocation_id, pool_name) when the table was created,
-- which serves the cascade and the ports of a page of allocations; the index on allocation_id alone only
-- cost an update per port allocated and released. PostgreSQL's version 3 creates the same index by name.
DROP INDEX allocated_port_allocation_ix;
