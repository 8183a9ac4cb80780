#!/usr/bin/env bash
# Reconciliation on the sample company: does MinT make the forecasts more
# accurate?  SKU x warehouse (1,000 series) -> warehouse (6) -> company,
# daily units sold (sample.daily_sales, zero on days without a row),
# 2024-01-01 .. 2025-12-31; the last 8 weeks (56 days) held back.  Then the
# grouped structure of the same data: SKU x warehouse under its warehouse
# and under its SKU, SKU -> category -> company (parents as a 2-D array,
# from GROUPING SETS).  Every node (1,515 series) gets a base forecast and
# in-sample errors from the same rule (scripts/demo/include/reconcile-base.sql,
# shared with the demo step 65-reconcile.sql), chosen by RC_BASE:
#
#   mstl (default): 'mstl' with ARRAY[7, 365] on the training days (the
#     yearly period needs 731 days, so it is dropped and the model is
#     weekly STL + ETS); sees neither promotions nor holidays.
#   arimax: regression with ARIMA(1,0,1) errors ('arima(1,0,1)', the
#     same order for every node, chosen before looking at the scores) on
#     what a planner knows for every node alike (rcsample.cal and the
#     node's promotion share): a linear trend t/365.25, the yearly Fourier
#     pair sin/cos(2 pi t / 365.25) (fourier_terms), six day-of-week
#     dummies (day_of_week_dummies), one 0/1 column per holiday name that
#     falls in the training days (holiday_indicator over all of that
#     name's days: 16 names, 26 columns), and the promotion share: the mean discount of the
#     node's SKU-locations that day weighted by their mean daily units over
#     the training days (for an SKU-location its own discount).  Columns
#     that are constant over the training days are dropped for that node
#     (e.g. no promotion in the SKU's history).  A node whose fit fails
#     gets the mstl rule (counted and printed).  Fitted once
#     (forecast_fit), forecasts from forecast_predict, errors from
#     forecast_model_residuals(model, y, xreg, horizon).
#   arimax_pool: arimax, except that a holiday name seen in only one year
#     of the training days has no column of its own: one relative effect
#     for every node, the company's uplift on its days (rb_pool_mult),
#     divided out of y before the fit and multiplied back into the
#     forecasts and in-sample errors of those days.
#   arimax_pool_all (session 9, not kept): arimax_pool with every holiday
#     name of the training days pooled that way (rb_pool_all), not only the
#     names seen in one year.
#   arimax_pool_d1 (session 9, not kept): arimax_pool with ARIMA(1,1,1)
#     errors ('arima(1,1,1)', a drift instead of the trend column), so that
#     the level at the origin carries into the forecasts.
#   arimax_pool_k (session 10): arimax_pool with k yearly Fourier pairs
#     instead of one, k in 1 .. 10 chosen once per origin by the AICc of the
#     company's arimax fit (rb_fourier, printed), the same k for every node;
#     chooses k = 1, i.e. arimax_pool itself, at origins 675, 619, 563 and
#     494 (session 10), so not kept.
#
# Residuals: the one-step in-sample errors (mint_shrink, wls_var) and the
# RC_WH-step errors (mint_shrink_h), default 28 = ceil(H/2) for the H = 56
# steps: one reconciliation for all H steps minimises the summed error
# variance with the mean of W_1 .. W_H, which is W_{(H+1)/2} when W_h grows
# linearly in h (doc/forecast.md, "W from h-step errors"); mint_shrink_xh:
# W from the one-step residuals without the training days that carry a
# holiday.  Reconciled by bottom_up, ols, wls_struct, wls_var, mint_shrink,
# mint_shrink_h and mint_shrink_xh.
# R's MinT (hts::MinT(covariance = "shr") computed densely: S, the
# Schaefer-Strimmer shrunk W of hts::shrink.estim, solve()) runs on the same
# base forecasts and residuals in the same run; its MASE and its largest
# relative difference to ours are printed (BENCH_R=0 skips it).
# RC_TRAIN=n (default 675) moves the forecast origin: n training days and
# the 56 days after them held back (e.g. RC_TRAIN=494: May/June 2025).
# The base forecasts are fitted by two psql sessions (half the nodes each).
# Score: MASE per series (mean absolute error over the 56 days / in-sample
# mean absolute seasonal difference at lag 7), averaged over the series
# of each level.  Run by `make bench` (loads the sample data if missing).
set -euo pipefail
cd "$(dirname "$0")/.."

