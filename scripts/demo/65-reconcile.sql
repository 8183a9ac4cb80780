-- make demo: several seasonalities and reconciliation on the sample company.
-- 1. The MSTL decomposition (weekly and yearly, ARRAY[7, 365]) of the daily
--    demand of one seasonal SKU over all 731 days: the size of each part.
-- 2. Forecasts per SKU x warehouse, warehouse and company for December 2025
--    (the 700 days before it are the history; the yearly period needs 731
--    days, so mstl keeps the weekly one and says so), reconciled by
--    bottom_up and mint_shrink (W from one-step residuals, and W from the
--    16-step in-sample errors: ceil(31 / 2), doc/forecast.md "W from h-step
--    errors"), and the accuracy per level (MASE, lag-7 in-sample scale)
--    before and after.  bench/reconcile_sample.sh does the
--    same with every method and 56 held-back days.
-- Only temporary tables are created; the sample data is read, not changed.
SET TimeZone = 'UTC';
SET client_min_messages = warning;

\echo '== Several seasonalities and reconciliation (scripts/demo/65-reconcile.sql)'
SELECT to_regclass('sample.daily_sales') IS NOT NULL AS have_sample \gset
\if :have_sample

CREATE TEMP TABLE rc_daily AS
SELECT sl.warehouse_id, sl.sku_id, d::date AS day, coalesce(s.qty, 0)::float8 AS qty
  FROM sample.sku_location AS sl
 CROSS JOIN generate_series('2024-01-01'::date, '2025-12-31', '1 day') AS d
  LEFT JOIN sample.daily_sales AS s
         ON s.sku_id = sl.sku_id AND s.warehouse_id = sl.warehouse_id AND s.day = d::date;

\echo 'MSTL of the first seasonal SKU at its first warehouse, 2024-2025 (units/day):'
SELECT m.component, m.season_length,
       round(min(m.value)::numeric, 2) AS min_units, round(max(m.value)::numeric, 2) AS max_units,
       round(stddev(m.value)::numeric, 2) AS sd_units
  FROM (SELECT array_agg(qty ORDER BY day) AS y
          FROM rc_daily
         WHERE (warehouse_id, sku_id) = (SELECT sl.warehouse_id, sl.sku_id
                                           FROM sample.sku_location sl JOIN sample.sku k USING (sku_id)
                                          WHERE k.pattern = 'seasonal'
                                          ORDER BY sl.sku_id, sl.warehouse_id LIMIT 1)) AS s,
       logistics.mstl(s.y, ARRAY[7, 365]) AS m
 GROUP BY m.component, m.season_length
 ORDER BY m.component, m.season_length;

-- every node of SKU x warehouse -> warehouse -> company, straight from ROLLUP
CREATE TEMP TABLE rc_series AS
SELECT concat_ws('/', 'company', warehouse_id, sku_id) AS node,
       CASE g WHEN 0 THEN concat_ws('/', 'company', warehouse_id)
              WHEN 1 THEN 'company' END AS parent,
       CASE g WHEN 0 THEN 'sku x warehouse' WHEN 1 THEN 'warehouse'
              ELSE 'company' END AS level,
       array_agg(qty ORDER BY day) AS y
  FROM (SELECT warehouse_id, sku_id, day, sum(qty) AS qty, GROUPING(warehouse_id, sku_id) AS g
          FROM rc_daily GROUP BY day, ROLLUP (warehouse_id, sku_id)) AS s
 GROUP BY warehouse_id, sku_id, g;

SET client_min_messages = notice;
\echo 'Base forecasts for December 2025 (mstl drops the yearly period on 700 days):'
SELECT array_length(logistics.forecast(y[1:700], 31, 'mstl', ARRAY[7, 365]), 1) AS days
  FROM rc_series WHERE node = 'company';
SET client_min_messages = warning;
CREATE TEMP TABLE rc_base AS
SELECT node, parent, level, y[701:731] AS actual,
       logistics.forecast(y[1:700], 31, 'mstl', ARRAY[7, 365]) AS fc,
       logistics.forecast_residuals(y[1:700], 'mstl', ARRAY[7, 365]) AS resid,
       logistics.forecast_residuals(y[1:700], 'mstl', ARRAY[7, 365], horizon => 16) AS resid16,
       (SELECT avg(abs(y[t] - y[t - 7])) FROM generate_series(8, 700) AS t) AS scale
  FROM rc_series;

CREATE TEMP TABLE rc_rec AS
SELECT m.method, r.node, r.step, r.forecast
  FROM (SELECT array_agg(node) AS n, array_agg(parent) AS p, array_agg(fc) AS f,
               array_agg(resid) AS e FROM rc_base) AS b,
       unnest(ARRAY['bottom_up', 'mint_shrink']) AS m(method),
       logistics.reconcile(b.n, b.p, b.f, m.method, b.e) AS r
UNION ALL
SELECT 'mint_shrink_h16', r.node, r.step, r.forecast
  FROM (SELECT array_agg(node) AS n, array_agg(parent) AS p, array_agg(fc) AS f,
               array_agg(resid16) AS e FROM rc_base) AS b,
       logistics.reconcile(b.n, b.p, b.f, 'mint_shrink', b.e) AS r
UNION ALL
SELECT 'base', node, s, fc[s] FROM rc_base, generate_series(1, 31) AS s;

\echo 'Accuracy per level, December 2025 (MASE, mean over the series of the level):'
SELECT level, count(DISTINCT node) AS series,
       round(avg(mase) FILTER (WHERE method = 'base'), 3) AS base,
       round(avg(mase) FILTER (WHERE method = 'bottom_up'), 3) AS bottom_up,
       round(avg(mase) FILTER (WHERE method = 'mint_shrink'), 3) AS mint_shrink,
       round(avg(mase) FILTER (WHERE method = 'mint_shrink_h16'), 3) AS mint_shrink_h16
  FROM (SELECT b.level, b.node, r.method,
               (avg(abs(b.actual[r.step] - r.forecast)) / nullif(b.scale, 0))::numeric AS mase
          FROM rc_base AS b JOIN rc_rec AS r USING (node)
         GROUP BY b.level, b.node, r.method, b.scale) AS s
 GROUP BY level ORDER BY min(length(node));

\else
\echo 'no sample data: skipped'
\endif
