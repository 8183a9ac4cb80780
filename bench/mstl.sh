#!/usr/bin/env bash
# MSTL benchmark: agreement with R 4.2 / forecast 8.20 and speed, R run
# in the same run.  Run by `make bench` (PG* env set); BENCH_R=0 skips R.
#
# 1. taylor (half-hourly, periods 48 and 336, 4032 values; data/mstl/):
#    mstl() components and forecast(mstl(), h = 336, level = 95) against
#    R, max relative difference.
# 2. 500 synthetic daily series of 731 days (2024-01-01 .. 2025-12-31)
#    with a weekly and a yearly pattern, a trend and noise
#    (deterministic: frac(sin(k) * 43758.5453)); 'mstl' with
#    ARRAY[7, 365], 28 days ahead, in one query on 2 parallel workers,
#    against R's forecast(mstl(msts(y, c(7, 365))), h = 28) with
#    mclapply on 2 cores; max relative difference of all 14,000 forecasts.
# 3. The sample company's daily units sold (scripts/data/10-sample.sql,
#    loaded if missing), company total and each warehouse, 731 days, with
#    ARRAY[7, 365.25] (the float8[] overloads; both periods kept):
#    decomposition and forecast_table(h = 28, 0.95) against R's
#    mstl(msts(y, c(7, 365.25))) and forecast(), max relative difference.
set -euo pipefail
cd "$(dirname "$0")/.."

export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }
now() { date +%s.%N; }

if [ "$(psql -At -c "SELECT to_regclass('sample.daily_sales') IS NOT NULL")" != t ]; then
	echo "loading the sample company ..."
	psql -f scripts/data/10-sample.sql >/dev/null
fi

psql <<'SQL'
DROP SCHEMA IF EXISTS mstlbench CASCADE;
CREATE SCHEMA mstlbench;
CREATE FUNCTION mstlbench.u(k float8) RETURNS float8 LANGUAGE sql IMMUTABLE
	RETURN sin(k) * 43758.5453 - floor(sin(k) * 43758.5453);
CREATE TABLE mstlbench.taylor_long (t int, value float8);
\copy mstlbench.taylor_long FROM 'data/mstl/taylor.csv' WITH (FORMAT csv, HEADER)
CREATE TABLE mstlbench.taylor AS SELECT array_agg(value ORDER BY t) AS y FROM mstlbench.taylor_long;
CREATE TABLE mstlbench.daily AS
SELECT i, ARRAY(SELECT 50 + 0.02 * t + (5 + i % 7) * sin(2 * pi() * t / 7 + i)
					   + 15 * sin(2 * pi() * t / 365 + i / 50.0)
					   + 8 * (mstlbench.u(i * 1000.0 + t) - 0.5)
				FROM generate_series(1, 731) t) AS y
FROM generate_series(1, 500) i;
ALTER TABLE mstlbench.daily SET (parallel_workers = 2);
-- the sample company's daily units: company total and per warehouse
CREATE TABLE mstlbench.sample AS
SELECT coalesce(warehouse_id::text, 'company') AS series, array_agg(qty ORDER BY day) AS y
FROM (SELECT g.warehouse_id, g.day, sum(g.qty)::float8 AS qty
	  FROM (SELECT w.warehouse_id, d::date AS day, coalesce(sum(s.qty), 0) AS qty
			FROM (SELECT DISTINCT warehouse_id FROM sample.daily_sales) w
			CROSS JOIN generate_series('2024-01-01'::date, '2025-12-31', '1 day') d
			LEFT JOIN sample.daily_sales s
				ON s.warehouse_id = w.warehouse_id AND s.day = d::date
			GROUP BY w.warehouse_id, d::date) g
	  GROUP BY g.day, ROLLUP (g.warehouse_id)) x
GROUP BY warehouse_id;
SQL

t0=$(now)
psql -c "CREATE TABLE mstlbench.ours AS SELECT i, logistics.forecast(y, 28, 'mstl', ARRAY[7, 365]) AS f FROM mstlbench.daily"
t1=$(now)
ours=$(echo "$t1 - $t0" | bc -l)
printf '500 daily series x 731 days, mstl ARRAY[7,365], 28 days ahead: %.2f s (one query, parallel scan)\n' "$ours"

if [ "${BENCH_R:-1}" = 0 ] || ! command -v Rscript >/dev/null ||
	! Rscript -e 'suppressMessages(library(forecast))' >/dev/null 2>&1; then
	echo "R with forecast not available: peer comparison skipped"
	exit 0
fi
rdir=$(mktemp -d /tmp/logistics-mstlbench.XXXXXX)
trap 'rm -rf "$rdir"' EXIT
psql -At -c "SELECT i || ',' || array_to_string(y, ',') FROM mstlbench.daily ORDER BY i" >"$rdir/daily.csv"
psql -At -c "SELECT i || ',' || array_to_string(f, ',') FROM mstlbench.ours ORDER BY i" >"$rdir/ours.csv"
psql -At -c "COPY (SELECT t, component, coalesce(season_length, 0), value
	FROM mstlbench.taylor, logistics.mstl(y, ARRAY[48, 336])) TO STDOUT WITH (FORMAT csv)" >"$rdir/taylor_ours.csv"
psql -At -c "COPY (SELECT step, point, lower, upper
	FROM mstlbench.taylor, logistics.forecast_table(y, 336, 'mstl', ARRAY[48, 336], 0.95)) TO STDOUT WITH (FORMAT csv)" >"$rdir/taylor_fc_ours.csv"
