-- make demo: what the sample data sets hold (read-only).
\echo '== Sample data: the generated company (schema sample, scripts/data/10-sample.sql)'

\echo 'Tables'
SELECT t.table_name, t.row_count,
       pg_size_pretty(pg_total_relation_size(('sample.' || t.table_name)::regclass)) AS size
  FROM (VALUES ('warehouse', (SELECT count(*) FROM sample.warehouse)),
               ('sku', (SELECT count(*) FROM sample.sku)),
               ('sku_location', (SELECT count(*) FROM sample.sku_location)),
               ('daily_sales', (SELECT count(*) FROM sample.daily_sales)),
               ('stock_snapshot', (SELECT count(*) FROM sample.stock_snapshot)),
               ('stock_movement', (SELECT count(*) FROM sample.stock_movement)),
               ('customer', (SELECT count(*) FROM sample.customer)),
               ('orders', (SELECT count(*) FROM sample.orders)),
               ('order_line', (SELECT count(*) FROM sample.order_line)),
               ('delivery_route', (SELECT count(*) FROM sample.delivery_route)),
               ('delivery_stop', (SELECT count(*) FROM sample.delivery_stop)),
               ('sku_size', (SELECT count(*) FROM sample.sku_size)),
               ('van', (SELECT count(*) FROM sample.van)),
               ('delivery_window', (SELECT count(*) FROM sample.delivery_window)),
               ('return_pickup', (SELECT count(*) FROM sample.return_pickup)))
       AS t(table_name, row_count);

\echo 'Date ranges (UTC)'
SELECT r.series, r.first, r.last
  FROM (SELECT 1, 'daily_sales.day', min(day)::text, max(day)::text
          FROM sample.daily_sales
        UNION ALL
        SELECT 2, 'stock_snapshot.snapshot_at', min(snapshot_at AT TIME ZONE 'UTC')::text,
               max(snapshot_at AT TIME ZONE 'UTC')::text
          FROM sample.stock_snapshot
        UNION ALL
        SELECT 3, 'stock_movement.moved_at', min(moved_at AT TIME ZONE 'UTC')::text,
               max(moved_at AT TIME ZONE 'UTC')::text
          FROM sample.stock_movement
        UNION ALL
        SELECT 4, 'orders.ordered_at', min(ordered_at AT TIME ZONE 'UTC')::text,
               max(ordered_at AT TIME ZONE 'UTC')::text
          FROM sample.orders
        UNION ALL
        SELECT 5, 'orders.delivered_at', min(delivered_at AT TIME ZONE 'UTC')::text,
               max(delivered_at AT TIME ZONE 'UTC')::text
          FROM sample.orders) AS r(position, series, first, last)
 ORDER BY r.position;

\echo 'Warehouses'
SELECT w.code, w.city || ', ' || w.state AS city, w.lat, w.lon,
       (SELECT count(*) FROM sample.sku_location l WHERE l.warehouse_id = w.warehouse_id) AS skus,
       (SELECT count(*) FROM sample.customer c WHERE c.warehouse_id = w.warehouse_id) AS customers,
       (SELECT count(*) FROM sample.orders o WHERE o.warehouse_id = w.warehouse_id) AS orders
  FROM sample.warehouse w ORDER BY w.warehouse_id;

\echo 'Demand patterns: SKUs, mean units/day at the start, share of SKU-days with a sale, stocked out'
SELECT k.pattern, count(DISTINCT k.sku_id) AS skus,
       round(avg(l.base_demand)::numeric, 2) AS mean_base_demand,
       round(avg(s.days_with_sales / 731.0), 2) AS sales_days,
       round(avg(s.stockout_days / 731.0), 3) AS stockout_days
  FROM sample.sku k
  JOIN sample.sku_location l USING (sku_id)
  JOIN (SELECT warehouse_id, sku_id,
               (SELECT count(*) FROM sample.daily_sales d
                 WHERE (d.warehouse_id, d.sku_id) = (x.warehouse_id, x.sku_id)) AS days_with_sales,
               count(*) FILTER (WHERE x.on_hand <= 0) AS stockout_days
          FROM sample.stock_snapshot x GROUP BY warehouse_id, sku_id) s USING (warehouse_id, sku_id)
 GROUP BY k.pattern ORDER BY k.pattern;

\echo 'Stock movements'
SELECT kind, count(*) AS movements, sum(qty) AS units
  FROM sample.stock_movement
 GROUP BY kind
 ORDER BY array_position(ARRAY['opening', 'receipt', 'return', 'pick', 'adjustment'], kind);

\echo 'Orders by carrier: on time (delivered by the promise), not delivered, short lines, returns'
SELECT o.carrier, count(*) AS orders,
       round(avg((o.delivered_at <= o.promised_at)::int), 3) AS on_time,
       count(*) FILTER (WHERE o.delivered_at IS NULL) AS not_delivered,
       round(avg((NOT o.damage_free)::int), 3) AS damaged,
       round(avg((NOT o.documents_ok)::int), 3) AS documents_wrong,
       sum(l.short_lines) AS short_lines, sum(l.returned_units) AS returned_units
  FROM sample.orders o
  JOIN (SELECT order_id, count(*) FILTER (WHERE qty_shipped < qty_ordered) AS short_lines,
               sum(qty_returned) AS returned_units
          FROM sample.order_line GROUP BY order_id) l USING (order_id)
 GROUP BY ROLLUP (o.carrier) ORDER BY o.carrier;

\echo 'Own-fleet delivery routes (stops stored in order-id order, not optimised)'
SELECT w.code, count(*) AS routes, round(avg(n), 1) AS mean_stops, max(n) AS max_stops
  FROM (SELECT route_id, count(*) AS n FROM sample.delivery_stop GROUP BY route_id) s
  JOIN sample.delivery_route r USING (route_id)
  JOIN sample.warehouse w USING (warehouse_id)
 GROUP BY w.warehouse_id, w.code ORDER BY w.warehouse_id;

\echo '== SCMS delivery history (schema scms, scripts/data/20-scms.sql, data/scms)'
SELECT count(*) AS line_items, count(DISTINCT po_so) AS orders, count(DISTINCT asn_dn) AS shipments,
       count(DISTINCT country) AS countries,
       min(scheduled_delivery) AS first_scheduled, max(scheduled_delivery) AS last_scheduled,
       round(avg((delivered_to_client <= scheduled_delivery)::int), 4) AS on_time
  FROM scms.delivery_history;

\echo 'Load report: per parsed column, values parsed, sentinels (no value), values not parsed'
SELECT * FROM scms.load_report;
