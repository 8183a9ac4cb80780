#!/usr/bin/env bash
# bench/inventory.sh: time_weighted_avg and the inventory_turnover aggregate
# grouped by SKU-location over about 10 million stock snapshots, against the
# closest built-in query on the same rows (the plain avg() / sum() of the
# same columns, grouped the same way), serial and with 2 parallel workers.
# Target (issue 3): at most 1.3x the built-in query.
#
# Needs PGHOST/PGPORT/PGUSER/PGDATABASE of a throwaway database with the
# extension installed (make bench sets them).  REPS=n repetitions (default
# 5), SKUS=n the sample size (default 7000), MIN_ROWS=n the snapshot count
# below which the sample is (re)generated (default 9000000).  The figure is
# the median of each query; the queries alternate, so load from other
# processes hits both alike.
set -euo pipefail
cd "$(dirname "$0")/.."

reps=${REPS:-5}
skus=${SKUS:-7000}
psql=(psql -X -q -v ON_ERROR_STOP=1)

rows=0
if [ "$("${psql[@]}" -At -c "SELECT to_regclass('sample.stock_snapshot') IS NOT NULL")" = t ]; then
	rows=$("${psql[@]}" -At -c "SELECT count(*) FROM sample.stock_snapshot")
fi
if [ "$rows" -lt "${MIN_ROWS:-9000000}" ]; then
	if [ ! -f scripts/data/10-sample.sql ]; then
		echo "bench/inventory: scripts/data/10-sample.sql is missing (merge main)" >&2
		exit 1
	fi
	echo "generating the sample company with skus => $skus (takes a while) ..."
	"${psql[@]}" -c 'SET client_min_messages = warning' -f scripts/data/10-sample.sql >/dev/null
	"${psql[@]}" -c "SET client_min_messages = warning" \
		-c "SELECT sample.generate(skus => $skus, order_lines => 1000)" >/dev/null
fi

# COGS of each snapshot day next to the inventory value, in the snapshots'
# physical order (per SKU-location, in time order), for the turnover pair.
"${psql[@]}" <<'SQL'
SET client_min_messages = warning;
DROP TABLE IF EXISTS public.bench_turnover;
CREATE TABLE public.bench_turnover AS
SELECT s.warehouse_id, s.sku_id, s.snapshot_at,
       s.on_hand * s.unit_cost AS inventory_value,
       coalesce(d.qty, 0) * s.unit_cost AS cogs
FROM sample.stock_snapshot s
LEFT JOIN sample.daily_sales d
  ON d.warehouse_id = s.warehouse_id AND d.sku_id = s.sku_id
 AND d.day = (s.snapshot_at AT TIME ZONE 'UTC')::date
ORDER BY s.warehouse_id, s.sku_id, s.snapshot_at;
VACUUM ANALYZE sample.stock_snapshot;
VACUUM ANALYZE public.bench_turnover;
SQL

nsnap=$("${psql[@]}" -At -c "SELECT count(*) FROM sample.stock_snapshot")
ngroups=$("${psql[@]}" -At -c "SELECT count(*) FROM sample.sku_location")
echo "stock snapshots: $nsnap rows, $ngroups SKU-locations"

q_twa="SELECT warehouse_id, sku_id, logistics.time_weighted_avg(snapshot_at, on_hand, '2026-01-01') FROM sample.stock_snapshot GROUP BY 1, 2"
q_avg="SELECT warehouse_id, sku_id, avg(on_hand) FROM sample.stock_snapshot GROUP BY 1, 2"
q_turn="SELECT warehouse_id, sku_id, logistics.inventory_turnover(snapshot_at, inventory_value, cogs, '2026-01-01') FROM public.bench_turnover GROUP BY 1, 2"
q_sum="SELECT warehouse_id, sku_id, sum(cogs) / avg(inventory_value) FROM public.bench_turnover GROUP BY 1, 2"

# Median run time (ms) of each query in "$@" under the settings in $1,
# alternating the queries rep by rep.
time_queries() {
	local settings=$1
	shift
	local script i q
	script=$(mktemp)
	{
		echo "$settings"
		echo '\o /dev/null'
		echo '\timing on'
		# one untimed warm-up of each query (cache, plan)
		for q in "$@"; do echo "$q;"; done
		for ((i = 0; i < reps; i++)); do
			for q in "$@"; do echo "$q;"; done
		done
	} >"$script"
	"${psql[@]}" -f "$script" 2>&1 | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' |
		awk -v n=$# -v reps="$reps" '
			NR > n { t[(NR - 1) % n, int((NR - 1 - n) / n)] = $1 }
			END {
				for (j = 0; j < n; j++) {
					for (i = 0; i < reps; i++) v[i] = t[j, i]
					# insertion sort, then the median
					for (i = 1; i < reps; i++) {
						x = v[i]; k = i - 1
						while (k >= 0 && v[k] > x) { v[k + 1] = v[k]; k-- }
						v[k + 1] = x
					}
					m = (reps % 2) ? v[int(reps / 2)] : (v[reps / 2 - 1] + v[reps / 2]) / 2
					printf "%s%.1f", (j ? " " : ""), m
				}
				printf "\n"
			}'
	rm -f "$script"
}

report() {
	local label=$1 ours=$2 ref=$3
	awk -v l="$label" -v a="$ours" -v b="$ref" 'BEGIN {
		r = a / b
		printf "%-54s %8.1f ms, built-in %8.1f ms, ratio %.2f (target <= 1.30) %s\n",
			l, a, b, r, (r <= 1.3 ? "ok" : "OVER")
	}'
}

serial="SET max_parallel_workers_per_gather = 0;"
parallel="SET max_parallel_workers_per_gather = 2; SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;"

echo "plans with 2 workers:"
"${psql[@]}" -c "$parallel" -c "EXPLAIN (COSTS OFF) $q_twa" -c "EXPLAIN (COSTS OFF) $q_avg" |
	grep -E 'Aggregate|Gather|Workers' | sed 's/^/  /'

read -r t_twa t_avg t_turn t_sum < <(time_queries "$serial" "$q_twa" "$q_avg" "$q_turn" "$q_sum")
report "time_weighted_avg vs avg(on_hand), serial" "$t_twa" "$t_avg"
report "inventory_turnover vs sum(cogs)/avg(value), serial" "$t_turn" "$t_sum"
read -r t_twa t_avg t_turn t_sum < <(time_queries "$parallel" "$q_twa" "$q_avg" "$q_turn" "$q_sum")
report "time_weighted_avg vs avg(on_hand), 2 workers" "$t_twa" "$t_avg"
report "inventory_turnover vs sum(cogs)/avg(value), 2 workers" "$t_turn" "$t_sum"

"${psql[@]}" -c "DROP TABLE public.bench_turnover"
