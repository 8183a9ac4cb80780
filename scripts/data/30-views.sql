-- Ready-made views over the sample company (schema "sample", made by
-- 10-sample.sql), for BI tools and the demo: every column a plain type with
-- a unit-bearing name, series with a timestamptz column (doc/bi.md).
-- Run after 10-sample.sql, from psql:  psql -f scripts/data/30-views.sql
-- Results do not depend on the session's TimeZone: weeks are cut in UTC
-- and series use fixed-length buckets from UTC instants.
SET client_min_messages = warning;

DROP VIEW IF EXISTS sample.kpi_scorecard_weekly, sample.inventory_health, sample.route_plan;
DROP MATERIALIZED VIEW IF EXISTS sample.forecast_vs_actual;

-- KPI scorecard per warehouse and ISO week (weeks of the promise date, in
-- UTC): every fulfilment KPI of the week's order lines.
CREATE VIEW sample.kpi_scorecard_weekly AS
SELECT s.warehouse_id, w.code AS warehouse_code, s.week_start, k.*
FROM (SELECT l.warehouse_id,
			 pg_catalog.date_trunc('week', l.promised_at, 'UTC') AS week_start,
			 logistics.fulfillment_kpis(l.ordered_at, l.promised_at, l.delivered_at,
										l.qty_ordered, l.qty_shipped, l.qty_returned,
										NOT l.damaged, l.documents_ok) AS kpis
	  FROM sample.order_line AS l
	  GROUP BY 1, 2) AS s
JOIN sample.warehouse AS w USING (warehouse_id)
CROSS JOIN LATERAL logistics.fulfillment_kpis_flat(s.kpis) AS k;
COMMENT ON VIEW sample.kpi_scorecard_weekly IS
	'fulfilment KPIs per warehouse and week of the promise date (UTC): counts, OTIF, on-time, in-full, perfect, fill and return rates (fractions) with 95% Wilson bounds, cycle time and lateness in days';

-- Inventory health per SKU-location at the end of the history (start of
-- 31 Dec 2025).  Demand statistics are over all 731 days, days without
-- sales counting as 0 (daily_sales has no row for them); reorder point
-- and safety stock at a 95% cycle service level with the location's lead
-- time; the stock-out share is over the last 90 days' snapshots.
CREATE VIEW sample.inventory_health AS
WITH demand AS (
	SELECT l.warehouse_id, l.sku_id, l.lead_time_days, l.lead_time_sd_days,
		   coalesce(sum(d.qty), 0) / 731 AS demand_units_per_day,
		   sqrt(greatest(coalesce(sum(d.qty ^ 2), 0) - coalesce(sum(d.qty), 0) ^ 2 / 731, 0) / 730)
			   AS demand_sd_units_per_day,
		   coalesce(logistics.demand_series((d.day::timestamp AT TIME ZONE 'UTC'), d.qty,
											'24 hours', '2024-01-01 00:00+00',
											'2026-01-01 00:00+00'),
					array_fill(0::float8, ARRAY[731])) AS history
	FROM sample.sku_location AS l
	LEFT JOIN sample.daily_sales AS d USING (warehouse_id, sku_id)
	GROUP BY l.warehouse_id, l.sku_id, l.lead_time_days, l.lead_time_sd_days
), stock AS (
	SELECT warehouse_id, sku_id,
		   max(on_hand) FILTER (WHERE snapshot_at = '2025-12-31 00:00+00') AS on_hand_units,
		   max(on_hand * unit_cost) FILTER (WHERE snapshot_at = '2025-12-31 00:00+00') AS on_hand_value,
		   avg((on_hand <= 0)::int::float8) AS stockout_day_rate_90d,
		   avg(on_hand) AS avg_on_hand_units_90d
	FROM sample.stock_snapshot
	WHERE snapshot_at > '2025-10-02 00:00+00'
	GROUP BY warehouse_id, sku_id
)
SELECT d.warehouse_id, w.code AS warehouse_code, d.sku_id, k.sku, k.category,
	   '2025-12-31 00:00+00'::timestamptz AS as_of,
	   s.on_hand_units, s.on_hand_value,
	   d.demand_units_per_day, d.demand_sd_units_per_day,
	   logistics.demand_class(d.history) AS demand_class,
	   CASE WHEN d.demand_units_per_day > 0
			THEN logistics.days_of_supply(s.on_hand_units, d.demand_units_per_day) END AS days_of_supply,
	   d.lead_time_days,
	   logistics.safety_stock(0.95, d.demand_units_per_day, d.demand_sd_units_per_day,
							  d.lead_time_days, d.lead_time_sd_days) AS safety_stock_units,
	   logistics.reorder_point(0.95, d.demand_units_per_day, d.demand_sd_units_per_day,
							   d.lead_time_days, d.lead_time_sd_days) AS reorder_point_units,
	   s.on_hand_units < logistics.reorder_point(0.95, d.demand_units_per_day,
												 d.demand_sd_units_per_day, d.lead_time_days,
												 d.lead_time_sd_days) AS below_reorder_point,
	   s.avg_on_hand_units_90d, s.stockout_day_rate_90d
