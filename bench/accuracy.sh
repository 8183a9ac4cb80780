#!/usr/bin/env bash
# Speed of demand_series and of the accuracy aggregates, each next to the
# plain-SQL way of computing the same result, measured in the same run on
# the same table (best of 3 runs, default parallel settings).  The plain SQL
# results are compared with ours first, so the figures compare equal work.
#
#   ROWS=2000000 SKUS=500 bash bench/accuracy.sh   (PG* env: see make bench)
set -euo pipefail
rows=${ROWS:-2000000}
skus=${SKUS:-500}

q() { command psql -X -q -v ON_ERROR_STOP=1 -At "$@"; }

# best wall time in ms of 3 runs of a query
best_ms() {
	local sql=$1 best="" t i
	for i in 1 2 3; do
		t=$(command psql -X -q -v ON_ERROR_STOP=1 -At \
			-c '\timing on' -c "SELECT count(*) FROM ($sql) x" |
			sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p')
		if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then
			best=$t
		fi
	done
	echo "$best"
}

q <<SQL
SET client_min_messages = warning;
DROP TABLE IF EXISTS bench_acc;
CREATE TABLE bench_acc AS
SELECT 1 + i % $skus AS sku,
	   timestamptz '2024-01-01 00:00+00' + ((i::bigint * 7919) % 63072000) * interval '1 second' AS ts,
	   (1 + (i * 31) % 17)::float8 AS qty,
	   ((i * 13) % 29)::float8 AS y,
	   ((i * 17) % 23)::float8 AS f
FROM generate_series(1, $rows) i;
VACUUM ANALYZE bench_acc;
SQL

ours_ds="SELECT sku, logistics.demand_series(ts, qty, '1 day', '2024-01-01', '2026-01-01') AS s
FROM bench_acc GROUP BY sku"
sql_ds="SELECT k.sku, array_agg(coalesce(x.s, 0) ORDER BY d.d) AS s
FROM (SELECT DISTINCT sku FROM bench_acc) k
CROSS JOIN generate_series(0, 730) d(d)
LEFT JOIN (SELECT sku, (ts AT TIME ZONE 'UTC')::date - date '2024-01-01' AS d, sum(qty) AS s
           FROM bench_acc WHERE ts >= '2024-01-01 00:00+00' AND ts < '2026-01-01 00:00+00'
           GROUP BY 1, 2) x ON x.sku = k.sku AND x.d = d.d
GROUP BY k.sku"

ours_acc="SELECT sku, logistics.accuracy(y, f) AS a FROM bench_acc GROUP BY sku"
sql_acc="SELECT sku, avg(abs(f - y)) AS mae, sqrt(avg((f - y) ^ 2)) AS rmse,
       100 * avg(abs(f - y) / abs(y)) FILTER (WHERE y <> 0) AS mape,
       100 * avg(CASE WHEN abs(y) + abs(f) = 0 THEN 0 ELSE 2 * abs(f - y) / (abs(y) + abs(f)) END) AS smape,
       100 * sum(abs(f - y)) / nullif(sum(abs(y)), 0) AS wape, avg(f - y) AS bias
FROM bench_acc GROUP BY sku"

same_ds=$(q -c "SET TimeZone = 'UTC'" -c "SELECT bool_and(a.s = b.s) AND count(*) = $skus
	FROM ($ours_ds) a JOIN ($sql_ds) b USING (sku)")
same_acc=$(q -c "SELECT bool_and(abs((a.a).mae - b.mae) < 1e-9 AND abs((a.a).rmse - b.rmse) < 1e-9
	AND abs((a.a).mape - b.mape) < 1e-9 AND abs((a.a).smape - b.smape) < 1e-9
	AND abs((a.a).wape - b.wape) < 1e-9 AND abs((a.a).bias - b.bias) < 1e-9)
	FROM ($ours_acc) a JOIN ($sql_acc) b USING (sku)")

t_scan=$(best_ms "SELECT sku, count(*) FROM bench_acc GROUP BY sku")
t_ds=$(PGOPTIONS='-c TimeZone=UTC' best_ms "$ours_ds")
t_sql_ds=$(PGOPTIONS='-c TimeZone=UTC' best_ms "$sql_ds")
t_acc=$(best_ms "$ours_acc")
t_sql_acc=$(best_ms "$sql_acc")

echo "rows: $rows order lines, $skus SKUs, 731 daily buckets"
echo "same results as plain SQL: demand_series $same_ds, accuracy $same_acc"
printf "reference GROUP BY sku count(*):             %8.1f ms\n" "$t_scan"
printf "demand_series, daily, per SKU:               %8.1f ms   (plain SQL date + generate_series + array_agg: %.1f ms, %.1fx)\n" \
	"$t_ds" "$t_sql_ds" "$(awk -v a="$t_sql_ds" -v b="$t_ds" 'BEGIN { print a / b }')"
printf "accuracy (MAE, RMSE, MAPE, sMAPE, WAPE, bias): %6.1f ms   (plain SQL aggregates: %.1f ms, %.1fx)\n" \
	"$t_acc" "$t_sql_acc" "$(awk -v a="$t_sql_acc" -v b="$t_acc" 'BEGIN { print a / b }')"

q -c "DROP TABLE bench_acc"
