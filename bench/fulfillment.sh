#!/usr/bin/env bash
# bench/fulfillment.sh: logistics.fulfillment_kpis over the sample company's
# order lines grouped by warehouse and week, against hand-written built-in SQL
# on the same rows in the same run, serially and with 2 parallel workers.
#
# The reference ("CASE SQL") computes the same counts, rates, unit sums and
# means with sums and averages of CASE expressions (its Wilson intervals would
# be arithmetic on those sums per group, negligible); it has no percentiles.
# A second reference adds the percentiles with percentile_cont, which makes it
# equivalent to every field of fulfillment_kpis; it is run once per mode.
# A leaner "FILTER SQL" (count(*) FILTER, sums and means, 16 aggregates)
# shows the cheapest hand-written form of the counts and means.
# Target (issue 4): fulfillment_kpis <= 1.3 x the CASE SQL, serial and parallel.
#
# Environment: PG* of a database with the extension (make bench sets them);
# FULFILLMENT_LINES (default 10000000 order lines), FULFILLMENT_REPS (3).
set -euo pipefail
cd "$(dirname "$0")/.."

lines=${FULFILLMENT_LINES:-10000000}
reps=${FULFILLMENT_REPS:-3}
psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }

# The sample company with $lines order lines and few SKUs (the SKU count only
# sizes the inventory tables).
if [ "$(psql -At -c "SELECT to_regclass('sample.order_line') IS NULL")" = t ]; then
	psql -f scripts/data/10-sample.sql >/dev/null
fi
have=$(psql -At -c "SELECT count(*) FROM sample.order_line")
if [ "$have" != "$lines" ]; then
	echo "generating $lines order lines ..."
	psql -c "SELECT sample.generate(skus => 20, order_lines => $lines)" >/dev/null
fi
# Statistics on the week expression, so both queries get the same (right)
# estimate of the number of groups and hash aggregation.
psql -c "SET client_min_messages = warning" \
	-c "CREATE STATISTICS IF NOT EXISTS sample.order_line_week
	        ON warehouse_id, (date_trunc('week', ordered_at AT TIME ZONE 'UTC'))
	        FROM sample.order_line" \
	-c "VACUUM ANALYZE sample.order_line"

week="date_trunc('week', ordered_at AT TIME ZONE 'UTC')"

q_ext="SELECT warehouse_id, $week AS week,
       logistics.fulfillment_kpis(ordered_at, promised_at, delivered_at, qty_ordered,
                                  qty_shipped, qty_returned, NOT damaged, documents_ok) AS k
  FROM sample.order_line GROUP BY 1, 2"

# fulfillment_kpis_approx: the same row with the percentiles from KLL
# sketches (a real state type, issue 17); the same 1.3 x target
q_apx="SELECT warehouse_id, $week AS week,
       logistics.fulfillment_kpis_approx(ordered_at, promised_at, delivered_at, qty_ordered,
                                         qty_shipped, qty_returned, NOT damaged, documents_ok) AS k
  FROM sample.order_line GROUP BY 1, 2"

# fulfillment_rates: the columns of fulfillment_kpis without the
# percentiles, on a fixed-size real state type (issue 17): what the CASE SQL
# computes, so the same 1.3 x target
q_rat="SELECT warehouse_id, $week AS week,
       logistics.fulfillment_rates(ordered_at, promised_at, delivered_at, qty_ordered,
                                   qty_shipped, qty_returned, NOT damaged, documents_ok) AS k
  FROM sample.order_line GROUP BY 1, 2"

case_cols="count(*) AS lines,
       count(delivered_at) AS delivered,
       sum(CASE WHEN delivered_at <= promised_at THEN 1 ELSE 0 END) AS on_time,
       avg(CASE WHEN delivered_at <= promised_at THEN 1 ELSE 0 END) AS on_time_rate,
       sum(CASE WHEN qty_shipped >= qty_ordered THEN 1 ELSE 0 END) AS in_full,
       avg(CASE WHEN qty_shipped >= qty_ordered THEN 1 ELSE 0 END) AS in_full_rate,
       sum(CASE WHEN delivered_at <= promised_at AND qty_shipped >= qty_ordered
                THEN 1 ELSE 0 END) AS otif,
       avg(CASE WHEN delivered_at <= promised_at AND qty_shipped >= qty_ordered
                THEN 1 ELSE 0 END) AS otif_rate,
       sum(CASE WHEN damaged IS NOT NULL AND documents_ok IS NOT NULL THEN 1 ELSE 0 END)
           AS perfect_lines,
       avg(CASE WHEN damaged IS NULL OR documents_ok IS NULL THEN NULL
                WHEN delivered_at <= promised_at AND qty_shipped >= qty_ordered
                     AND NOT damaged AND documents_ok THEN 1 ELSE 0 END) AS perfect_rate,
       sum(qty_ordered) AS units_ordered,
       sum(least(qty_shipped, qty_ordered)) AS units_filled,
       sum(least(qty_shipped, qty_ordered)) / sum(qty_ordered) AS fill_rate,
       sum(qty_shipped) AS units_shipped,
       sum(qty_returned) AS units_returned,
       sum(qty_returned) / nullif(sum(qty_shipped), 0) AS return_rate,
       count(CASE WHEN delivered_at IS NOT NULL THEN ordered_at END) AS cycle_lines,
       avg(date_part('epoch', delivered_at - ordered_at) / 86400) AS cycle_days_mean,
       sum(CASE WHEN delivered_at > promised_at THEN 1 ELSE 0 END) AS late,
       avg(date_part('epoch', delivered_at - promised_at) / 86400) AS lateness_days_mean,
       avg(CASE WHEN delivered_at > promised_at
                THEN date_part('epoch', delivered_at - promised_at) / 86400 END) AS days_late_mean"