export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
train=${RC_TRAIN:-675}
wh=${RC_WH:-28}
base=${RC_BASE:-mstl}
if ! [ "$train" -ge 400 ] 2>/dev/null || [ "$train" -gt 675 ]; then
	echo "RC_TRAIN must be 400 .. 675, got $train" >&2
	exit 1
fi
if ! [ "$wh" -ge 1 ] 2>/dev/null || [ "$wh" -gt 200 ]; then
	echo "RC_WH must be 1 .. 200, got $wh" >&2
	exit 1
fi
case "$base" in mstl | arimax | arimax_pool | arimax_pool_all | arimax_pool_d1 | arimax_pool_k) ;; *)
	echo "RC_BASE must be mstl, arimax, arimax_pool, arimax_pool_all, arimax_pool_d1 or arimax_pool_k, got $base" >&2
	exit 1
	;;
esac
# x carries 10 yearly Fourier pairs for arimax_pool_k (it chooses k), one
# for the other rules
kmax=1
[ "$base" = arimax_pool_k ] && kmax=10
psql() {
	command psql -X -q -v ON_ERROR_STOP=1 -v n="$train" -v n1=$((train + 1)) \
		-v e=$((train + 56)) -v wh="$wh" -v base="$base" -v kmax="$kmax" "$@"
}
now() { date +%s.%N; }

if [ "$(psql -At -c "SELECT to_regclass('sample.daily_sales') IS NOT NULL")" != t ]; then
	echo "loading the sample company ..."
	psql -f scripts/data/10-sample.sql >/dev/null
fi

t0=$(now)
psql <<'SQL'
DROP SCHEMA IF EXISTS rcsample CASCADE;
CREATE SCHEMA rcsample;
-- the daily units, discounts, weights, calendar and the rule (rb_fit)
\set rb_schema rcsample
\set rb_n :n
\set rb_kmax :kmax
\i scripts/demo/include/reconcile-base.sql
-- Every node of both structures, from GROUPING SETS: units and the
-- promotion share per day.  g: 0 SKU x warehouse, 3 warehouse, 4 SKU,
-- 5 category, 7 company.
CREATE TABLE rcsample.gseries AS
SELECT CASE g WHEN 0 THEN concat_ws('/', 'company', warehouse_id, sku_id)
			  WHEN 3 THEN concat_ws('/', 'company', warehouse_id)
			  WHEN 4 THEN 'sku/' || sku_id
			  WHEN 5 THEN 'category/' || category
			  ELSE 'company' END AS node,
	   CASE g WHEN 0 THEN ARRAY[concat_ws('/', 'company', warehouse_id), 'sku/' || sku_id]
			  WHEN 3 THEN ARRAY['company', NULL]
			  WHEN 4 THEN ARRAY['category/' || category, NULL]
			  WHEN 5 THEN ARRAY['company', NULL]
			  ELSE ARRAY[NULL, NULL] END AS parents,
	   CASE g WHEN 0 THEN 'sku x warehouse' WHEN 3 THEN 'warehouse' WHEN 4 THEN 'sku'
			  WHEN 5 THEN 'category' ELSE 'company' END AS level,
	   array_agg(qty ORDER BY day) AS y,
	   array_agg(promo ORDER BY day) AS promo
FROM (SELECT d.warehouse_id, d.category, d.sku_id, d.day, sum(d.qty) AS qty,
			 coalesce(sum(w.w * d.discount) / nullif(sum(w.w), 0), 0) AS promo,
			 GROUPING(d.warehouse_id, d.category, d.sku_id) AS g
	  FROM rcsample.rb_daily d JOIN rcsample.rb_weight w USING (warehouse_id, sku_id)
	  GROUP BY d.day, GROUPING SETS ((d.warehouse_id, d.category, d.sku_id),
									 (d.warehouse_id), (d.category, d.sku_id),
									 (d.category), ())) s
GROUP BY warehouse_id, category, sku_id, g;
-- the tree: SKU x warehouse -> warehouse -> company
CREATE TABLE rcsample.series AS
SELECT node, CASE level WHEN 'sku x warehouse' THEN parents[1]
						WHEN 'warehouse' THEN 'company' END AS parent, level
FROM rcsample.gseries WHERE level IN ('sku x warehouse', 'warehouse', 'company');
ALTER TABLE rcsample.gseries ADD COLUMN id serial;
CREATE TABLE rcsample.nb (node text PRIMARY KEY, fc float8[], resid float8[],
						  resid_h float8[], base_model text);
