-- Inventory analytics on the sample company (schema sample, 2024-01-01 ..
-- 2025-12-31): turnover, days of supply, stock-outs and FIFO aging per
-- warehouse, an ABC/XYZ matrix of the SKUs, reorder points of the top SKUs.
SET TimeZone = 'UTC';

\echo
\echo '== Inventory by warehouse, 2024-01-01 .. 2025-12-31 (731 days; money at cost) =='
\echo '   avg_inventory: time_weighted_avg of the daily inventory value; turns_per_year:'
\echo '   the inventory_turnover aggregate (COGS / average inventory) scaled by 365/731;'
\echo '   days_of_supply: stock on 2025-12-31 over the average daily COGS of the last 90 days;'
\echo '   stockout: share of SKU-location time at or below zero (stockout_rate)'
WITH value_by_day AS (
	SELECT s.warehouse_id, s.snapshot_at, sum(s.on_hand * s.unit_cost) AS value
	FROM sample.stock_snapshot s
	GROUP BY 1, 2),
cogs_by_day AS (
	SELECT d.warehouse_id, d.day::timestamptz AS ts, sum(d.qty * k.unit_cost) AS cogs,
		   sum(d.qty * (k.unit_price - k.unit_cost)) AS margin, sum(d.qty) AS units
	FROM sample.daily_sales d JOIN sample.sku k USING (sku_id)
	GROUP BY 1, 2),
per_wh AS (
	SELECT v.warehouse_id,
		   logistics.time_weighted_avg(v.snapshot_at, v.value, '2026-01-01') AS avg_inventory,
		   logistics.inventory_turnover(v.snapshot_at, v.value, coalesce(c.cogs, 0), '2026-01-01') AS turnover,
		   sum(c.margin) AS margin,
		   sum(c.units) AS units_sold,
		   sum(c.cogs) FILTER (WHERE v.snapshot_at >= '2025-10-03') / 90 AS daily_cogs_90,
		   sum(v.value) FILTER (WHERE v.snapshot_at = '2025-12-31') AS value_now
	FROM value_by_day v
	LEFT JOIN cogs_by_day c ON c.warehouse_id = v.warehouse_id AND c.ts = v.snapshot_at
	GROUP BY v.warehouse_id),
stockout AS (
	SELECT warehouse_id, avg(rate) AS rate
	FROM (SELECT warehouse_id, sku_id,
				 logistics.stockout_rate(snapshot_at, on_hand, '2026-01-01') AS rate
		  FROM sample.stock_snapshot GROUP BY 1, 2) r
	GROUP BY 1),
received AS (
	SELECT warehouse_id, sum(qty) AS units
	FROM sample.stock_movement WHERE kind IN ('opening', 'receipt')
	GROUP BY 1)
SELECT w.code AS warehouse,
	   round(p.avg_inventory::numeric, 0) AS avg_inventory,
	   round((p.turnover * 365 / 731)::numeric, 2) AS turns_per_year,
	   round(logistics.days_of_supply(p.value_now, p.daily_cogs_90)::numeric, 1) AS days_of_supply,
	   round((100 * s.rate)::numeric, 2) AS stockout_pct,
	   round((logistics.gmroi(p.margin, p.avg_inventory) * 365 / 731)::numeric, 2) AS gmroi_per_year,
	   round(logistics.sell_through(p.units_sold, r.units)::numeric, 3) AS sell_through
FROM per_wh p
JOIN sample.warehouse w USING (warehouse_id)
JOIN stockout s USING (warehouse_id)
JOIN received r USING (warehouse_id)
ORDER BY w.warehouse_id;

\echo
\echo '== Stock on hand by age on 2026-01-01 (units, inventory_aging: receipts consumed FIFO) =='
SELECT w.code AS warehouse, a[1] AS "0-7 d", a[2] AS "7-14 d", a[3] AS "14-30 d",
	   a[4] AS "30-60 d", a[5] AS "60+ d"
FROM (SELECT warehouse_id,
			 logistics.inventory_aging(moved_at, qty, '2026-01-01', '{7,14,30,60}') AS a
	  FROM sample.stock_movement GROUP BY 1) m
JOIN sample.warehouse w USING (warehouse_id)
ORDER BY w.warehouse_id;