q_ref="SELECT warehouse_id, $week AS week,
       $case_cols
  FROM sample.order_line WHERE qty_ordered > 0 GROUP BY 1, 2"

# A leaner hand-written form: counts with FILTER, sums and means, no
# redundant rate columns (rates are then divisions per group).
q_lean="SELECT warehouse_id, $week AS week,
       count(*), count(delivered_at),
       count(*) FILTER (WHERE delivered_at <= promised_at),
       count(*) FILTER (WHERE qty_shipped >= qty_ordered),
       count(*) FILTER (WHERE delivered_at <= promised_at AND qty_shipped >= qty_ordered),
       count(*) FILTER (WHERE damaged IS NOT NULL AND documents_ok IS NOT NULL),
       count(*) FILTER (WHERE delivered_at <= promised_at AND qty_shipped >= qty_ordered
                          AND NOT damaged AND documents_ok),
       sum(qty_ordered), sum(least(qty_shipped, qty_ordered)), sum(qty_shipped),
       sum(qty_returned), count(ordered_at) FILTER (WHERE delivered_at IS NOT NULL),
       avg(date_part('epoch', delivered_at - ordered_at)),
       count(*) FILTER (WHERE delivered_at > promised_at),
       avg(date_part('epoch', delivered_at - promised_at)),
       avg(date_part('epoch', delivered_at - promised_at)) FILTER (WHERE delivered_at > promised_at)
  FROM sample.order_line WHERE qty_ordered > 0 GROUP BY 1, 2"

q_full="SELECT warehouse_id, $week AS week,
       $case_cols,
       percentile_cont(ARRAY[0.5, 0.9, 0.95]) WITHIN GROUP (
           ORDER BY date_part('epoch', delivered_at - ordered_at) / 86400) AS cycle_p,
       percentile_cont(ARRAY[0.5, 0.9, 0.95]) WITHIN GROUP (
           ORDER BY date_part('epoch', delivered_at - promised_at) / 86400) AS lateness_p
  FROM sample.order_line WHERE qty_ordered > 0 GROUP BY 1, 2"

settings="SET work_mem = '256MB'; SET jit = off;"

