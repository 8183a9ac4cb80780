-- make demo: several seasonalities and reconciliation on the sample company.
-- 1. The MSTL decomposition (weekly and yearly, ARRAY[7, 365]) of the daily
--    demand of one seasonal SKU over all 731 days: the size of each part.
-- 2. Forecasts per SKU x warehouse, warehouse and company for December 2025
--    (the 700 days before it are the history) by two base rules applied to
--    every node alike (include/reconcile-base.sql): 'mstl' (weekly STL +
--    ETS: the yearly period needs 731 days, so mstl keeps the weekly one
--    and says so) and 'arimax_pool' (regression with ARIMA errors on what
--    a planner knows: trend, yearly and weekly terms, one column per
--    holiday name seen in two years of the history, one relative effect
--    shared by every node, the company's, for the names seen in one year
--    only (the November and December ones), the promotion share),
--    reconciled by
--    bottom_up and mint_shrink (W from one-step residuals, and W from the
--    16-step in-sample errors: ceil(31 / 2), doc/forecast.md "W from h-step
--    errors"), and the accuracy per level (MASE, lag-7 in-sample scale)
--    before and after.
--    bench/reconcile_sample.sh does the same with every method, the grouped
--    structure and 56 held-back days at four origins.  Session 8 run (6.5
--    min), MASE base / bottom_up / mint_shrink: arimax_pool company 0.602 /
--    0.593 / 0.596, warehouse 0.749 / 0.756 / 0.752, SKU x warehouse 0.807;
--    mstl company 3.342 / 3.496 / 3.469 (doc/forecast.md).
-- Only temporary tables are created; the sample data is read, not changed.
SET TimeZone = 'UTC';
SET client_min_messages = warning;

\echo '== Several seasonalities and reconciliation (scripts/demo/65-reconcile.sql)'
SELECT to_regclass('sample.daily_sales') IS NOT NULL AS have_sample \gset
\if :have_sample

-- the daily units with discounts and the calendar regressors, and the rule
-- that gives every node its base forecast (include/reconcile-base.sql)
\set rb_schema pg_temp
\set rb_n 700
\ir include/reconcile-base.sql

\echo 'MSTL of the first seasonal SKU at its first warehouse, 2024-2025 (units/day):'
SELECT m.component, m.season_length,
       round(min(m.value)::numeric, 2) AS min_units, round(max(m.value)::numeric, 2) AS max_units,
       round(stddev(m.value)::numeric, 2) AS sd_units
  FROM (SELECT array_agg(qty ORDER BY day) AS y
          FROM rb_daily
         WHERE (warehouse_id, sku_id) = (SELECT sl.warehouse_id, sl.sku_id
                                           FROM sample.sku_location sl JOIN sample.sku k USING (sku_id)
                                          WHERE k.pattern = 'seasonal'
                                          ORDER BY sl.sku_id, sl.warehouse_id LIMIT 1)) AS s,
       logistics.mstl(s.y, ARRAY[7, 365]) AS m
 GROUP BY m.component, m.season_length
 ORDER BY m.component, m.season_length;


-- every node of SKU x warehouse -> warehouse -> company, straight from
-- ROLLUP, with its promotion share (the demand-weighted mean discount)
CREATE TEMP TABLE rc_series AS
SELECT concat_ws('/', 'company', warehouse_id, sku_id) AS node,
       CASE g WHEN 0 THEN concat_ws('/', 'company', warehouse_id)
              WHEN 1 THEN 'company' END AS parent,
       CASE g WHEN 0 THEN 'sku x warehouse' WHEN 1 THEN 'warehouse'
              ELSE 'company' END AS level,
       array_agg(qty ORDER BY day) AS y,
       array_agg(promo ORDER BY day) AS promo
  FROM (SELECT d.warehouse_id, d.sku_id, d.day, sum(d.qty) AS qty,
               coalesce(sum(w.w * d.discount) / nullif(sum(w.w), 0), 0) AS promo,
               GROUPING(d.warehouse_id, d.sku_id) AS g
          FROM rb_daily AS d JOIN rb_weight AS w USING (warehouse_id, sku_id)
         GROUP BY d.day, ROLLUP (d.warehouse_id, d.sku_id)) AS s
 GROUP BY warehouse_id, sku_id, g;

SET client_min_messages = notice;
\echo 'Base forecasts for December 2025 (mstl drops the yearly period on 700 days):'
SELECT array_length(logistics.forecast(y[1:700], 31, 'mstl', ARRAY[7, 365]), 1) AS days
  FROM rc_series WHERE node = 'company';
SET client_min_messages = warning;
-- two rules for every node: 'mstl' (sees neither promotions nor holidays)
-- and 'arimax_pool' (regression with ARIMA(1,0,1) errors on trend, yearly
-- Fourier pair, day of week, a column per holiday name seen in two years
-- of the 700 days, the company's relative effect for the names seen in
-- one year (rb_pool), and the promotion share; about 0.3 s of CPU per
-- node, several minutes for the 1,007 nodes)
\echo 'Fitting both rules to the 1,007 nodes (a few minutes) ...'
CREATE TEMP TABLE rc_base AS
SELECT r.rule, s.node, s.parent, s.level, s.y[701:731] AS actual,
       (f).fc, (f).resid, (f).resid_h AS resid16, (f).base_model,
       (SELECT avg(abs(s.y[t] - s.y[t - 7])) FROM generate_series(8, 700) AS t) AS scale
  FROM rc_series AS s
 CROSS JOIN (VALUES ('mstl'), ('arimax_pool')) AS r(rule)
 CROSS JOIN LATERAL (SELECT pg_temp.rb_fit(s.y, (SELECT array_agg(c.x || ARRAY[s.promo[c.i]] ORDER BY c.i)
                                                  FROM rb_cal AS c),
                                           700, 31, 16, r.rule, (SELECT cols FROM rb_pool),
                                           (SELECT mult FROM rb_pool)) AS f) AS b;
SELECT rule, base_model, count(*) AS nodes FROM rc_base GROUP BY 1, 2 ORDER BY 1 DESC, 3 DESC;

CREATE TEMP TABLE rc_rec AS
SELECT b.rule, m.method, r.node, r.step, r.forecast
  FROM (SELECT rule, array_agg(node) AS n, array_agg(parent) AS p, array_agg(fc) AS f,
               array_agg(resid) AS e FROM rc_base GROUP BY rule) AS b,
       unnest(ARRAY['bottom_up', 'mint_shrink']) AS m(method),
       logistics.reconcile(b.n, b.p, b.f, m.method, b.e) AS r
UNION ALL
SELECT b.rule, 'mint_shrink_h16', r.node, r.step, r.forecast
  FROM (SELECT rule, array_agg(node) AS n, array_agg(parent) AS p, array_agg(fc) AS f,
               array_agg(resid16) AS e FROM rc_base GROUP BY rule) AS b,
       logistics.reconcile(b.n, b.p, b.f, 'mint_shrink', b.e) AS r
UNION ALL
SELECT rule, 'base', node, s, fc[s] FROM rc_base, generate_series(1, 31) AS s;

\echo 'Accuracy per level, December 2025 (MASE, mean over the series of the level), both base rules:'
SELECT rule AS base_rule, level, count(DISTINCT node) AS series,
       round(avg(mase) FILTER (WHERE method = 'base'), 3) AS base,
       round(avg(mase) FILTER (WHERE method = 'bottom_up'), 3) AS bottom_up,
       round(avg(mase) FILTER (WHERE method = 'mint_shrink'), 3) AS mint_shrink,
       round(avg(mase) FILTER (WHERE method = 'mint_shrink_h16'), 3) AS mint_shrink_h16
  FROM (SELECT b.rule, b.level, b.node, r.method,
               (avg(abs(b.actual[r.step] - r.forecast)) / nullif(b.scale, 0))::numeric AS mase
          FROM rc_base AS b JOIN rc_rec AS r USING (rule, node)
         GROUP BY b.rule, b.level, b.node, r.method, b.scale) AS s
 GROUP BY rule, level ORDER BY rule DESC, min(length(node));

\else
\echo 'no sample data: skipped'
\endif
