#!/usr/bin/env bash
# make demo: prove one movement's inclusion in a published daily digest,
# outside the database, with Python's hashlib (RFC 9162 2.1.3.2).
set -euo pipefail
echo "== Ledger: proving one movement is in yesterday's digest, checked outside the database"
read -r mid wh seq day <<<"$(psql -X -At -F ' ' -c "
    SELECT movement_id, warehouse_id, ledger_seq, (moved_at AT TIME ZONE 'UTC')::date
      FROM sample.stock_movement
     WHERE warehouse_id = 2 AND kind = 'receipt'
       AND moved_at < date_trunc('day', (SELECT max(moved_at) FROM sample.stock_movement))
     ORDER BY moved_at DESC LIMIT 1")"
# The digest as published at the end of that day, and the proof for the movement
read -r size root <<<"$(psql -X -At -F ' ' -c "
    SELECT tree_size, encode(root_hash, 'hex')
      FROM logistics.ledger_digest('sample.stock_movement', '$day'::date + 1 - interval '1 microsecond')
     WHERE chain_key = '$wh'")"
read -r index leaf path <<<"$(psql -X -At -F ' ' -c "
    SELECT leaf_index, encode(leaf_hash, 'hex'),
           array_to_string(ARRAY(SELECT encode(h, 'hex') FROM unnest(audit_path) h), ',')
      FROM logistics.ledger_inclusion_proof('sample.stock_movement', '$wh', $seq, $size)")"
echo "movement $mid (warehouse $wh, ledger_seq $seq) in the digest of $day: tree_size $size, root ${root:0:24}..."
echo "audit path: $(tr ',' '\n' <<<"$path" | wc -l) hashes"
python3 - "$leaf" "$index" "$size" "$path" "$root" <<'PY'
import hashlib, sys
leaf, m, n, path, root = (bytes.fromhex(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]),
                          [bytes.fromhex(h) for h in sys.argv[4].split(",") if h],
                          bytes.fromhex(sys.argv[5]))
node = lambda l, r: hashlib.sha256(b"\x01" + l + r).digest()
fn, sn, r = m, n - 1, leaf                      # RFC 9162 2.1.3.2
for p in path:
    if fn & 1 or fn == sn:
        r = node(p, r)
        while not fn & 1 and fn != 0:
            fn >>= 1; sn >>= 1
    else:
        r = node(r, p)
    fn >>= 1; sn >>= 1
print("Python (hashlib) says the movement is in the digest:", sn == 0 and r == root)
PY
