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

psql <<'SQL'
DROP SCHEMA IF EXISTS bxsample CASCADE;
CREATE SCHEMA bxsample;
CREATE TABLE bxsample.pick AS
SELECT sku_id, pattern
  FROM (SELECT sku_id, pattern, row_number() OVER (PARTITION BY pattern ORDER BY sku_id) AS rn
          FROM sample.sku) s
 WHERE rn <= :n;
-- one 0/1 column per holiday name, in name order
CREATE TABLE bxsample.cal AS
SELECT c.day, c.day < date '2025-11-06' AS train,
       array_agg((h.day IS NOT NULL)::int::float8 ORDER BY n.name) AS hol
  FROM (SELECT d::date AS day
          FROM generate_series(date '2024-01-01', date '2025-12-31', interval '1 day') d) c
 CROSS JOIN (SELECT DISTINCT name FROM sample.holiday) n
  LEFT JOIN sample.holiday h ON h.name = n.name AND h.day = c.day
 GROUP BY c.day;
CREATE TABLE bxsample.x AS
SELECT p.sku_id, c.day, c.train, c.hol,
       coalesce((SELECT pr.discount FROM sample.promotion pr
                  WHERE pr.sku_id = p.sku_id AND pr.start_day <= c.day
                    AND c.day <= pr.end_day), 0) AS promo,
       0::float8 AS qty
  FROM bxsample.pick p CROSS JOIN bxsample.cal c;
UPDATE bxsample.x x SET qty = s.qty
  FROM (SELECT d.sku_id, d.day, sum(d.qty) AS qty
          FROM sample.daily_sales d WHERE d.sku_id IN (SELECT sku_id FROM bxsample.pick)
         GROUP BY 1, 2) s
 WHERE s.sku_id = x.sku_id AND s.day = x.day;
CREATE TABLE bxsample.series AS
SELECT p.sku_id, p.pattern,
       coalesce(bool_or(x.promo > 0) FILTER (WHERE x.train), false) AS promo_col,
       coalesce(bool_or(x.promo > 0) FILTER (WHERE NOT x.train), false) AS promoted_in_holdout,
       array_agg(x.qty ORDER BY x.day) FILTER (WHERE x.train) AS y,
       array_agg(x.qty ORDER BY x.day) FILTER (WHERE NOT x.train) AS actual
  FROM bxsample.pick p JOIN bxsample.x x USING (sku_id)
 GROUP BY p.sku_id, p.pattern;
ALTER TABLE bxsample.series ADD COLUMN xreg float8[], ADD COLUMN xreg_future float8[];
UPDATE bxsample.series s
   SET xreg = a.xreg, xreg_future = a.xf
  FROM (SELECT x.sku_id,
               array_agg(CASE WHEN s.promo_col THEN ARRAY[x.promo] || x.hol ELSE x.hol END
                         ORDER BY x.day) FILTER (WHERE x.train) AS xreg,
               array_agg(CASE WHEN s.promo_col THEN ARRAY[x.promo] || x.hol ELSE x.hol END
                         ORDER BY x.day) FILTER (WHERE NOT x.train) AS xf
          FROM bxsample.x x JOIN bxsample.series s USING (sku_id)
         GROUP BY x.sku_id) a
 WHERE a.sku_id = s.sku_id;

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
          FROM bxsample.series GROUP BY 1 ORDER BY 1) s")"

# ours: each method in one statement, CPU of the backend around it
for m in arima+x arima auto ensemble; do
	psql -v m="$m" <<'SQL'
SELECT bxsample.cpu_s() AS c0 \gset
INSERT INTO bxsample.fc
SELECT sku_id, :'m',
       CASE WHEN :'m' = 'arima+x'
            THEN logistics.forecast(y, 56, 'arima', 7, xreg, xreg_future)
            ELSE logistics.forecast(y, 56, :'m', 7) END
  FROM bxsample.series;
INSERT INTO bxsample.cpu VALUES (:'m', bxsample.cpu_s() - :c0);
SQL
done

if [ "${BENCH_R:-1}" != 0 ]; then
	psql -c "\copy (SELECT x.sku_id, x.day, x.qty, x.train::int, x.promo FROM bxsample.x x ORDER BY 1, 2) TO '$tmp/series.csv' CSV HEADER" \
		-c "\copy (SELECT name, day FROM sample.holiday ORDER BY day) TO '$tmp/holidays.csv' CSV HEADER"
	nice -n 5 Rscript bench/sample_prophet.R "$tmp/series.csv" "$tmp/holidays.csv" "$tmp/prophet.csv" \
		2>"$tmp/prophet.log" >"$tmp/prophet.out" || { cat "$tmp/prophet.log"; exit 1; }
	psql -c "CREATE TABLE bxsample.pr (sku_id int, method text, step int, point float8)" \
		-c "\copy bxsample.pr FROM '$tmp/prophet.csv' CSV HEADER" \
		-c "INSERT INTO bxsample.fc SELECT sku_id, method, array_agg(point ORDER BY step) FROM bxsample.pr GROUP BY 1, 2" \
		-c "INSERT INTO bxsample.cpu SELECT 'prophet+x and prophet', $(awk '/prophet_cpu_s/ {print $2}' "$tmp/prophet.out")"
