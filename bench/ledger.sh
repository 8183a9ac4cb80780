#!/usr/bin/env bash
# bench/ledger.sh: the tamper-evident ledger (issue 15), measured against
# plain PostgreSQL in the same run.
#
#   1. COPY of ROWS movements (default 1 million, 8 warehouse chains) into
#      the movement table made a ledger (ledger_enable: stamping trigger,
#      5 columns, (chain, ledger_seq) index), against two peers: the same
#      table without the trigger, i.e. with the 5 ledger columns, the same
#      indexes and NOT NULLs, loaded with the very values the ledger
#      stamped (COPY in text and in binary format: no trigger, so COPY
#      inserts in batches), and the movement table as it is (plain).
#      Target: ledger <= 1.5x the same table without the trigger.
#   2. ledger_verify over VROWS rows of one chain (default 10 million),
#      with and without the Merkle node check, against a plain-SQL check
#      of the links (lag() over the chain, no hashing) and SQL sha256() of
#      each stored hash.  Rows per second of wall time and per CPU second
#      of the server process (read from /proc, so the figure is per core
#      even on a busy machine; parallel query off, so that one process
#      does all the work).  Target: >= 2 million rows/s per core.  The
#      ceiling PostgreSQL's SHA-256 puts on it (bench/ledger_sha256.c: CPU
#      time of one record message and one Merkle node message through
#      common/cryptohash.h, as the ledger calls it) is printed beside.
#   3. ledger_inclusion_proof of random rows of that chain: mean time of
#      PROOFS calls.  Target: < 10 ms.
#   4. The cost of the per-chain lock: pgbench, 8 clients, one single-row
#      INSERT per transaction for SECS seconds (default 15), into the plain
#      table, a ledger with 8 chains (one per warehouse) and a ledger with
#      one chain; then every chain is verified.
#
# Needs PGHOST/PGPORT/PGUSER/PGDATABASE of a throwaway database with the
# extension installed, on this machine (make bench sets them).  REPS=n
# repetitions of the COPYs (default 3; the median is printed, the variants
# alternate so load from other processes hits all alike).
set -euo pipefail
cd "$(dirname "$0")/.."

rows=${ROWS:-1000000}
vrows=${VROWS:-10000000}
reps=${REPS:-3}
proofs=${PROOFS:-200}
psql=(psql -X -q -v ON_ERROR_STOP=1)
dir=$("${psql[@]}" -At -c "SHOW data_directory")

"${psql[@]}" <<SQL
SET client_min_messages = warning;
DROP TABLE IF EXISTS bench_ledger_src;
CREATE TABLE bench_ledger_src AS
SELECT i AS movement_id,
       '2025-01-01'::timestamptz + i * interval '7 seconds' AS moved_at,
       (i % 8)::int AS warehouse_id, (i * 7919 % 5000)::int AS sku_id,
       (ARRAY['receipt', 'pick', 'pick', 'return', 'adjustment'])[1 + i % 5] AS kind,
       round((random() * 40 - 30)::numeric, 2)::float8 AS qty,
       12.5::float8 AS unit_cost
FROM generate_series(1::bigint, $rows) i;
COPY bench_ledger_src TO '$dir/bench_ledger.copy';
SQL

# CPU ticks (user + system) of the backend itself, read from /proc
ticks="(SELECT sum(x::bigint) FROM pg_catalog.unnest((pg_catalog.string_to_array(
    pg_catalog.split_part(pg_catalog.pg_read_file('/proc/self/stat'), ') ', 2), ' '))[12:13]) x)"
hz=$(getconf CLK_TCK)

table_ddl="(movement_id bigint PRIMARY KEY, moved_at timestamptz NOT NULL,
    warehouse_id int NOT NULL, sku_id int NOT NULL, kind text NOT NULL,
    qty float8 NOT NULL, unit_cost float8 NOT NULL)"
cols="movement_id, moved_at, warehouse_id, sku_id, kind, qty, unit_cost"

