-- make demo: the ready-made views that BI tools read (scripts/data/30-views.sql,
-- doc/bi.md): plain columns with unit-bearing names and a time column.
\echo '== BI views over the sample company (scripts/demo/80-bi.sql)'
SELECT to_regclass('sample.kpi_scorecard_weekly') IS NOT NULL AS have_views \gset
\if :have_views

\echo 'sample.kpi_scorecard_weekly: the last 4 weeks of promises in 2025, per warehouse'
SELECT warehouse_code, week_start::date AS week, order_lines,
       round(otif_rate::numeric, 3) AS otif_rate, round(otif_lower::numeric, 3) AS otif_lower,
       round(otif_upper::numeric, 3) AS otif_upper, round(fill_rate::numeric, 4) AS fill_rate,
       round(cycle_days_p90::numeric, 2) AS cycle_days_p90
  FROM sample.kpi_scorecard_weekly
 WHERE week_start >= '2025-12-01 00:00+00' AND week_start < '2025-12-29 00:00+00'
 ORDER BY week_start, warehouse_code;

\echo 'sample.inventory_health: SKU-locations below their reorder point at 2025-12-31, by warehouse'
SELECT warehouse_code, count(*) AS sku_locations,
       count(*) FILTER (WHERE below_reorder_point) AS below_reorder_point,
       round(avg(days_of_supply)::numeric, 1) AS mean_days_of_supply,
       round(avg(stockout_day_rate_90d)::numeric, 4) AS stockout_day_rate_90d
  FROM sample.inventory_health
 GROUP BY warehouse_code ORDER BY warehouse_code;

\echo 'sample.forecast_vs_actual: December 2025 weeks, all SKU-locations (units)'
SELECT week_start::date AS week, round(sum(actual_units)) AS actual_units,
       round(sum(forecast_units)::numeric) AS forecast_units,
       round(avg(CASE WHEN forecast_lower_units IS NULL THEN NULL
                      WHEN actual_units BETWEEN forecast_lower_units AND forecast_upper_units
                      THEN 1.0 ELSE 0.0 END), 3) AS coverage_95 -- share inside the 95% interval (methods with intervals)
  FROM sample.forecast_vs_actual
 WHERE weeks_ahead IS NOT NULL
 GROUP BY 1 ORDER BY 1;

\echo 'sample.route_plan: own-fleet routes per warehouse (default diesel van cost model)'
SELECT warehouse_code, count(*) AS routes, round(sum(distance_km)::numeric) AS distance_km,
       round(sum(duration_h)::numeric) AS duration_h, round(sum(route_cost)::numeric) AS route_cost,
       round(sum(co2_kg)::numeric) AS co2_kg, sum(stops) AS stops
  FROM sample.route_plan
 GROUP BY warehouse_code ORDER BY warehouse_code;
\else
\echo 'the views (scripts/data/30-views.sql) are not loaded: skipped'
\endif
