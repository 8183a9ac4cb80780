#!/usr/bin/env bash
# bench/release.sh: the current library against the last release (0.1.0 by
# default) on the same rows in the same run, so "the bench figures do not
# move" (issue 9) can be checked without comparing runs made at different
# times, on different data or under a different load.
#
# The released library is built from the commit named in
# test/upgrade/releases.txt (the same cache as the upgrade test), installed
# beside the current one as $libdir/logistics-<version>-bench.so, and its
# frozen install script is loaded into the schema logistics_<version>
# (dots as underscores) as plain SQL, so both versions' aggregates run in
# one database.  Measured, each against the built-in query of
# bench/inventory.sh and bench/fulfillment.sh:
#   time_weighted_avg       vs avg(on_hand)
#   inventory_turnover      vs sum(cogs) / avg(inventory_value)
#   fulfillment_kpis        vs the CASE SQL of bench/fulfillment.sh
# serially and with 2 workers.  The figure is the CPU time of the backend
# and its parallel workers (perf's task-clock on the postmaster, which
# counts the forked processes; the cost of a connection, measured with
# SELECT 1, is subtracted), so load from other processes does not move it;
# without perf it falls back to the execution time of EXPLAIN ANALYZE.
# Median of REPS runs (default 5), queries alternating.
#
# Environment: PG* and PG_CONFIG of a throwaway cluster whose pkglibdir is
# writable (make bench sets them); RELEASE (default 0.1.0); SKUS (default
# 700: about 1 million snapshots); LINES (default 1000000 order lines).
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD

v=${RELEASE:-0.1.0}
reps=${REPS:-5}
skus=${SKUS:-700}
lines=${LINES:-1000000}
PG_CONFIG=${PG_CONFIG:-pg_config}
schema=logistics_${v//./_}
psql_q() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }

# the released library (built as test/upgrade/upgrade.sh does, same cache)
commit=$(awk -v v="$v" '$1 == v { print $2 }' test/upgrade/releases.txt)
[ -n "$commit" ] || { echo "bench/release: no commit for $v in test/upgrade/releases.txt" >&2; exit 1; }
dir=/tmp/logistics-release-$v-$commit
if [ ! -f "$dir/logistics.so" ]; then
	echo "building the $v library from $commit ..."
	rm -rf "$dir" && mkdir -p "$dir"
	git -C "$top" archive "$commit" | tar -x -C "$dir"
	nice -n 5 make -s -C "$dir" -j2 PG_CONFIG="$PG_CONFIG" >"$dir.log" 2>&1 ||
		{ tail -n 20 "$dir.log" >&2; exit 1; }
fi
lib=logistics-$v-bench
cp "$dir/logistics.so" "$("$PG_CONFIG" --pkglibdir)/$lib.so"
trap 'rm -f "$("$PG_CONFIG" --pkglibdir)/$lib.so"' EXIT

# its frozen script as plain SQL in its own schema
if [ "$(psql_q -At -c "SELECT to_regnamespace('$schema') IS NULL")" = t ]; then
	{
		echo "SET client_min_messages = warning;"
		echo "CREATE SCHEMA $schema;"
		echo "SET search_path = $schema, public;"
		grep -v '^\\' "logistics--$v.sql" |
			sed "s/@extschema@/$schema/g; s#MODULE_PATHNAME#\$libdir/$lib#g"
	} | psql_q >/dev/null
fi

# the sample company, big enough for both halves
have() { psql_q -At -c "SELECT CASE WHEN to_regclass('$1') IS NULL THEN 0 ELSE (SELECT count(*) FROM $1) END"; }
if [ "$(psql_q -At -c "SELECT to_regclass('sample.stock_snapshot') IS NULL")" = t ]; then
	psql_q -c 'SET client_min_messages = warning' -f scripts/data/10-sample.sql >/dev/null
fi
if [ "$(have sample.order_line)" -ne "$lines" ] ||
	[ "$(have sample.sku)" -ne "$skus" ]; then
	echo "generating $skus SKUs and $lines order lines ..."
	psql_q -c "SET client_min_messages = warning" \
		-c "SELECT sample.generate(skus => $skus, order_lines => $lines)" >/dev/null