SQL
# two sessions, half the nodes each
pids=()
for half in 0 1; do
	psql -v half="$half" <<'SQL' &
SET max_parallel_workers_per_gather = 0;
INSERT INTO rcsample.nb
SELECT g.node, (f).fc, (f).resid, (f).resid_h, (f).base_model
FROM rcsample.gseries g,
	 (SELECT cols, mult, 1 AS k FROM rcsample.rb_pool
	   WHERE :'base' NOT IN ('arimax_pool_all', 'arimax_pool_k')
	  UNION ALL SELECT cols, mult, 1 FROM rcsample.rb_pool_all WHERE :'base' = 'arimax_pool_all'
	  UNION ALL SELECT cols, mult, k FROM rcsample.rb_pool_k WHERE :'base' = 'arimax_pool_k') p,
	 LATERAL (SELECT rcsample.rb_fit(g.y, (SELECT array_agg(c.x || ARRAY[g.promo[c.i]] ORDER BY c.i)
										   FROM rcsample.rb_cal c),
									 :n, 56, :wh, :'base', p.cols, p.mult, p.k) AS f) s
WHERE g.id % 2 = :half;
SQL
	pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid"; done
psql <<'SQL'
CREATE TABLE rcsample.gbase AS
SELECT g.node, g.parents, g.level, g.y[1:(:n)] AS train, g.y[(:n1):(:e)] AS test,
	   b.fc, b.resid, b.resid_h, b.base_model,
	   -- the one-step residuals without the training days that carry a
	   -- holiday (mint_shrink_xh)
	   ARRAY(SELECT e FROM unnest(b.resid) WITH ORDINALITY u(e, t)
			 WHERE t NOT IN (SELECT c.i FROM rcsample.rb_cal c JOIN sample.holiday h USING (day))
			 ORDER BY t) AS resid_xh,
	   (SELECT avg(abs(g.y[t] - g.y[t - 7])) FROM generate_series(8, :n) t) AS scale
FROM rcsample.gseries g JOIN rcsample.nb b USING (node);
CREATE TABLE rcsample.base AS
SELECT s.node, s.parent, s.level, b.train, b.test, b.fc, b.resid, b.resid_h, b.resid_xh, b.scale
FROM rcsample.series s JOIN rcsample.gbase b USING (node);
SQL
t1=$(now)
if [ "$base" = arimax_pool_k ]; then
	echo "yearly Fourier pairs k: AICc of the company's arimax fit (rb_fourier):"
	psql -P footer=off -c "SELECT k, round(aicc::numeric, 2) AS aicc, chosen FROM rcsample.rb_fourier ORDER BY k"
fi
printf 'base forecasts and residuals (rule %s) of %s series: %.1f s\n' "$base" \
	"$(psql -At -c 'SELECT count(*) FROM rcsample.gbase')" "$(echo "$t1 - $t0" | bc -l)"
psql -P footer=off -c "SELECT level, base_model, count(*) AS nodes FROM rcsample.gbase
	GROUP BY 1, 2 ORDER BY 1, 3 DESC"

t1=$(now)
psql <<'SQL'
CREATE TABLE rcsample.rec AS
SELECT m.method, r.node, r.step, r.forecast
FROM (SELECT array_agg(node) n, array_agg(parent) p, array_agg(fc) f, array_agg(resid) e
	  FROM rcsample.base) b,
	 unnest(ARRAY['bottom_up', 'ols', 'wls_struct', 'wls_var', 'mint_shrink']) m(method),
	 logistics.reconcile(b.n, b.p, b.f, m.method, b.e) r;
INSERT INTO rcsample.rec
SELECT 'mint_shrink_h', r.node, r.step, r.forecast
FROM (SELECT array_agg(node) n, array_agg(parent) p, array_agg(fc) f, array_agg(resid_h) e
	  FROM rcsample.base) b,
	 logistics.reconcile(b.n, b.p, b.f, 'mint_shrink', b.e) r;
INSERT INTO rcsample.rec
SELECT 'mint_shrink_xh', r.node, r.step, r.forecast
FROM (SELECT array_agg(node) n, array_agg(parent) p, array_agg(fc) f, array_agg(resid_xh) e
	  FROM rcsample.base) b,
	 logistics.reconcile(b.n, b.p, b.f, 'mint_shrink', b.e) r;
