-- Multi-warehouse decisions on the sample company (scripts/demo, make demo):
-- 1. December 2025 re-sourced order batch by order batch (one batch a day,
--    against that morning's stock) by allocate_orders, side by side with
--    the nearest-warehouse habit (method => 'nearest'): shipping cost,
--    split orders, on-time share.
-- 2. A rebalancing plan from the stock of 2025-12-31 to forecast-based
--    targets: the reorder point (logistics.reorder_point, 95% cycle
--    service, demand forecast = mean daily demand of December at that
--    warehouse, the location's lead time).  The top transfers, and the
--    stock-outs within the lead time it prevents.
-- Only temporary tables are created; the sample data is read, not changed.
SET TimeZone = 'UTC';
SET client_min_messages = warning;

\echo '== Order sourcing, December 2025: allocate_orders vs nearest warehouse (scripts/demo/80-allocation.sql)'
\echo '   one batch a day against the start-of-day stock; 0.002 per unit-km, 4.00 per extra parcel,'
\echo '   dispatch 0.5 days + 800 km a day; the plan leaves unassigned what no warehouse can deliver'
\echo '   by the promise (nearest ships it late): on-time share counts unassigned lines as late'
SELECT to_regclass('sample.order_line') IS NOT NULL AS have_sample \gset
\if :have_sample

CREATE TEMP TABLE al_day AS
SELECT l.day, l.o, l.n, l.s, l.q, l.lat, l.lon, l.p, k.wh, k.sku, k.units
  FROM (SELECT (ol.ordered_at AT TIME ZONE 'UTC')::date AS day,
               array_agg(ol.order_id) AS o, array_agg(ol.line_no) AS n,
               array_agg(ol.sku_id::bigint) AS s, array_agg(ol.qty_ordered) AS q,
               array_agg(c.lat) AS lat, array_agg(c.lon) AS lon,
               array_agg(ol.promised_at) AS p
          FROM sample.order_line ol JOIN sample.customer c USING (customer_id)
         WHERE ol.ordered_at >= '2025-12-01' AND ol.ordered_at < '2026-01-01'
         GROUP BY 1) AS l
  JOIN (SELECT (snapshot_at AT TIME ZONE 'UTC')::date AS day,
               array_agg(warehouse_id::bigint) AS wh, array_agg(sku_id::bigint) AS sku,
               array_agg(greatest(on_hand, 0)) AS units
          FROM sample.stock_snapshot
         WHERE snapshot_at >= '2025-12-01' AND snapshot_at < '2026-01-01'
         GROUP BY 1) AS k USING (day);

CREATE TEMP TABLE al_plan AS
SELECT m.method, d.day, a.*
  FROM al_day d,
       (SELECT array_agg(warehouse_id::bigint ORDER BY warehouse_id) AS id,
               array_agg(lat ORDER BY warehouse_id) AS lat,
               array_agg(lon ORDER BY warehouse_id) AS lon
          FROM sample.warehouse) AS w,
       (VALUES ('optimal'), ('nearest')) AS m(method),
       logistics.allocate_orders(d.o, d.n, d.s, d.q, d.lat, d.lon, d.p,
                                 w.id, w.lat, w.lon, d.wh, d.sku, d.units,
                                 d.day::timestamptz,
                                 cost_per_km_unit => 0.002, split_penalty => 4,
                                 dispatch_days => 0.5, speed_km_per_day => 800,
                                 method => m.method) AS a;

SELECT method,
       round(sum(shipped)::numeric, 0) AS units_shipped,
       round(sum(ship_cost)::numeric, 2) AS shipping_cost,
       round((sum(ship_cost) / nullif(sum(shipped), 0))::numeric, 4) AS cost_per_unit,
       round((4 * sum(extra_parcels))::numeric, 2) AS split_penalties,
       round(avg((parcels > 1)::int), 4) AS split_order_share,
       round(sum(on_time)::numeric / nullif(sum(promised), 0), 4) AS on_time_share,
       round(sum(unassigned)::numeric, 0) AS units_unassigned,
       round(max(gap)::numeric, 6) AS worst_plan_gap
  FROM (SELECT method, day, order_id,
               sum(ship_units) AS shipped, sum(shipping_cost) AS ship_cost,
               max(order_parcels) AS parcels,
               greatest(max(order_parcels) - 1, 0) AS extra_parcels,
               count(*) FILTER (WHERE on_time) AS on_time,
               count(*) FILTER (WHERE on_time IS NOT NULL
                                OR unassigned_reason IS NOT NULL) AS promised,
               sum(unassigned_units) AS unassigned,
               max(plan_gap) AS gap
          FROM al_plan GROUP BY 1, 2, 3) AS o
 GROUP BY method ORDER BY method DESC;

\echo
\echo '== Rebalancing the stock of 2025-12-31 to forecast-based targets (logistics.rebalance)'
\echo '   forecast = mean daily demand of December 2025 at the warehouse; target = reorder point'
\echo '   (95% cycle service over the lead time); stock above target may give; 0.002 a unit-km'
CREATE TEMP TABLE al_band AS
SELECT l.warehouse_id, l.sku_id, greatest(s.on_hand, 0) AS on_hand,
       f.mean AS forecast_per_day, l.lead_time_days,
       ceil(logistics.reorder_point(0.95, f.mean, f.sd, l.lead_time_days,
                                    l.lead_time_sd_days)) AS target_units
  FROM sample.sku_location l
  JOIN sample.stock_snapshot s
    ON s.warehouse_id = l.warehouse_id AND s.sku_id = l.sku_id
   AND s.snapshot_at = '2025-12-31'
  CROSS JOIN LATERAL (
       SELECT coalesce(sum(x.qty), 0) / 31.0 AS mean,
              sqrt(greatest(coalesce(sum(x.qty * x.qty), 0) / 31.0
                            - (coalesce(sum(x.qty), 0) / 31.0) ^ 2, 0)) AS sd
         FROM (SELECT sum(ol.qty_ordered) AS qty
                 FROM sample.order_line ol
                WHERE ol.warehouse_id = l.warehouse_id AND ol.sku_id = l.sku_id
                  AND ol.ordered_at >= '2025-12-01' AND ol.ordered_at < '2026-01-01'
                GROUP BY (ol.ordered_at AT TIME ZONE 'UTC')::date) AS x) AS f;

CREATE TEMP TABLE al_moves AS
SELECT r.*
  FROM (SELECT array_agg(warehouse_id::bigint ORDER BY warehouse_id) AS id,
               array_agg(geom ORDER BY warehouse_id) AS geom
          FROM sample.warehouse) AS w,
       (SELECT array_agg(warehouse_id::bigint) AS wh, array_agg(sku_id::bigint) AS sku,
               array_agg(on_hand) AS on_hand, array_agg(target_units) AS target
          FROM al_band) AS b,
       logistics.rebalance(w.id, w.geom, b.wh, b.sku, b.on_hand, b.target,
                           cost_per_km_unit => 0.002) AS r;

\echo 'the ten largest transfers'
SELECT sku_id, from_warehouse_id, to_warehouse_id, transfer_units,
       round(distance_km::numeric, 0) AS distance_km,
       round(transfer_cost::numeric, 2) AS transfer_cost
  FROM al_moves WHERE transfer_units > 0
 ORDER BY transfer_units DESC, sku_id, from_warehouse_id, to_warehouse_id
 LIMIT 10;

\echo 'the whole plan, and the stock-outs within the lead time it prevents'
\echo '(a warehouse x SKU whose stock is below its forecast demand over the lead time)'
WITH moved AS (
	SELECT b.*, coalesce(i.units, 0) - coalesce(o.units, 0) AS net
	  FROM al_band b
	  LEFT JOIN (SELECT to_warehouse_id AS warehouse_id, sku_id, sum(transfer_units) AS units
				   FROM al_moves GROUP BY 1, 2) AS i
		ON i.warehouse_id = b.warehouse_id AND i.sku_id = b.sku_id
	  LEFT JOIN (SELECT from_warehouse_id AS warehouse_id, sku_id, sum(transfer_units) AS units
				   FROM al_moves GROUP BY 1, 2) AS o
		ON o.warehouse_id = b.warehouse_id AND o.sku_id = b.sku_id)
SELECT (SELECT count(*) FROM al_moves WHERE transfer_units > 0) AS transfers,
       (SELECT coalesce(sum(transfer_units), 0) FROM al_moves) AS units_moved,
       (SELECT round(sum(transfer_cost)::numeric, 2) FROM al_moves) AS transfer_cost,
       count(*) FILTER (WHERE on_hand < forecast_per_day * lead_time_days) AS stockouts_before,
       count(*) FILTER (WHERE on_hand + net < forecast_per_day * lead_time_days) AS stockouts_after,
       count(*) FILTER (WHERE on_hand < target_units) AS below_target_before,
       count(*) FILTER (WHERE on_hand + net < target_units) AS below_target_after,
       (SELECT coalesce(sum(shortfall_units), 0) FROM al_moves) AS shortfall_units
  FROM moved;

DROP TABLE al_moves, al_band, al_plan, al_day;
RESET client_min_messages;
\else
\echo 'the sample data (schema sample, scripts/data/10-sample.sql) is not loaded: skipped'
\endif