# The peer's input: the rows as the ledger stamps them, in both formats
"${psql[@]}" <<SQL
SET client_min_messages = warning;
DROP TABLE IF EXISTS bench_ledger_copy;
CREATE TABLE bench_ledger_copy $table_ddl;
SELECT logistics.ledger_enable('bench_ledger_copy', 'warehouse_id') \g /dev/null
COPY bench_ledger_copy ($cols) FROM '$dir/bench_ledger.copy';
\pset tuples_only on
\pset format unaligned
SELECT clock_timestamp() AS w0, $ticks AS c0 \gset
SELECT count(*) AS chains FROM logistics.ledger_digest('bench_ledger_copy') \gset
SELECT format('first ledger_digest after the COPY (%s chains): %s ms wall, %s ms cpu', :chains,
              round((extract(epoch FROM clock_timestamp() - :'w0') * 1000)::numeric, 1),
              round((($ticks - :c0) * 1000.0 / $hz)::numeric, 1));
COPY bench_ledger_copy TO '$dir/bench_ledger_stamped.copy';
COPY bench_ledger_copy TO '$dir/bench_ledger_stamped.bin' (FORMAT binary);
DROP TABLE bench_ledger_copy;
SQL

# "wall cpu" seconds of one COPY into a fresh table of the given kind; cpu
# is the server process's own, so it does not count waits for the 2 cores
copy_once() {
	local kind=$1 setup="" copy
	case $kind in
	plain) copy="COPY bench_ledger_copy FROM '$dir/bench_ledger.copy'" ;;
	ledger)
		setup="SELECT logistics.ledger_enable('bench_ledger_copy', 'warehouse_id');"
		copy="COPY bench_ledger_copy ($cols) FROM '$dir/bench_ledger.copy'" ;;
	peer*)
		# what ledger_enable adds, less the triggers
		setup="ALTER TABLE bench_ledger_copy ADD COLUMN ledger_seq bigint NOT NULL,
			ADD COLUMN ledger_at timestamptz NOT NULL, ADD COLUMN prev_hash bytea NOT NULL,
			ADD COLUMN row_hash bytea NOT NULL, ADD COLUMN merkle_nodes bytea;
			CREATE UNIQUE INDEX ON bench_ledger_copy (warehouse_id, ledger_seq);"
		if [ "$kind" = peer_text ]; then
			copy="COPY bench_ledger_copy FROM '$dir/bench_ledger_stamped.copy'"
		else
			copy="COPY bench_ledger_copy FROM '$dir/bench_ledger_stamped.bin' (FORMAT binary)"
		fi ;;
	esac
	"${psql[@]}" <<SQL >/dev/null
SET client_min_messages = warning;
DROP TABLE IF EXISTS bench_ledger_copy;
CREATE TABLE bench_ledger_copy $table_ddl;
$setup
SQL
	"${psql[@]}" -At <<SQL
SELECT clock_timestamp() AS w0, $ticks AS c0 \gset
$copy;
SELECT extract(epoch FROM clock_timestamp() - :'w0') || ' ' || ($ticks - :c0) / $hz::float8;
SQL
}