INSERT INTO rcsample.rec
SELECT 'base', node, s, fc[s] FROM rcsample.base, generate_series(1, 56) s;
CREATE TABLE rcsample.grec AS
SELECT m.method, r.node, r.step, r.forecast
FROM (SELECT array_agg(node) n, array_agg(parents) p, array_agg(fc) f, array_agg(resid) e
	  FROM rcsample.gbase) b,
	 unnest(ARRAY['bottom_up', 'ols', 'wls_struct', 'wls_var', 'mint_shrink']) m(method),
	 logistics.reconcile(b.n, b.p, b.f, m.method, b.e) r;
INSERT INTO rcsample.grec
SELECT 'mint_shrink_h', r.node, r.step, r.forecast
FROM (SELECT array_agg(node) n, array_agg(parents) p, array_agg(fc) f, array_agg(resid_h) e
	  FROM rcsample.gbase) b,
	 logistics.reconcile(b.n, b.p, b.f, 'mint_shrink', b.e) r;
INSERT INTO rcsample.grec
SELECT 'mint_shrink_xh', r.node, r.step, r.forecast
FROM (SELECT array_agg(node) n, array_agg(parents) p, array_agg(fc) f, array_agg(resid_xh) e
	  FROM rcsample.gbase) b,
	 logistics.reconcile(b.n, b.p, b.f, 'mint_shrink', b.e) r;
INSERT INTO rcsample.grec
SELECT 'base', node, s, fc[s] FROM rcsample.gbase, generate_series(1, 56) s;
SQL
t2=$(now)
printf 'tree %s nodes, grouped %s nodes: 14 reconciliations %.1f s\n' \
	"$(psql -At -c 'SELECT count(*) FROM rcsample.base')" \
	"$(psql -At -c 'SELECT count(*) FROM rcsample.gbase')" "$(echo "$t2 - $t1" | bc -l)"
echo "MASE (lag-7 scale) over the 56 held-back days after day $train, mean over the series of each level (mint_shrink_h: W from $wh-step errors):"
psql -P footer=off <<'SQL'
SELECT structure, level, count(DISTINCT node) AS series,
	   round(avg(mase) FILTER (WHERE method = 'base'), 4) AS base,
	   round(avg(mase) FILTER (WHERE method = 'bottom_up'), 4) AS bottom_up,
	   round(avg(mase) FILTER (WHERE method = 'ols'), 4) AS ols,
	   round(avg(mase) FILTER (WHERE method = 'wls_struct'), 4) AS wls_struct,
	   round(avg(mase) FILTER (WHERE method = 'wls_var'), 4) AS wls_var,
	   round(avg(mase) FILTER (WHERE method = 'mint_shrink'), 4) AS mint_shrink,
	   round(avg(mase) FILTER (WHERE method = 'mint_shrink_h'), 4) AS mint_shrink_h,
	   round(avg(mase) FILTER (WHERE method = 'mint_shrink_xh'), 4) AS mint_shrink_xh
FROM (SELECT 'tree' AS structure, b.level, b.node, r.method,
			 (avg(abs(b.test[r.step] - r.forecast)) / nullif(b.scale, 0))::numeric AS mase
	  FROM rcsample.base b JOIN rcsample.rec r USING (node)
	  GROUP BY b.level, b.node, r.method, b.scale
	  UNION ALL
	  SELECT 'grouped', b.level, b.node, r.method,
			 (avg(abs(b.test[r.step] - r.forecast)) / nullif(b.scale, 0))::numeric
	  FROM rcsample.gbase b JOIN rcsample.grec r USING (node)
	  GROUP BY b.level, b.node, r.method, b.scale) s
GROUP BY structure, level
ORDER BY structure DESC,
		 array_position(ARRAY['company', 'warehouse', 'category', 'sku', 'sku x warehouse'], level);
SQL

# MinT minimises the squared error; the same table in RMSE (units/day,
# mean over the series of each level).
echo "RMSE (units/day) over the same 56 days, mean over the series of each level:"
psql -P footer=off <<'SQL'
SELECT structure, level,
	   round(avg(rmse) FILTER (WHERE method = 'base'), 2) AS base,
	   round(avg(rmse) FILTER (WHERE method = 'bottom_up'), 2) AS bottom_up,
	   round(avg(rmse) FILTER (WHERE method = 'mint_shrink'), 2) AS mint_shrink,
	   round(avg(rmse) FILTER (WHERE method = 'mint_shrink_h'), 2) AS mint_shrink_h,
	   round(avg(rmse) FILTER (WHERE method = 'mint_shrink_xh'), 2) AS mint_shrink_xh