psql -At -c "COPY (SELECT series, array_to_string(y, ' ') FROM mstlbench.sample ORDER BY series) TO STDOUT WITH (FORMAT csv)" >"$rdir/sample.csv"
psql -At -c "COPY (SELECT series, t, component, coalesce(season_length, 0), value
	FROM mstlbench.sample, logistics.mstl(y, ARRAY[7, 365.25])) TO STDOUT WITH (FORMAT csv)" >"$rdir/sample_ours.csv"
psql -At -c "COPY (SELECT series, step, point, lower, upper
	FROM mstlbench.sample, logistics.forecast_table(y, 28, 'mstl', ARRAY[7, 365.25], 0.95)) TO STDOUT WITH (FORMAT csv)" >"$rdir/sample_fc_ours.csv"
cat >"$rdir/peer_sample.R" <<'R'
suppressMessages(library(forecast))
d <- commandArgs(TRUE)[1]
x <- read.csv(file.path(d, "sample.csv"), header = FALSE, as.is = TRUE)
o <- read.csv(file.path(d, "sample_ours.csv"), header = FALSE, as.is = TRUE)
of <- read.csv(file.path(d, "sample_fc_ours.csv"), header = FALSE, as.is = TRUE)
dec <- 0; fc <- 0
for (k in seq_len(nrow(x))) {
	y <- as.numeric(strsplit(x$V2[k], " ")[[1]])
	m <- mstl(msts(y, seasonal.periods = c(7, 365.25)))
	ok <- o[o$V1 == x$V1[k], ]
	for (nm in c("trend", "remainder", "seasonal7", "seasonal365.25")) {
		v <- switch(nm, trend = ok$V5[ok$V3 == "trend"],
					remainder = ok$V5[ok$V3 == "remainder"],
					seasonal7 = ok$V5[ok$V3 == "seasonal" & ok$V4 == 7],
					ok$V5[ok$V3 == "seasonal" & ok$V4 == 365.25])
		ref <- m[, switch(nm, trend = "Trend", remainder = "Remainder",
						  seasonal7 = "Seasonal7", "Seasonal365.25")]
		dec <- max(dec, max(abs(v - ref)) / max(abs(ref)))
	}
	f <- forecast(m, h = 28, level = 95)
	fo <- of[of$V1 == x$V1[k], ]
	fc <- max(fc, abs(fo$V3 - f$mean) / abs(f$mean), abs(fo$V4 - f$lower) / abs(f$lower),
			  abs(fo$V5 - f$upper) / abs(f$upper))
}
cat(sprintf("%d %.3g %.3g\n", nrow(x), dec, fc))
R
cat >"$rdir/peer.R" <<'R'
suppressMessages({ library(forecast); library(parallel) })
d <- commandArgs(TRUE)[1]
# taylor
y <- read.csv("data/mstl/taylor.csv")$value
m <- mstl(msts(y, seasonal.periods = c(48, 336)))
o <- read.csv(file.path(d, "taylor_ours.csv"), header = FALSE)
comp <- function(name, col = 0) {
	v <- o$V4[o$V2 == name & o$V3 == col]
	ref <- m[, switch(name, trend = "Trend", remainder = "Remainder", paste0("Seasonal", col))]
	max(abs(v - ref)) / max(abs(ref))
}
dec <- max(comp("trend"), comp("seasonal", 48), comp("seasonal", 336), comp("remainder"))
f <- forecast(m, h = 336, level = 95)
of <- read.csv(file.path(d, "taylor_fc_ours.csv"), header = FALSE)
fc <- max(abs(of$V2 - f$mean) / abs(f$mean), abs(of$V3 - f$lower) / abs(f$lower),
		  abs(of$V4 - f$upper) / abs(f$upper))
# 500 daily series
rows <- strsplit(readLines(file.path(d, "daily.csv")), ",")
t0 <- proc.time()[["elapsed"]]
rf <- mclapply(rows, function(r) {
	x <- as.numeric(r[-1])
	as.numeric(forecast(mstl(msts(x, seasonal.periods = c(7, 365))), h = 28)$mean)
}, mc.cores = 2)
secs <- proc.time()[["elapsed"]] - t0
ours <- lapply(strsplit(readLines(file.path(d, "ours.csv")), ","), function(r) as.numeric(r[-1]))
daily <- max(mapply(function(a, b) max(abs(a - b) / abs(b)), ours, rf))
cat(sprintf("%.3g %.3g %.2f %.3g\n", dec, fc, secs, daily))
R
read -r dec fc rsecs daily < <(Rscript "$rdir/peer.R" "$rdir" | tail -n 1)
echo "taylor (periods 48, 336): max relative difference to R: decomposition $dec (to each component's scale), forecast and 95% bounds $fc"
printf '500 daily series: R forecast(mstl()) with mclapply on 2 cores %.2f s, ours %.2f s (%.1f times faster); max relative difference of the forecasts %s\n' \
	"$rsecs" "$ours" "$(echo "$rsecs / $ours" | bc -l)" "$daily"
read -r nser dec fc < <(Rscript "$rdir/peer_sample.R" "$rdir" | tail -n 1)
echo "sample company daily units ($nser series: company, each warehouse; 731 days, ARRAY[7, 365.25]): max relative difference to R: decomposition $dec (to each component's scale), forecast and 95% bounds (h = 28) $fc"