median() { grep . | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

kinds="plain ledger peer_text peer_binary"
declare -A wall cpu
for ((r = 1; r <= reps; r++)); do
	for k in $kinds; do
		read -r w c <<<"$(copy_once $k)"
		wall[$k]+="$w"$'\n'
		cpu[$k]+="$c"$'\n'
	done
done
for k in $kinds; do
	wall[$k]=$(median <<<"${wall[$k]}")
	cpu[$k]=$(median <<<"${cpu[$k]}")
done
"${psql[@]}" -c "DROP TABLE bench_ledger_copy"
ratio() { echo "$1 / $2" | bc -l; }
printf 'COPY %d movements into 8 warehouse chains (median of %d; wall, and CPU of the server process):\n' "$rows" "$reps"
line() {
	printf '  %-44s %7.2f s wall %7.2f s cpu' "$1" "${wall[$2]}" "${cpu[$2]}"
	[ "$2" = ledger ] || printf '  ledger / this = %.2fx wall, %.2fx cpu' \
		"$(ratio "${wall[ledger]}" "${wall[$2]}")" "$(ratio "${cpu[ledger]}" "${cpu[$2]}")"
	echo
}
line "ledger (trigger, 5 columns, 2 indexes)" ledger
line "peer: same table, no trigger, text COPY" peer_text
line "peer: same table, no trigger, binary COPY" peer_binary
line "plain movement table" plain
echo "  (target: ledger <= 1.5x the same table without the trigger)"

# A single chain of VROWS rows, loaded by COPY through the trigger.
"${psql[@]}" <<SQL
SET client_min_messages = warning;
DROP TABLE IF EXISTS bench_ledger_big;
CREATE TABLE bench_ledger_big (movement_id bigint PRIMARY KEY, moved_at timestamptz NOT NULL,
    warehouse_id int NOT NULL, sku_id int NOT NULL, kind text NOT NULL,
    qty float8 NOT NULL, unit_cost float8 NOT NULL);
SELECT logistics.ledger_enable('bench_ledger_big') \g /dev/null
COPY (SELECT i, '2025-01-01'::timestamptz + i * interval '7 seconds', (i % 8)::int,
             (i * 7919 % 5000)::int,
             (ARRAY['receipt', 'pick', 'pick', 'return', 'adjustment'])[1 + i % 5],
             round((random() * 40 - 30)::numeric, 2)::float8, 12.5::float8
      FROM generate_series(1::bigint, $vrows) i) TO '$dir/bench_ledger_big.copy';
COPY bench_ledger_big (movement_id, moved_at, warehouse_id, sku_id, kind, qty, unit_cost)
    FROM '$dir/bench_ledger_big.copy';
VACUUM ANALYZE bench_ledger_big;
SQL

nbig=$("${psql[@]}" -At -c "SELECT count(*) FROM bench_ledger_big")

verify() {
	local label=$1 q=$2 out wall cpu
	out=$("${psql[@]}" -At <<SQL
SET max_parallel_workers_per_gather = 0;
SELECT clock_timestamp() AS w0, $ticks AS c0 \gset
SELECT count(*) FROM ($q) s WHERE s::text IS NOT NULL \gset
SELECT extract(epoch FROM clock_timestamp() - :'w0') || ' ' || ($ticks - :c0) / $hz::float8;
SQL
)
	read -r wall cpu <<<"$out"
	printf '  %-42s %7.2f s wall %7.2f s cpu  %5.2f M rows/s wall  %5.2f M rows/s per core\n' \
		"$label" "$wall" "$cpu" "$(echo "$nbig / $wall / 1000000" | bc -l)" \
		"$(echo "$nbig / ($cpu + 0.005) / 1000000" | bc -l)"
}

# The ceiling: CPU time of PostgreSQL's SHA-256 per message, for a record
# of this table's mean encoded size and a Merkle node.  Record (doc/ledger.md,
# "Encoding"): 57 bytes of header, then per column 4 + the name's length +
# 1 (tag) + 4 + the value's length: names 11+8+12+6+4+3+9 = 53 bytes,
# fixed-size values 8+8+4+4+8+8 = 40, so 57 + 7 * 9 + 53 + 40 + length(kind).
pgc=${PG_CONFIG:-pg_config}
recbytes=$("${psql[@]}" -At -c "SELECT round(213 + avg(octet_length(kind))) FROM bench_ledger_big")
tmpc=$(mktemp -d)
cc -O2 -I"$("$pgc" --includedir)/internal" -I"$("$pgc" --includedir-server)" \
	-o "$tmpc/ledger_sha256" bench/ledger_sha256.c -L"$("$pgc" --pkglibdir)" \
	-lpgcommon -lpgport -lcrypto
read -r rec_us node_us <<<"$("$tmpc/ledger_sha256" "$recbytes")"
rm -rf "$tmpc"
printf 'PostgreSQL SHA-256 (cryptohash.h, one context re-initialised per message), CPU per message:\n'
printf '  record of %d bytes %.3f us, Merkle node (65 bytes) %.3f us: hashing alone caps verification at\n' \
	"$recbytes" "$rec_us" "$node_us"
printf '  %.2f M rows/s per core with the Merkle check (one record + one node per row), %.2f M without\n' \
	"$(echo "1 / ($rec_us + $node_us)" | bc -l)" "$(echo "1 / $rec_us" | bc -l)"

echo "verify $nbig rows of one chain:"
verify "ledger_verify (row hashes, links, Merkle)" \
	"SELECT * FROM logistics.ledger_verify('bench_ledger_big') WHERE ok"
verify "ledger_verify(check_merkle => false)" \
	"SELECT * FROM logistics.ledger_verify('bench_ledger_big', false) WHERE ok"
verify "peer: SQL lag() link check, no hashing" \
	"SELECT bool_and(ok) FROM (SELECT prev_hash = coalesce(lag(row_hash) OVER (ORDER BY ledger_seq), '\\x0000000000000000000000000000000000000000000000000000000000000000'::bytea) AS ok FROM bench_ledger_big) l"
verify "peer: SQL sha256() of every row_hash" \
	"SELECT sum(length(sha256(row_hash))) FROM bench_ledger_big"

"${psql[@]}" -At <<SQL
SELECT setseed(0.5);
CREATE TEMP TABLE picks AS
SELECT 1 + floor(random() * $nbig)::bigint AS seq FROM generate_series(1, $proofs);
SELECT clock_timestamp() AS t0, $ticks AS c0 \gset
CREATE TEMP TABLE proofs AS
SELECT p.* FROM picks, LATERAL logistics.ledger_inclusion_proof('bench_ledger_big', NULL, picks.seq) p;
SELECT format('inclusion proof of one of %s rows: %s ms wall, %s ms cpu, mean over %s calls (target < 10 ms); all verify: %s',
              $nbig, round((extract(epoch FROM clock_timestamp() - :'t0') * 1000 / $proofs)::numeric, 3),
              round((($ticks - :c0) * 1000.0 / $hz / $proofs)::numeric, 3), $proofs,
              (SELECT bool_and(logistics.ledger_verify_inclusion(leaf_hash, leaf_index, tree_size,
                                                                 audit_path, root_hash))
               FROM proofs));
SQL
# 4. concurrent single-row transactions
secs=${SECS:-15}
pgbench=$(dirname "$(command -v psql)")/pgbench
[ -x "$pgbench" ] || pgbench=$("${PG_CONFIG:-pg_config}" --bindir)/pgbench
"${psql[@]}" <<'SQL'
SET client_min_messages = warning;
DROP TABLE IF EXISTS bench_ledger_c_plain, bench_ledger_c_chains, bench_ledger_c_one;
DROP SEQUENCE IF EXISTS bench_ledger_ids;
CREATE SEQUENCE bench_ledger_ids;
CREATE TABLE bench_ledger_c_plain (movement_id bigint PRIMARY KEY, moved_at timestamptz NOT NULL,
    warehouse_id int NOT NULL, sku_id int NOT NULL, kind text NOT NULL,
    qty float8 NOT NULL, unit_cost float8 NOT NULL);
CREATE TABLE bench_ledger_c_chains (LIKE bench_ledger_c_plain INCLUDING ALL);
CREATE TABLE bench_ledger_c_one (LIKE bench_ledger_c_plain INCLUDING ALL);
SELECT logistics.ledger_enable('bench_ledger_c_chains', 'warehouse_id') \g /dev/null
SELECT logistics.ledger_enable('bench_ledger_c_one') \g /dev/null
SQL
echo "8 sessions, one single-row INSERT per transaction, ${secs} s each:"
for t in plain chains one; do
	f=$(mktemp)
	cat >"$f" <<SQL
\set wh random(1, 8)
INSERT INTO bench_ledger_c_$t (movement_id, moved_at, warehouse_id, sku_id, kind, qty, unit_cost)
VALUES (nextval('bench_ledger_ids'), now(), :wh, 1, 'pick', -1, 2.5);
SQL
	tps=$("$pgbench" -n -c 8 -j 2 -T "$secs" -f "$f" 2>/dev/null |
		sed -n 's/^tps = \([0-9.]*\) .*/\1/p')
	rm -f "$f"
	printf '  %-34s %8.0f transactions/s\n' "$t" "$tps"
done
"${psql[@]}" -At -c "SELECT 'all chains verify after the concurrent inserts: ' || bool_and(ok)
	FROM (SELECT ok FROM logistics.ledger_verify('bench_ledger_c_chains')
	      UNION ALL SELECT ok FROM logistics.ledger_verify('bench_ledger_c_one')) v"
"${psql[@]}" -c "DROP TABLE bench_ledger_c_plain, bench_ledger_c_chains, bench_ledger_c_one" \
	-c "DROP SEQUENCE bench_ledger_ids"

"${psql[@]}" -c "DROP TABLE bench_ledger_big, bench_ledger_src"
rm -f "$dir/bench_ledger.copy" "$dir/bench_ledger_big.copy" "$dir/bench_ledger_stamped.copy" \
	"$dir/bench_ledger_stamped.bin" 2>/dev/null || true