FROM (SELECT 'tree' AS structure, b.level, b.node, r.method,
			 sqrt(avg((b.test[r.step] - r.forecast) ^ 2))::numeric AS rmse
	  FROM rcsample.base b JOIN rcsample.rec r USING (node)
	  GROUP BY 1, 2, 3, 4
	  UNION ALL
	  SELECT 'grouped', b.level, b.node, r.method,
			 sqrt(avg((b.test[r.step] - r.forecast) ^ 2))::numeric
	  FROM rcsample.gbase b JOIN rcsample.grec r USING (node)
	  GROUP BY 1, 2, 3, 4) s
GROUP BY structure, level
ORDER BY structure DESC,
		 array_position(ARRAY['company', 'warehouse', 'category', 'sku', 'sku x warehouse'], level);
SQL

# Why MinT can lose at the top: W is estimated from in-sample one-step
# residuals, but the score is on 1..56-step forecasts.  Root mean square of
# the held-back errors over that of the residuals, and the mean held-back
# error in residual standard deviations, per level (base forecasts).
echo "base forecasts: held-back RMSE / in-sample residual RMS, and mean held-back error / residual RMS:"
psql -P footer=off <<'SQL'
SELECT level, count(*) AS series,
	   round(avg(sqrt((SELECT avg((test[s] - fc[s]) ^ 2) FROM generate_series(1, 56) s))
				 / sqrt((SELECT avg(e * e) FROM unnest(resid) e)))::numeric, 3) AS rmse_ratio,
	   round(avg((SELECT avg(test[s] - fc[s]) FROM generate_series(1, 56) s)
				 / sqrt((SELECT avg(e * e) FROM unnest(resid) e)))::numeric, 3) AS bias_ratio
FROM rcsample.gbase GROUP BY level
ORDER BY array_position(ARRAY['company', 'warehouse', 'category', 'sku', 'sku x warehouse'], level);
SQL

# Does W have grounds to prefer an aggregate's own model to the sum of its
# leaves?  In-sample one-step residual RMS of each tree aggregate against
# that of the sum of its SKU x warehouse residuals (bottom-up's in-sample
# errors), and the same two on the held-back days (RMSE).
echo "tree aggregates: base vs bottom-up, in-sample residual RMS and held-back RMSE (units/day):"
psql -P footer=off <<'SQL'
-- in-sample one-step residual RMS of each aggregate's base model against
-- that of the sum of its SKU x warehouse residuals (bottom-up's in-sample
-- errors), and the same on the held-back days (RMSE)
WITH agg AS (
	SELECT b.node AS agg, b.level, l.node AS leaf
	FROM rcsample.base b JOIN rcsample.base l
	  ON l.level = 'sku x warehouse' AND (b.level = 'company' OR l.parent = b.node)
	WHERE b.level <> 'sku x warehouse'),
s AS (
	SELECT a.agg, a.level, t, sum(l.resid[t]) AS e
	FROM agg a JOIN rcsample.base l ON l.node = a.leaf,
		 generate_series(1, cardinality(l.resid)) t
	GROUP BY 1, 2, 3),
h AS (
	SELECT a.agg, r.step AS s, sum(r.forecast) AS bu
	FROM agg a JOIN rcsample.rec r ON r.node = a.leaf AND r.method = 'base'
	GROUP BY 1, 2)
SELECT b.level, count(*) AS series,
	   round(avg(sqrt((SELECT avg(e * e) FROM unnest(b.resid) e)))::numeric, 1) AS base_resid_rms,
	   round(avg((SELECT sqrt(avg(e * e)) FROM s WHERE s.agg = b.node))::numeric, 1) AS bu_resid_rms,
	   round(avg(sqrt((SELECT avg((b.test[s] - b.fc[s]) ^ 2) FROM generate_series(1, 56) s)))::numeric, 1) AS base_heldback_rmse,
	   round(avg((SELECT sqrt(avg((b.test[h.s] - h.bu) ^ 2)) FROM h WHERE h.agg = b.node))::numeric, 1) AS bu_heldback_rmse
FROM rcsample.base b WHERE b.level <> 'sku x warehouse'
GROUP BY b.level ORDER BY 2;
SQL