fi

echo
echo "MASE on the 56 held-back days (mean over the SKUs of each pattern; lower is better)"
psql <<'SQL'
\pset footer off
SELECT coalesce(s.pattern, 'all') AS pattern,
       count(*) FILTER (WHERE f.method = 'arima') AS skus,
       round(avg(logistics.mase(s.actual, f.point, s.y, 7)) FILTER (WHERE f.method = 'arima+x')::numeric, 3) AS "arima+x",
       round(avg(logistics.mase(s.actual, f.point, s.y, 7)) FILTER (WHERE f.method = 'arima')::numeric, 3) AS arima,
       round(avg(logistics.mase(s.actual, f.point, s.y, 7)) FILTER (WHERE f.method = 'auto')::numeric, 3) AS "auto (ETS)",
       round(avg(logistics.mase(s.actual, f.point, s.y, 7)) FILTER (WHERE f.method = 'ensemble')::numeric, 3) AS ensemble,
       round(avg(logistics.mase(s.actual, f.point, s.y, 7)) FILTER (WHERE f.method = 'prophet+x')::numeric, 3) AS "prophet+x",
       round(avg(logistics.mase(s.actual, f.point, s.y, 7)) FILTER (WHERE f.method = 'prophet')::numeric, 3) AS prophet
  FROM bxsample.series s JOIN bxsample.fc f USING (sku_id)
 GROUP BY ROLLUP (s.pattern)
 ORDER BY s.pattern NULLS LAST;
\echo 'the same, SKUs with a promotion in the held-back days only'
SELECT coalesce(s.pattern, 'all') AS pattern,
       count(*) FILTER (WHERE f.method = 'arima') AS skus,
       round(avg(logistics.mase(s.actual, f.point, s.y, 7)) FILTER (WHERE f.method = 'arima+x')::numeric, 3) AS "arima+x",
       round(avg(logistics.mase(s.actual, f.point, s.y, 7)) FILTER (WHERE f.method = 'arima')::numeric, 3) AS arima,
       round(avg(logistics.mase(s.actual, f.point, s.y, 7)) FILTER (WHERE f.method = 'auto')::numeric, 3) AS "auto (ETS)",
       round(avg(logistics.mase(s.actual, f.point, s.y, 7)) FILTER (WHERE f.method = 'ensemble')::numeric, 3) AS ensemble,
       round(avg(logistics.mase(s.actual, f.point, s.y, 7)) FILTER (WHERE f.method = 'prophet+x')::numeric, 3) AS "prophet+x",
       round(avg(logistics.mase(s.actual, f.point, s.y, 7)) FILTER (WHERE f.method = 'prophet')::numeric, 3) AS prophet
  FROM bxsample.series s JOIN bxsample.fc f USING (sku_id)
 WHERE s.promoted_in_holdout
 GROUP BY ROLLUP (s.pattern)
 ORDER BY s.pattern NULLS LAST;
\echo 'CPU seconds (ours: the server backend; Prophet: R user time, both fits of every SKU)'
SELECT method, round(cpu_s::numeric, 1) AS cpu_s FROM bxsample.cpu;
SQL

if [ "${BENCH_R:-1}" != 0 ] && [ "$nr" -gt 0 ]; then
	# the first promoted SKU of each pattern (then the next ones), our fit
	psql -v nr="$nr" <<'SQL'
CREATE TABLE bxsample.rpick AS
SELECT sku_id, pattern, y, xreg,
       logistics.forecast_model_json(logistics.forecast_fit(y, 'arima', 7, NULL, xreg)) -> 'arima' AS j
  FROM (SELECT s.*, row_number() OVER (PARTITION BY pattern ORDER BY sku_id) AS r
          FROM bxsample.series s WHERE promoted_in_holdout AND promo_col) s
 ORDER BY r, pattern
 LIMIT :nr;
SQL
	psql -c "\copy (SELECT r.sku_id, t, r.y[t], array_to_string(r.xreg[t:t][:], ' ') FROM bxsample.rpick r, generate_series(1, 675) t ORDER BY 1, 2) TO '$tmp/rseries.csv' CSV HEADER" \
		-c "\copy (SELECT sku_id, j->>'p', j->>'d', j->>'q', j->>'P', j->>'D', j->>'Q', (j->'coefficients') ? 'intercept', (j->'coefficients') ? 'drift', j->'coefficients', j->>'loglik' FROM bxsample.rpick ORDER BY 1) TO '$tmp/ours.csv' CSV HEADER"
	nice -n 5 Rscript bench/sample_arima_xreg.R "$tmp/rseries.csv" "$tmp/ours.csv" 2>"$tmp/r.log" ||
		{ cat "$tmp/r.log"; exit 1; }
fi
psql -c "DROP SCHEMA bxsample CASCADE"
