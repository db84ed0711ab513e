-- The leanest SQL form of one portalloc cycle, for pgbench, on portalloc's own schema:
-- allocate (lock the pool row, insert the allocation, move the pool's cursor, commit), then
-- release (lock the pool row, delete the allocation, commit). One script run = one cycle.
-- Variables: pools (-D pools=N, pools bench-1..bench-N must exist) and client_id (set by pgbench).
-- Each client reuses one allocation id, deleted before it is inserted again.
\set pool_no random(1, :pools)
BEGIN;
SELECT next_port FROM pool WHERE name = 'bench-' || :pool_no FOR UPDATE;
INSERT INTO allocation (id, pool_name, deployment, service, requested_count, contiguous, created_at) VALUES ('pgbench-' || :client_id, 'bench-' || :pool_no, 'pgbench-' || :client_id, 'web', 1, false, now());
UPDATE pool SET next_port = CASE WHEN next_port >= max_port THEN min_port ELSE next_port + 1 END, version = version + 1 WHERE name = 'bench-' || :pool_no;
COMMIT;
BEGIN;
SELECT next_port FROM pool WHERE name = 'bench-' || :pool_no FOR UPDATE;
DELETE FROM allocation WHERE id = 'pgbench-' || :client_id;
COMMIT;