# Execution time in ms of a query with 0 or 2 workers (EXPLAIN ANALYZE runs it
# completely and does not ship the rows to the client).
run() {
	psql -At -c "$settings SET max_parallel_workers_per_gather = $1;" \
		-c "EXPLAIN (ANALYZE, TIMING OFF, COSTS OFF, SUMMARY ON) $2" |
		sed -n 's/^Execution Time: \([0-9.]*\) ms$/\1/p'
}
# The aggregation node that does the work: "HashAggregate" serially,
# "Partial HashAggregate" in the workers.
plan() {
	psql -At -c "$settings SET max_parallel_workers_per_gather = $1;" -c "EXPLAIN (COSTS OFF) $2" |
		grep -oE '(Partial )?(Hash|Group)Aggregate' | tail -n 1
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Same answers: counts equal, rates and means equal to rounding.
check=$(psql -At -c "SET jit = off" -c "
WITH e AS ($q_ext), r AS ($q_ref)
SELECT count(*) || ' groups, ' ||
       CASE WHEN count(*) FILTER (WHERE (e.k).lines <> r.lines OR (e.k).delivered <> r.delivered
                                    OR (e.k).otif <> r.otif OR (e.k).perfect_lines <> r.perfect_lines
                                    OR (e.k).late <> r.late
                                    OR abs((e.k).otif_rate - r.otif_rate) > 1e-12
                                    OR abs((e.k).perfect_rate - r.perfect_rate) > 1e-12
                                    OR abs((e.k).fill_rate - r.fill_rate) > 1e-12
                                    OR abs((e.k).return_rate - r.return_rate) > 1e-12
                                    OR abs((e.k).cycle_days_mean - r.cycle_days_mean) > 1e-9
                                    OR abs((e.k).days_late_mean - r.days_late_mean) > 1e-9) = 0
            THEN 'fulfillment_kpis and the CASE SQL agree'
            ELSE 'fulfillment_kpis and the CASE SQL DIFFER' END
  FROM e FULL JOIN r USING (warehouse_id, week)")

check_rates=$(psql -At -c "SET jit = off" -c "
WITH e AS ($q_rat), r AS ($q_ref)
SELECT CASE WHEN count(*) FILTER (WHERE (e.k).lines IS DISTINCT FROM r.lines OR (e.k).otif <> r.otif
                                    OR (e.k).perfect_lines <> r.perfect_lines OR (e.k).late <> r.late
                                    OR abs((e.k).otif_rate - r.otif_rate) > 1e-12
                                    OR abs((e.k).perfect_rate - r.perfect_rate) > 1e-12
                                    OR abs((e.k).fill_rate - r.fill_rate) > 1e-12
                                    OR abs((e.k).cycle_days_mean - r.cycle_days_mean) > 1e-9
                                    OR abs((e.k).days_late_mean - r.days_late_mean) > 1e-9) = 0
            THEN 'fulfillment_rates and the CASE SQL agree'
            ELSE 'fulfillment_rates and the CASE SQL DIFFER' END
  FROM e FULL JOIN r USING (warehouse_id, week)")

psql -At -c "SELECT count(*) FROM sample.order_line" >/dev/null	# warm the cache

declare -A t
for mode in 0 2; do
	for ((i = 1; i <= reps; i++)); do
		if ((i % 2)); then order="ref lean ext apx rat"; else order="rat apx ext lean ref"; fi
		for q in $order; do
			case $q in
			ext) ms=$(run "$mode" "$q_ext") ;;
			apx) ms=$(run "$mode" "$q_apx") ;;
			rat) ms=$(run "$mode" "$q_rat") ;;
			ref) ms=$(run "$mode" "$q_ref") ;;
			lean) ms=$(run "$mode" "$q_lean") ;;
			esac
			t[$q,$mode]="${t[$q,$mode]:-} $ms"
		done
	done
	t[full,$mode]=$(run "$mode" "$q_full")
done

med() { tr ' ' '\n' <<<"${t[$1,$2]}" | grep . | median; }
sec() { awk -v ms="$1" 'BEGIN { printf "%8.2f s", ms / 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%8.2fx ", a / b }'; }

e0=$(med ext 0); e2=$(med ext 2); r0=$(med ref 0); r2=$(med ref 2)
a0=$(med apx 0); a2=$(med apx 2)
k0=$(med rat 0); k2=$(med rat 2)
l0=$(med lean 0); l2=$(med lean 2)
f0=${t[full,0]}; f2=${t[full,2]}
echo "fulfillment_kpis by warehouse and week over $lines order lines: $check; $check_rates"
echo "median of $reps runs (alternating order), work_mem 256MB, jit off"
printf '%-36s %12s %12s\n' "" "serial" "2 workers"
printf '%-36s %s / %s\n' "plan (fulfillment_kpis)" "$(plan 0 "$q_ext")" "$(plan 2 "$q_ext")"
printf '%-36s %s   %s\n' "fulfillment_kpis" "$(sec "$e0")" "$(sec "$e2")"
printf '%-36s %s   %s\n' "CASE SQL (no percentiles)" "$(sec "$r0")" "$(sec "$r2")"
printf '%-36s %s   %s  (target <= 1.3)\n' "ratio fulfillment_kpis / CASE SQL" "$(ratio "$e0" "$r0")" "$(ratio "$e2" "$r2")"
printf '%-36s %s   %s\n' "fulfillment_kpis_approx" "$(sec "$a0")" "$(sec "$a2")"
printf '%-36s %s   %s  (target <= 1.3)\n' "ratio approx / CASE SQL" "$(ratio "$a0" "$r0")" "$(ratio "$a2" "$r2")"
printf '%-36s %s   %s\n' "fulfillment_rates" "$(sec "$k0")" "$(sec "$k2")"
printf '%-36s %s   %s  (target <= 1.3)\n' "ratio rates / CASE SQL" "$(ratio "$k0" "$r0")" "$(ratio "$k2" "$r2")"
printf '%-36s %s   %s\n' "FILTER SQL (counts and means only)" "$(sec "$l0")" "$(sec "$l2")"
printf '%-36s %s   %s\n' "ratio to that" "$(ratio "$e0" "$l0")" "$(ratio "$e2" "$l2")"
printf '%-36s %s   %s  (one run each)\n' "CASE SQL + percentile_cont" "$(sec "$f0")" "$(sec "$f2")"
printf '%-36s %s   %s\n' "ratio to that" "$(ratio "$e0" "$f0")" "$(ratio "$e2" "$f2")"