fi
psql_q <<'SQL'
SET client_min_messages = warning;
DROP TABLE IF EXISTS public.bench_release_turnover;
CREATE TABLE public.bench_release_turnover AS
SELECT s.warehouse_id, s.sku_id, s.snapshot_at,
       s.on_hand * s.unit_cost AS inventory_value,
       coalesce(d.qty, 0) * s.unit_cost AS cogs
FROM sample.stock_snapshot s
LEFT JOIN sample.daily_sales d
  ON d.warehouse_id = s.warehouse_id AND d.sku_id = s.sku_id
 AND d.day = (s.snapshot_at AT TIME ZONE 'UTC')::date
ORDER BY s.warehouse_id, s.sku_id, s.snapshot_at;
VACUUM ANALYZE sample.stock_snapshot;
VACUUM ANALYZE public.bench_release_turnover;
VACUUM ANALYZE sample.order_line;
SQL
echo "$(have sample.stock_snapshot) snapshots, $(have sample.order_line) order lines; $v library: $commit"

twa() { echo "SELECT warehouse_id, sku_id, $1.time_weighted_avg(snapshot_at, on_hand, '2026-01-01') FROM sample.stock_snapshot GROUP BY 1, 2"; }
turn() { echo "SELECT warehouse_id, sku_id, $1.inventory_turnover(snapshot_at, inventory_value, cogs, '2026-01-01') FROM public.bench_release_turnover GROUP BY 1, 2"; }
week="date_trunc('week', ordered_at AT TIME ZONE 'UTC')"
kpis() {
	echo "SELECT warehouse_id, $week AS week,
	   $1.fulfillment_kpis(ordered_at, promised_at, delivered_at, qty_ordered,
	                       qty_shipped, qty_returned, NOT damaged, documents_ok) AS k
	  FROM sample.order_line GROUP BY 1, 2"
}
q_avg="SELECT warehouse_id, sku_id, avg(on_hand) FROM sample.stock_snapshot GROUP BY 1, 2"
q_sum="SELECT warehouse_id, sku_id, sum(cogs) / avg(inventory_value) FROM public.bench_release_turnover GROUP BY 1, 2"
# the CASE SQL reference of bench/fulfillment.sh (the same columns)
q_case="SELECT warehouse_id, $week AS week, $(sed -n '/^case_cols="/,/AS days_late_mean"$/p' bench/fulfillment.sh |
	sed '1s/^case_cols="//; $s/"$//')
  FROM sample.order_line WHERE qty_ordered > 0 GROUP BY 1, 2"

# the same answers from both versions first (so the figures compare equal
# work): the largest relative difference over every group and every result
# field (0.2.0 computes Wilson's upper bound in a more exact form, issue 10,
# which moves the last bits of the interval bounds).  Synchronized scans off:
# both scans in the same row order, so float sums add up alike.
reldiff() {
	local keys=$3
	psql_q -At -c "SET jit = off" -c "SET synchronize_seqscans = off" -c "
	WITH a AS ($1), b AS ($2),
	ea AS (SELECT $keys, e.key AS f, e.value AS x
	         FROM a, jsonb_each(to_jsonb(a) - '{${keys// /}}'::text[]) e),
	eb AS (SELECT $keys, e.key AS f, e.value AS y
	         FROM b, jsonb_each(to_jsonb(b) - '{${keys// /}}'::text[]) e)
	SELECT count(*) || ' values, ' ||
	       count(*) FILTER (WHERE x IS DISTINCT FROM y) || ' differ, largest relative difference ' ||
	       coalesce(max(abs(x::text::float8 - y::text::float8) /
	                    nullif(greatest(abs(x::text::float8), abs(y::text::float8)), 0))
	                FILTER (WHERE jsonb_typeof(x) = 'number' AND jsonb_typeof(y) = 'number'), 0)
	  FROM ea FULL JOIN eb USING ($keys, f)"
}
flat() { echo "SELECT warehouse_id, week, (k).* FROM ($1) x"; }
echo "time_weighted_avg, $v vs current: $(reldiff "$(twa logistics)" "$(twa "$schema")" "warehouse_id, sku_id")"
echo "inventory_turnover, $v vs current: $(reldiff "$(turn logistics)" "$(turn "$schema")" "warehouse_id, sku_id")"
echo "fulfillment_kpis, $v vs current: $(reldiff "$(flat "$(kpis logistics)")" "$(flat "$(kpis "$schema")")" "warehouse_id, week")"

