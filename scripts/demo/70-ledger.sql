-- make demo: the sample company's stock movements as a tamper-evident ledger
-- (doc/ledger.md): one SHA-256 chain per warehouse, daily digests, a
-- movement tampered with in a copy of the ledger found by verification.
\echo '== Ledger: chaining sample.stock_movement, one chain per warehouse (takes a while)'
SET client_min_messages = warning;
SELECT logistics.ledger_enable('sample.stock_movement', 'warehouse_id',
                               order_by => ARRAY['moved_at', 'movement_id'],
                               recorded_at => 'moved_at') AS movements_chained;

\echo 'Verification of every chain'
SELECT chain_key AS warehouse_id, rows_checked, ok
  FROM logistics.ledger_verify('sample.stock_movement');

\echo 'Daily digests of the last week (tree size and Merkle root per warehouse at the end of each day, UTC)'
SELECT d.day, g.chain_key AS warehouse_id, g.tree_size,
       left(encode(g.root_hash, 'hex'), 24) || '...' AS root_hash
  FROM (SELECT generate_series(max(moved_at AT TIME ZONE 'UTC')::date - 6,
                               max(moved_at AT TIME ZONE 'UTC')::date, '1 day')::date AS day
          FROM sample.stock_movement) d
 CROSS JOIN LATERAL logistics.ledger_digest('sample.stock_movement',
                                            ((d.day + 1)::timestamp AT TIME ZONE 'UTC') - interval '1 microsecond') g
 ORDER BY d.day, g.chain_key::int;

\echo 'UPDATE is refused:'
\set ON_ERROR_STOP 0
UPDATE sample.stock_movement SET qty = qty - 1 WHERE movement_id = 1;
\set ON_ERROR_STOP 1

\echo 'A copy of the ledger to tamper with (values, hashes and the (warehouse_id, ledger_seq) index copied; the stamping trigger names its chain key):'
CREATE TABLE sample.stock_movement_copy (LIKE sample.stock_movement INCLUDING ALL);
INSERT INTO sample.stock_movement_copy SELECT * FROM sample.stock_movement ORDER BY warehouse_id, ledger_seq;
CREATE TRIGGER zz_ledger_stamp BEFORE INSERT ON sample.stock_movement_copy
    FOR EACH ROW EXECUTE FUNCTION logistics._ledger_stamp('warehouse_id');

\echo 'Someone with write access shaves one pick of the copy by a unit:'
UPDATE sample.stock_movement_copy SET qty = qty + 1
 WHERE movement_id = (SELECT min(movement_id) FROM sample.stock_movement_copy
                       WHERE kind = 'pick' AND warehouse_id = 3
                         AND moved_at >= (SELECT max(moved_at) FROM sample.stock_movement_copy) - interval '3 days')
RETURNING movement_id, warehouse_id, moved_at, kind, qty AS new_qty;
\echo 'Verification of the copy names the movement:'
SELECT chain_key AS warehouse_id, rows_checked, ok, problem, broken_seq, broken_pk,
       left(encode(expected_hash, 'hex'), 16) AS expected, left(encode(stored_hash, 'hex'), 16) AS stored
  FROM logistics.ledger_verify('sample.stock_movement_copy')
 ORDER BY chain_key::int;
DROP TABLE sample.stock_movement_copy;