FROM demand AS d
JOIN stock AS s USING (warehouse_id, sku_id)
JOIN sample.warehouse AS w USING (warehouse_id)
JOIN sample.sku AS k USING (sku_id);
COMMENT ON VIEW sample.inventory_health IS
	'per SKU-location at 2025-12-31: on hand (units, value), demand per day over all days (zero-sales days count), demand class, days of supply, safety stock and reorder point at 95% (units), share of stocked-out days in the last 90 days';

-- Forecast against actual, per SKU-location and week: fitted on the 100
-- weeks 2024-01-01 .. 2025-11-30 (weeks of 168 hours from Monday 00:00
-- UTC), forecast for the 4 weeks of December 1-28, 2025 with a 95%
-- interval, next to what was sold; the 12 weeks before are history rows
-- (forecast NULL), for context in a chart.  ETS chosen by AICc (auto) for
-- smooth and erratic demand, TSB for intermittent and lumpy demand.
-- Materialized: the 1,000 fits run once here, not on every dashboard
-- refresh (REFRESH MATERIALIZED VIEW sample.forecast_vs_actual).
CREATE MATERIALIZED VIEW sample.forecast_vs_actual AS
WITH w AS (
	SELECT l.warehouse_id, l.sku_id,
		   coalesce(logistics.demand_series((d.day::timestamp AT TIME ZONE 'UTC'), d.qty,
											'168 hours', '2024-01-01 00:00+00',
											'2025-12-01 00:00+00'),
					array_fill(0::float8, ARRAY[100])) AS history,
		   coalesce(logistics.demand_series((d.day::timestamp AT TIME ZONE 'UTC'), d.qty,
											'168 hours', '2025-12-01 00:00+00',
											'2025-12-29 00:00+00'),
					array_fill(0::float8, ARRAY[4])) AS actual
	FROM sample.sku_location AS l
	LEFT JOIN sample.daily_sales AS d USING (warehouse_id, sku_id)
	GROUP BY l.warehouse_id, l.sku_id
), m AS (
	SELECT w.*, CASE WHEN logistics.demand_class(w.history) IN ('intermittent', 'lumpy')
					 THEN 'tsb' ELSE 'auto' END AS method
	FROM w
)
SELECT m.warehouse_id, m.sku_id, k.sku, k.pattern, m.method,
	   f.ts AS week_start, f.step AS weeks_ahead, m.actual[f.step] AS actual_units,
	   f.forecast AS forecast_units, f.forecast_lower AS forecast_lower_units,
	   f.forecast_upper AS forecast_upper_units
FROM m
JOIN sample.sku AS k USING (sku_id)
CROSS JOIN LATERAL logistics.forecast_series(m.history, '2024-01-01 00:00+00', '168 hours', 4,
											 m.method, 1, 0.95) AS f
UNION ALL
SELECT m.warehouse_id, m.sku_id, k.sku, k.pattern, m.method,
	   h.bucket_start, NULL, h.qty, NULL, NULL, NULL
FROM m
JOIN sample.sku AS k USING (sku_id)
CROSS JOIN LATERAL logistics.demand_series_table(m.history[89:100],
												 '2024-01-01 00:00+00'::timestamptz
												 + interval '168 hours' * 88,
												 '168 hours') AS h;
COMMENT ON MATERIALIZED VIEW sample.forecast_vs_actual IS
	'weekly units sold per SKU-location: 12 weeks of history (forecast NULL) and the 4 weeks of December 1-28, 2025 with the forecast fitted on the 100 weeks before and its 95% interval; method auto (ETS) or tsb by demand class';

-- The route plan: each own-fleet route from its warehouse through its
-- stops in the stored order and back, costed with the default cost model
-- (diesel van: 0.35/km, 30/h, 0.5/stop, 40/route, 35 km/h, 5 min/stop,
-- 210 g CO2/km); the warehouse is not a stop.
CREATE VIEW sample.route_plan AS
SELECT r.route_id, r.warehouse_id, w.code AS warehouse_code, r.route_date, r.vehicle,
	   r.departed_at, r.departed_at + c.duration_h * interval '1 hour' AS returned_at, c.*
FROM sample.delivery_route AS r
JOIN sample.warehouse AS w USING (warehouse_id)
CROSS JOIN LATERAL (
	SELECT logistics.route_cost(p.lat, p.lon, logistics.cost_model(), p.is_stop ORDER BY p.k) AS rc
	FROM (SELECT 0 AS k, w.lat, w.lon, false AS is_stop
		  UNION ALL
		  SELECT s.seq, s.lat, s.lon, true
		  FROM sample.delivery_stop AS s WHERE s.route_id = r.route_id
		  UNION ALL
		  SELECT 2147483647, w.lat, w.lon, false) AS p) AS x
CROSS JOIN LATERAL logistics.route_cost_flat(x.rc) AS c;
COMMENT ON VIEW sample.route_plan IS
	'own-fleet routes: warehouse, date, vehicle, departure and return time, distance in km, duration in hours, cost, CO2 in kg and stops (warehouse -> stops in stored order -> warehouse, default cost model)';

RESET client_min_messages;
