#!/usr/bin/env bash
# Regressors on the sample company: do promotions and holidays make the
# forecasts more accurate, and are ours better than Prophet's?
# Series: per demand pattern the first BENCH_XREG_N SKUs by id (default 10,
# no selection on promotions), daily units of the SKU over both warehouses
# (zero on days without a sale), 2024-01-01 .. 2025-11-05 (675 days) for
# fitting, the 56 days 2025-11-06 .. 2025-12-31 held back (Veterans Day,
# Thanksgiving, Black Friday, Cyber Monday, the Christmas shopping week,
# Christmas, New Year's Eve; 4 in 10 SKUs have a promotion in them).
# Regressors, the same for every method that takes them: the promotion's
# discount that day (0 outside promotions; a SKU without a promotion in the
# fitting days has no such column) and one 0/1 column per holiday name of
# sample.holiday (16), i.e. what a planner knows in advance, not the true
# effects.  Methods: ours 'arima' with the regressors (regression with
# ARIMA errors), 'arima', 'auto' (ETS; it takes no regressors) and
# 'ensemble' without; Prophet 1.0 (Debian r-cran-prophet, defaults, the
# holidays as its holidays table with one effect per name and the discount
# by add_regressor), with and without them, in the same run.
# Score: MASE per series (logistics.mase: mean absolute error over the 56
# days / in-sample mean absolute difference at lag 7), averaged per pattern.
# Then R's forecast 8.20 on the first BENCH_XREG_R promoted series
# (default 4, one per pattern): auto.arima(y, xreg = X) must choose our
# orders, and Arima() at our orders must give our coefficients within 1e-4
# relative.  BENCH_R=0 skips R (Prophet and forecast).  CPU seconds: ours
# from the backend's /proc/self/stat, R's from proc.time().
set -euo pipefail
cd "$(dirname "$0")/.."