pm=$(head -n 1 "$PGHOST/data/postmaster.pid")
if perf stat -x, -e task-clock -o /dev/null true 2>/dev/null; then
	unit="CPU ms"
else
	unit="ms (EXPLAIN ANALYZE)"
fi
# one measurement of query $2 under settings $1
measure() {
	local f pp
	if [ "$unit" = "CPU ms" ]; then
		f=$(mktemp)
		perf stat -x, -e task-clock -p "$pm" -o "$f" &
		pp=$!
		sleep 0.2
		psql_q -o /dev/null -c "$1" -c "$2"
		sleep 0.1
		kill -INT "$pp"
		wait "$pp" || true
		awk -F, '/task-clock/ { print $1 }' "$f"
		rm -f "$f"
	else
		psql_q -At -c "$1" -c "EXPLAIN (ANALYZE, TIMING OFF, COSTS OFF, SUMMARY ON) $2" |
			sed -n 's/^Execution Time: \([0-9.]*\) ms$/\1/p'
	fi
}
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# medians of the queries "$@" under settings $1, alternating; the first
# query is SELECT 1 (the connection), subtracted from the others
medians() {
	local settings=$1 i r
	shift
	local qs=("SELECT 1" "$@")
	declare -A t
	for i in "${!qs[@]}"; do measure "$settings" "${qs[$i]}" >/dev/null; done
	for ((r = 0; r < reps; r++)); do
		for i in "${!qs[@]}"; do t[$i]="${t[$i]:-} $(measure "$settings" "${qs[$i]}")"; done
	done
	local base
	base=$(tr ' ' '\n' <<<"${t[0]}" | grep . | median)
	[ "$unit" = "CPU ms" ] || base=0
	for ((i = 1; i < ${#qs[@]}; i++)); do
		tr ' ' '\n' <<<"${t[$i]}" | grep . | median | awk -v b="$base" '{ printf "%.1f ", $1 - b }'
	done
	echo
}
line() {
	awk -v l="$1" -v a="$2" -v o="$3" -v r="$4" -v v="$v" 'BEGIN {
		printf "%-30s %9.1f %9.1f %9.1f   %5.2fx %5.2fx   %5.2f\n", l, a, o, r, a / r, o / r, a / o }'
}

settings_0="SET jit = off; SET work_mem = '256MB'; SET max_parallel_workers_per_gather = 0;"
settings_2="SET jit = off; SET work_mem = '256MB'; SET max_parallel_workers_per_gather = 2;
	SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;"
echo "median of $reps runs, $unit; ratio = aggregate / built-in query (target <= 1.3)"
printf '%-30s %9s %9s %9s   %6s %6s   %5s\n' "" "current" "$v" "built-in" "cur" "$v" "cur/$v"
for w in 0 2; do
	s=settings_$w
	read -r a o r < <(medians "${!s}" "$(twa logistics)" "$(twa "$schema")" "$q_avg")
	line "time_weighted_avg, $w workers" "$a" "$o" "$r"
	read -r a o r < <(medians "${!s}" "$(turn logistics)" "$(turn "$schema")" "$q_sum")
	line "inventory_turnover, $w workers" "$a" "$o" "$r"
	read -r a o r < <(medians "${!s}" "$(kpis logistics)" "$(kpis "$schema")" "$q_case")
	line "fulfillment_kpis, $w workers" "$a" "$o" "$r"
done
psql_q -c "DROP TABLE public.bench_release_turnover"