if [ "${BENCH_R:-1}" = 0 ] || ! command -v Rscript >/dev/null; then
	echo "R not available: R's MinT on the same data skipped"
	exit 0
fi
rdir=$(mktemp -d /tmp/logistics-rcsample.XXXXXX)
trap 'rm -rf "$rdir"' EXIT
# one line per node: node;parents (a|b);level;scale;base;resid;test;ours
export_nodes() {
	psql -At -F ';' -c "SELECT b.node, $2, b.level, b.scale,
		array_to_string(b.fc, ','), array_to_string(b.resid, ','),
		array_to_string(b.test, ','),
		(SELECT string_agg(r.forecast::text, ',' ORDER BY r.step) FROM $3 r
		 WHERE r.node = b.node AND r.method = 'mint_shrink')
		FROM $1 b ORDER BY b.node" >"$4"
}
export_nodes rcsample.base "coalesce(b.parent, 'NA')" rcsample.rec "$rdir/tree.txt"
export_nodes rcsample.gbase "coalesce(b.parents[1], 'NA') || '|' || coalesce(b.parents[2], 'NA')" \
	rcsample.grec "$rdir/grouped.txt"
cat >"$rdir/peer.R" <<'R'
# hts::MinT(covariance = "shr") written out densely: S from the parents,
# W = lambda diag(Sigma) + (1 - lambda) Sigma with Sigma = E'E / T and
# lambda of hts::shrink.estim (Schaefer & Strimmer 2005, target the
# diagonal), y~ = S (S'W^-1 S)^-1 S'W^-1 y^.
f <- commandArgs(TRUE)[1]
x <- read.table(f, sep = ";", quote = "", comment.char = "", as.is = TRUE)
nodes <- x$V1; n <- length(nodes)
num <- function(col) do.call(rbind, lapply(strsplit(col, ",", fixed = TRUE), as.numeric))
base <- num(x$V5); E <- num(x$V6); test <- num(x$V7); ours <- num(x$V8)
T <- ncol(E)
plist <- lapply(strsplit(x$V2, "|", fixed = TRUE), function(p) match(p[p != "NA"], nodes))
leaves <- which(!(seq_len(n) %in% unlist(plist)))
S <- matrix(0, n, length(leaves))
for (k in seq_along(leaves)) {
	todo <- leaves[k]
	while (length(todo)) { S[todo, k] <- 1; todo <- unique(unlist(plist[todo])) }
}
t0 <- proc.time()[["elapsed"]]
e <- t(E)
covm <- crossprod(e) / T
tar <- diag(diag(covm))
corm <- cov2cor(covm)
xs <- scale(e, center = FALSE, scale = sqrt(diag(covm)))
v <- (1 / (T * (T - 1))) * (crossprod(xs^2) - 1 / T * (crossprod(xs))^2)
diag(v) <- 0
lambda <- max(min(sum(v) / sum((corm - cov2cor(tar))^2), 1), 0)
W <- lambda * tar + (1 - lambda) * covm
Wi <- solve(W)
mint <- S %*% solve(t(S) %*% Wi %*% S, t(S) %*% Wi %*% base)
secs <- proc.time()[["elapsed"]] - t0
mase <- rowMeans(abs(test - mint)) / x$V4
mb <- rowMeans(abs(test - base)) / x$V4
lv <- c("company", "warehouse", "category", "sku", "sku x warehouse")
for (l in lv[lv %in% x$V3])
	cat(sprintf("  %-16s base %.4f  R MinT(shrink) %.4f\n", l,
				mean(mb[x$V3 == l]), mean(mase[x$V3 == l])))
# elementwise, and relative to each node's largest |forecast| (near-zero
# SKU forecasts make the first large when both agree to the last digits)
cat(sprintf("  lambda %.6f, R %.1f s, max difference ours - R: %.3g relative, %.3g of the node's largest forecast\n",
			lambda, secs, max(abs(ours - mint) / pmax(abs(mint), 1e-300)),
			max(abs(ours - mint) / pmax(apply(abs(mint), 1, max), 1e-300))))
R
echo "R hts-style MinT(shrink) on the same base forecasts and residuals (MASE):"
echo " tree:"
Rscript "$rdir/peer.R" "$rdir/tree.txt"
echo " grouped:"
Rscript "$rdir/peer.R" "$rdir/grouped.txt"