\echo
\echo '== ABC / XYZ matrix of the SKUs, 2025 =='
\echo '   ABC: abc_class of 2025 revenue (A to 80%, B to 95%); XYZ: xyz_class of the'
\echo '   coefficient of variation of weekly demand (demand_cv over the 51 full weeks'
\echo '   2025-01-06 .. 2025-12-28, weeks without sales counted as zero)'
WITH weekly AS (
	SELECT sku_id, date_trunc('week', day) AS week, sum(qty) AS qty
	FROM sample.daily_sales
	WHERE day BETWEEN '2025-01-06' AND '2025-12-28'
	GROUP BY 1, 2),
xyz AS (
	SELECT sku_id, logistics.xyz_class(logistics.demand_cv(qty, 51)) AS xyz
	FROM weekly GROUP BY sku_id),
revenue AS (
	SELECT k.sku_id, coalesce(sum(d.qty * k.unit_price), 0) AS revenue
	FROM sample.sku k
	LEFT JOIN sample.daily_sales d ON d.sku_id = k.sku_id AND d.day >= '2025-01-01'
	GROUP BY k.sku_id),
classes AS (
	SELECT r.sku_id, r.revenue, logistics.abc_class(r.revenue) OVER () AS abc,
		   coalesce(x.xyz, 'Z') AS xyz
	FROM revenue r LEFT JOIN xyz x USING (sku_id))
SELECT abc,
	   count(*) FILTER (WHERE xyz = 'X') AS x,
	   count(*) FILTER (WHERE xyz = 'Y') AS y,
	   count(*) FILTER (WHERE xyz = 'Z') AS z,
	   count(*) AS skus,
	   round((100 * sum(revenue) / sum(sum(revenue)) OVER ())::numeric, 1) AS revenue_pct
FROM classes
GROUP BY abc ORDER BY abc;

\echo
\echo '== Reorder points of the ten SKU-locations with the most 2025 revenue =='
\echo '   daily demand mean and sd over the 365 days of 2025 (days without sales = 0);'
\echo '   lead time and its sd in days from sku_location; EOQ with holding cost ='
\echo '   holding_rate * unit_cost per year; ROP at a 95% cycle service level and at a'
\echo '   99% fill rate with the EOQ as order quantity'
WITH demand AS (
	SELECT warehouse_id, sku_id, sum(qty) AS total, sum(qty * qty) AS total_sq
	FROM sample.daily_sales WHERE day >= '2025-01-01'
	GROUP BY 1, 2),
stats AS (
	SELECT d.*, d.total / 365 AS mean,
		   sqrt(greatest(d.total_sq - d.total * d.total / 365, 0) / 364) AS sd
	FROM demand d),
top AS (
	SELECT s.*, k.sku, k.pattern, k.unit_cost, k.unit_price, k.order_cost, k.holding_rate,
		   l.lead_time_days, l.lead_time_sd_days
	FROM stats s
	JOIN sample.sku k USING (sku_id)
	JOIN sample.sku_location l USING (warehouse_id, sku_id)
	ORDER BY s.total * k.unit_price DESC
	LIMIT 10)
SELECT w.code AS wh, t.sku, t.pattern,
	   round(t.mean::numeric, 1) AS demand_day, round(t.sd::numeric, 1) AS sd_day,
	   t.lead_time_days AS lt, t.lead_time_sd_days AS lt_sd,
	   round(logistics.safety_stock(0.95, t.mean, t.sd, t.lead_time_days, t.lead_time_sd_days)::numeric, 0) AS ss_95,
	   round(logistics.reorder_point(0.95, t.mean, t.sd, t.lead_time_days, t.lead_time_sd_days)::numeric, 0) AS rop_95,
	   round(q.eoq::numeric, 0) AS eoq,
	   round(logistics.reorder_point_fill_rate(0.99, q.eoq, t.mean, t.sd, t.lead_time_days, t.lead_time_sd_days)::numeric, 0) AS rop_fr99,
	   s.on_hand AS on_hand_now
FROM top t
JOIN sample.warehouse w USING (warehouse_id)
CROSS JOIN LATERAL (SELECT logistics.eoq(t.mean * 365, t.order_cost, t.holding_rate * t.unit_cost) AS eoq) q
LEFT JOIN sample.stock_snapshot s
	ON s.warehouse_id = t.warehouse_id AND s.sku_id = t.sku_id AND s.snapshot_at = '2025-12-31'
ORDER BY t.total * t.unit_price DESC;