export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
export TZ=UTC
n=${BENCH_XREG_N:-10}
nr=${BENCH_XREG_R:-4}
psql() { command psql -X -q -v ON_ERROR_STOP=1 -v n="$n" "$@"; }
tmp=$(mktemp -d /tmp/logistics-bench-xreg.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

if [ "$(psql -At -c "SELECT to_regclass('sample.promotion') IS NOT NULL")" != t ]; then
	echo "loading the sample company ..."
	psql -f scripts/data/10-sample.sql >/dev/null
fi

psql -c "DROP SCHEMA IF EXISTS bxsample CASCADE" -c "CREATE SCHEMA bxsample"
# the series and their regressors, built as the demo step builds them
psql -v rx_schema=bxsample -v rx_n="$n" -f scripts/demo/include/regressor-series.sql
psql <<'SQL'
-- CPU seconds of this backend: utime + stime of /proc/self/stat (fields
-- 14 and 15, in ticks of 1/100 s; after the ") " that closes the command
-- name the fields are numbered from 3)
CREATE FUNCTION bxsample.cpu_s() RETURNS float8 LANGUAGE sql AS $$
SELECT (f[12]::float8 + f[13]::float8) / 100
  FROM (SELECT string_to_array(split_part(pg_read_file('/proc/self/stat'), ') ', 2), ' ') AS f) s
$$;
CREATE TABLE bxsample.fc (sku_id int, method text, point float8[]);
CREATE TABLE bxsample.cpu (method text, cpu_s float8);
SQL

echo "series: $(psql -At -c "SELECT sum(c) || ' SKUs (' || string_agg(pattern || ' ' || c, ', ') || '), '
  || sum(p) || ' with a promotion in the held-back days'
  FROM (SELECT pattern, count(*) c, count(*) FILTER (WHERE promoted_in_holdout) p
          FROM bxsample.rx_series GROUP BY 1 ORDER BY 1) s")"

# ours: each method in one statement, CPU of the backend around it
for m in arima+x arima auto ensemble; do
	psql -v m="$m" <<'SQL'
SELECT bxsample.cpu_s() AS c0 \gset
INSERT INTO bxsample.fc
SELECT sku_id, :'m',
       CASE WHEN :'m' = 'arima+x'
            THEN logistics.forecast(history, 56, 'arima', 7, xreg, xreg_future)
            ELSE logistics.forecast(history, 56, :'m', 7) END
  FROM bxsample.rx_series;
INSERT INTO bxsample.cpu VALUES (:'m', bxsample.cpu_s() - :c0);
SQL
done

if [ "${BENCH_R:-1}" != 0 ]; then
	psql -c "\copy (SELECT x.sku_id, x.day, x.qty, x.train::int, x.promo FROM bxsample.rx_day x ORDER BY 1, 2) TO '$tmp/series.csv' CSV HEADER" \
		-c "\copy (SELECT name, day FROM sample.holiday ORDER BY day) TO '$tmp/holidays.csv' CSV HEADER"
	nice -n 5 Rscript bench/sample_prophet.R "$tmp/series.csv" "$tmp/holidays.csv" "$tmp/prophet.csv" \
		2>"$tmp/prophet.log" >"$tmp/prophet.out" || { cat "$tmp/prophet.log"; exit 1; }
	psql -c "CREATE TABLE bxsample.pr (sku_id int, method text, step int, point float8)" \
		-c "\copy bxsample.pr FROM '$tmp/prophet.csv' CSV HEADER" \
		-c "INSERT INTO bxsample.fc SELECT sku_id, method, array_agg(point ORDER BY step) FROM bxsample.pr GROUP BY 1, 2" \
		-c "INSERT INTO bxsample.cpu SELECT 'prophet+x and prophet', $(awk '/prophet_cpu_s/ {print $2}' "$tmp/prophet.out")"
fi

echo
echo "MASE on the 56 held-back days (mean over the SKUs of each pattern; lower is better),"
echo "for all SKUs and for the SKUs with a promotion in the held-back days"
psql <<'SQL'
\pset footer off
SELECT w.skus_scored, coalesce(s.pattern, 'all') AS pattern,
       count(*) FILTER (WHERE f.method = 'arima') AS skus,
       round(avg(logistics.mase(s.actual, f.point, s.history, 7)) FILTER (WHERE f.method = 'arima+x')::numeric, 3) AS "arima+x",
       round(avg(logistics.mase(s.actual, f.point, s.history, 7)) FILTER (WHERE f.method = 'arima')::numeric, 3) AS arima,
       round(avg(logistics.mase(s.actual, f.point, s.history, 7)) FILTER (WHERE f.method = 'auto')::numeric, 3) AS "auto (ETS)",
       round(avg(logistics.mase(s.actual, f.point, s.history, 7)) FILTER (WHERE f.method = 'ensemble')::numeric, 3) AS ensemble,
       round(avg(logistics.mase(s.actual, f.point, s.history, 7)) FILTER (WHERE f.method = 'prophet+x')::numeric, 3) AS "prophet+x",
       round(avg(logistics.mase(s.actual, f.point, s.history, 7)) FILTER (WHERE f.method = 'prophet')::numeric, 3) AS prophet
  FROM bxsample.rx_series s JOIN bxsample.fc f USING (sku_id)
 CROSS JOIN (VALUES (1, 'all', false), (2, 'promoted in held-back days', true))
       AS w(k, skus_scored, promoted_only)
 WHERE s.promoted_in_holdout OR NOT w.promoted_only
 GROUP BY w.k, w.skus_scored, ROLLUP (s.pattern)
 ORDER BY w.k, s.pattern NULLS LAST;
\echo 'CPU seconds (ours: the server backend; Prophet: R user time, both fits of every SKU)'
SELECT method, round(cpu_s::numeric, 1) AS cpu_s FROM bxsample.cpu;
SQL

if [ "${BENCH_R:-1}" != 0 ] && [ "$nr" -gt 0 ]; then
	# the first promoted SKU of each pattern (then the next ones), our fit
	psql -v nr="$nr" <<'SQL'
CREATE TABLE bxsample.rpick AS
SELECT sku_id, pattern, history AS y, xreg,
       logistics.forecast_model_json(logistics.forecast_fit(history, 'arima', 7, NULL, xreg)) -> 'arima' AS j
  FROM (SELECT s.*, row_number() OVER (PARTITION BY pattern ORDER BY sku_id) AS r
          FROM bxsample.rx_series s WHERE promoted_in_holdout AND promo_col) s
 ORDER BY r, pattern
 LIMIT :nr;
SQL
	psql -c "\copy (SELECT r.sku_id, t, r.y[t], array_to_string(r.xreg[t:t][:], ' ') FROM bxsample.rpick r, generate_series(1, 675) t ORDER BY 1, 2) TO '$tmp/rseries.csv' CSV HEADER" \
		-c "\copy (SELECT sku_id, j->>'p', j->>'d', j->>'q', j->>'P', j->>'D', j->>'Q', (j->'coefficients') ? 'intercept', (j->'coefficients') ? 'drift', j->'coefficients', j->>'loglik' FROM bxsample.rpick ORDER BY 1) TO '$tmp/ours.csv' CSV HEADER"
	nice -n 5 Rscript bench/sample_arima_xreg.R "$tmp/rseries.csv" "$tmp/ours.csv" 2>"$tmp/r.log" ||
		{ cat "$tmp/r.log"; exit 1; }
fi
psql -c "DROP SCHEMA bxsample CASCADE"
