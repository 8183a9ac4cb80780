SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public;
CREATE EXTENSION IF NOT EXISTS logistics;
RESET client_min_messages;
--
-- The sample data: scripts/data/10-sample.sql (generated company, default
-- size) and scripts/data/20-scms.sql (USAID SCMS delivery history).
-- pg_regress runs psql in the project root, where both scripts resolve
-- their paths.  Their text is not echoed.
--
\set ECHO none
\i scripts/data/10-sample.sql
\i scripts/data/20-scms.sql
\set ECHO all

------------------------------------------------------------------------------
-- Generated company, default size (skus 500, order_lines 100000, seed 1)
------------------------------------------------------------------------------

-- Sizes fixed by construction: 6 warehouses; 500 SKUs, each at 2 warehouses;
-- one snapshot per SKU-location and day (1000 * 731 = 731000); exactly
-- 100000 order lines; customers = order_lines / 20 = 5000.
SELECT (SELECT count(*) FROM sample.warehouse) AS warehouses,
       (SELECT count(*) FROM sample.sku) AS skus,
       (SELECT count(*) FROM sample.sku_location) AS sku_locations,
       (SELECT count(*) FROM sample.stock_snapshot) AS snapshots,
       (SELECT count(*) FROM sample.order_line) AS order_lines,
       (SELECT count(*) FROM sample.customer) AS customers;

-- Sizes that depend on the draws, against the model: lines per order are
-- 1..6 with mean 2.1, so about 100000 / 2.1 = 47600 orders; routes hold at
-- most 16 stops; daily sales are positive days (intermittent SKUs have
-- demand on 4-30% of days), one pick per sales day.
SELECT (SELECT count(*) FROM sample.orders) BETWEEN 46000 AND 49200 AS orders_about_47600,
       (SELECT sum(line_count) FROM sample.orders) = 100000 AS line_counts_add_up,
       (SELECT count(*) FROM sample.daily_sales)
         = (SELECT count(*) FROM sample.stock_movement WHERE kind = 'pick') AS one_pick_per_sales_day,
       (SELECT count(*) FROM sample.daily_sales) BETWEEN 450000 AND 700000 AS sales_days_plausible,
       (SELECT count(*) FROM sample.stock_movement WHERE kind = 'opening') = 1000 AS one_opening_each,
       (SELECT count(*) FROM sample.delivery_stop)
         = (SELECT count(*) FROM sample.orders WHERE route_id IS NOT NULL) AS one_stop_per_routed_order,
       (SELECT max(n) FROM (SELECT count(*) AS n FROM sample.delivery_stop GROUP BY route_id) r)
         = 16 AS at_most_16_stops;

-- Calendar: 731 days 2024-01-01 .. 2025-12-31 of sales and of snapshots
-- (daily, 00:00 UTC); orders inside the history.
SELECT min(day), max(day), count(DISTINCT day) FROM sample.daily_sales;
SELECT count(DISTINCT snapshot_at) AS days,
       bool_and(snapshot_at = date_trunc('day', snapshot_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')
           AS all_at_midnight_utc,
       min(snapshot_at AT TIME ZONE 'UTC') AS first, max(snapshot_at AT TIME ZONE 'UTC') AS last
  FROM sample.stock_snapshot;
SELECT min(ordered_at) >= '2024-01-01 00:00+00' AND max(ordered_at) < '2026-01-01 00:00+00'
           AS ordered_in_history,
       max(delivered_at) < '2026-01-01 00:00+00' AS nothing_after_the_history
  FROM sample.orders;

-- Warehouses at real city coordinates (city centres, to 4 decimals).
SELECT warehouse_id, code, city, state, lat, lon,
       ST_X(geom) = lon AND ST_Y(geom) = lat AND ST_SRID(geom) = 4326 AS geom_ok
  FROM sample.warehouse ORDER BY warehouse_id;

-- Pattern mix exactly 35/30/15/20 % of 500 SKUs; each SKU at 2 warehouses,
-- every warehouse stocks some.
SELECT pattern, count(*) FROM sample.sku GROUP BY pattern ORDER BY pattern;
SELECT count(*) AS skus_not_at_two
  FROM (SELECT sku_id FROM sample.sku_location GROUP BY sku_id HAVING count(*) <> 2) s;
SELECT count(DISTINCT warehouse_id) AS warehouses_with_skus FROM sample.sku_location;

-- The patterns show in the sales.  Weekly: seasonal SKUs' sales vary by
-- day of week (weekly amplitude 0.15-0.40), smooth ones do not (ratio of
-- the best to the worst day of week).  Yearly: seasonal SKUs' sales in
-- their peak month exceed those of the month half a year away.  Trend:
-- growing trending SKUs sell more in 2025 than in 2024.  Intermittent:
-- most days without a sale.
WITH dow AS (
    SELECT k.pattern, d.sku_id, extract(isodow FROM d.day) AS dow, sum(d.qty) AS q
      FROM sample.daily_sales d JOIN sample.sku k USING (sku_id)
     WHERE k.pattern IN ('smooth', 'seasonal')
     GROUP BY 1, 2, 3)
SELECT pattern, round(avg(ratio)::numeric, 1) AS mean_best_to_worst_weekday
  FROM (SELECT pattern, sku_id, max(q) / min(q) AS ratio FROM dow GROUP BY 1, 2) r
 GROUP BY pattern ORDER BY pattern;
SELECT avg((peak > trough)::int) = 1 AS seasonal_peaks_show
  FROM (SELECT k.sku_id,
               sum(d.qty) FILTER (WHERE abs(extract(doy FROM d.day) - k.yearly_peak_day) <= 15
                                     OR abs(extract(doy FROM d.day) - k.yearly_peak_day) >= 350)
                   AS peak,
               sum(d.qty) FILTER (WHERE abs(abs(extract(doy FROM d.day) - k.yearly_peak_day) - 183) <= 15)
                   AS trough
          FROM sample.daily_sales d JOIN sample.sku k USING (sku_id)
         WHERE k.pattern = 'seasonal'
         GROUP BY k.sku_id) s;
SELECT sign(k.trend_per_year) AS trend_sign, count(*) AS skus,
       round(avg((y2025 > y2024)::int), 2) AS share_selling_more_in_2025
  FROM (SELECT sku_id,
               sum(qty) FILTER (WHERE day < '2025-01-01') AS y2024,
               sum(qty) FILTER (WHERE day >= '2025-01-01') AS y2025
          FROM sample.daily_sales GROUP BY sku_id) s
  JOIN sample.sku k USING (sku_id)
 WHERE k.pattern = 'trending'
 GROUP BY 1 ORDER BY 1;
SELECT k.pattern, round(avg(days_with_sales / 731.0), 1) AS share_of_days_with_sales
  FROM (SELECT warehouse_id, sku_id, count(*) AS days_with_sales
          FROM sample.daily_sales GROUP BY 1, 2) s
  JOIN sample.sku k USING (sku_id)
 GROUP BY 1 ORDER BY 1;

-- The ledger and the snapshots agree: for every snapshot, the running sum
-- of the movements with moved_at <= snapshot_at equals on_hand (quantities
-- are whole units, so float sums are exact); stock never goes negative,
-- not even within a day.
WITH ev AS (
    SELECT warehouse_id, sku_id, moved_at AS at, 0 AS ord, qty, NULL::float8 AS on_hand
      FROM sample.stock_movement
    UNION ALL
    SELECT warehouse_id, sku_id, snapshot_at, 1, 0, on_hand
      FROM sample.stock_snapshot),
run AS (
    SELECT ev.*, sum(qty) OVER (PARTITION BY warehouse_id, sku_id ORDER BY at, ord
                                ROWS UNBOUNDED PRECEDING) AS level
      FROM ev)
SELECT count(*) FILTER (WHERE ord = 1) AS snapshots_checked,
       count(*) FILTER (WHERE ord = 1 AND on_hand <> level) AS mismatches,
       min(level) AS lowest_level
  FROM run;

-- Picks are the daily sales; movements have the sign of their kind.
SELECT count(*) AS sales_days_without_matching_pick
  FROM sample.daily_sales s
  FULL JOIN (SELECT warehouse_id, sku_id, (moved_at AT TIME ZONE 'UTC')::date AS day, -qty AS qty
               FROM sample.stock_movement WHERE kind = 'pick') p
    USING (warehouse_id, sku_id, day)
 WHERE s.qty IS DISTINCT FROM p.qty;
SELECT kind, count(*) > 0 AS present, min(sign(qty)) AS min_sign, max(sign(qty)) AS max_sign
  FROM sample.stock_movement GROUP BY kind ORDER BY kind;

-- Some stockouts (on_hand <= 0), a few percent of SKU-days at most.
SELECT avg((on_hand <= 0)::int) BETWEEN 0.002 AND 0.05 AS some_stockouts
  FROM sample.stock_snapshot;

-- Referential integrity (the tables have no foreign keys).
SELECT (SELECT count(*) FROM sample.sku_location l
         WHERE NOT EXISTS (SELECT FROM sample.sku s WHERE s.sku_id = l.sku_id)
            OR NOT EXISTS (SELECT FROM sample.warehouse w WHERE w.warehouse_id = l.warehouse_id))
       + (SELECT count(*) FROM sample.daily_sales d
           WHERE NOT EXISTS (SELECT FROM sample.sku_location l
                              WHERE (l.warehouse_id, l.sku_id) = (d.warehouse_id, d.sku_id)))
       + (SELECT count(*) FROM sample.order_line ol
           WHERE NOT EXISTS (SELECT FROM sample.sku_location l
                              WHERE (l.warehouse_id, l.sku_id) = (ol.warehouse_id, ol.sku_id)))
       + (SELECT count(*) FROM sample.orders o
           WHERE NOT EXISTS (SELECT FROM sample.customer c
                              WHERE c.customer_id = o.customer_id
                                AND c.warehouse_id = o.warehouse_id))
       + (SELECT count(*) FROM sample.delivery_stop s
           WHERE NOT EXISTS (SELECT FROM sample.orders o JOIN sample.delivery_route r USING (route_id)
                              WHERE o.order_id = s.order_id AND o.route_id = s.route_id
                                AND o.customer_id = s.customer_id))
       AS dangling_references;

-- Order lines repeat their order's header; an order is damage-free exactly
-- when none of its lines is damaged; a line is delivered when its order is
-- and something was shipped; returns never exceed what was shipped.
SELECT count(*) FILTER (WHERE (l.warehouse_id, l.customer_id, l.carrier, l.ordered_at, l.promised_at)
                              IS DISTINCT FROM
                              (o.warehouse_id, o.customer_id, o.carrier, o.ordered_at, o.promised_at)
                           OR l.documents_ok IS DISTINCT FROM o.documents_ok)
           AS header_mismatches,
       count(*) FILTER (WHERE l.delivered_at IS DISTINCT FROM
                              CASE WHEN l.qty_shipped > 0 THEN o.delivered_at END)
           AS delivery_mismatches,
       count(*) FILTER (WHERE l.qty_returned > l.qty_shipped OR l.qty_returned < 0
                           OR (l.qty_returned > 0 AND l.delivered_at IS NULL))
           AS impossible_returns
  FROM sample.order_line l JOIN sample.orders o USING (order_id);
SELECT count(*) AS damage_flag_mismatches
  FROM sample.orders o
  JOIN (SELECT order_id, bool_or(damaged) AS any_damaged FROM sample.order_line GROUP BY 1) l
    USING (order_id)
 WHERE o.damage_free IS DISTINCT FROM NOT l.any_damaged;

-- Promised and delivered dates, quantities and flags against the model:
-- own fleet (55%) delivers on the promised day unless its route breaks
-- down (3%); carriers deliver a day early 12%, on the day 75%, late 13%;
-- so about 0.55 * 0.97 + 0.45 * 0.87 = 0.925 of delivered orders on time.
-- 0.3% cancelled, 0.3% lost, plus those still under way at the end.
-- Lines: 3% short, 0.3% over; damage 1.2% a line; documents 2% wrong.
SELECT round(avg((delivered_at <= promised_at)::int), 2) AS on_time_share,
       count(*) FILTER (WHERE delivered_at > promised_at) > 0 AS some_late,
       count(*) FILTER (WHERE delivered_at < promised_at - interval '1 day') > 0 AS some_early,
       count(*) FILTER (WHERE shipped_at IS NULL) BETWEEN 50 AND 400 AS few_unshipped,
       count(*) FILTER (WHERE shipped_at IS NOT NULL AND delivered_at IS NULL) BETWEEN 50 AND 500
           AS few_undelivered,
       bool_and(shipped_at >= ordered_at AND delivered_at > shipped_at) AS times_in_order,
       round(avg(documents_ok::int), 2) AS documents_ok_share
  FROM sample.orders;
SELECT carrier, round(avg((delivered_at <= promised_at)::int), 2) AS on_time_share
  FROM sample.orders GROUP BY carrier ORDER BY carrier;
SELECT round(avg((qty_shipped < qty_ordered)::int) FILTER (WHERE delivered_at IS NOT NULL
                                                          OR qty_shipped = 0), 2) AS short_share,
       count(*) FILTER (WHERE qty_shipped > qty_ordered) BETWEEN 150 AND 500 AS few_over,
       count(*) FILTER (WHERE qty_returned > 0) > 0 AS some_returns,
       round(avg(damaged::int), 3) AS damaged_share,
       bool_and(qty_ordered >= 1 AND unit_price > 0) AS positive
  FROM sample.order_line;

-- Customers within 60 km of their warehouse (by PostGIS geography).
SELECT count(*) FILTER (WHERE ST_Distance(c.geom::geography, w.geom::geography) > 60500)
           AS customers_too_far,
       round(avg(ST_Distance(c.geom::geography, w.geom::geography)) / 1000) AS mean_km
  FROM sample.customer c JOIN sample.warehouse w USING (warehouse_id);

-- Routes: several stops a route, numbered 1..n in order-id order (the
-- stored order is not optimised), stops at their customer's location,
-- leaving the order's warehouse on the order's delivery day.
SELECT round(avg(n), 1) > 3 AS several_stops_a_route,
       bool_and(seqs_ok) AS seqs_are_1_to_n_by_order_id
  FROM (SELECT route_id, count(*) AS n,
               bool_and(seq = rn) AS seqs_ok
          FROM (SELECT route_id, seq,
                       row_number() OVER (PARTITION BY route_id ORDER BY order_id) AS rn
                  FROM sample.delivery_stop) s
         GROUP BY route_id) r;
SELECT count(*) AS stop_mismatches
  FROM sample.delivery_stop s
  JOIN sample.customer c USING (customer_id)
  JOIN sample.orders o USING (order_id)
  JOIN sample.delivery_route r ON r.route_id = s.route_id
 WHERE (s.lat, s.lon) IS DISTINCT FROM (c.lat, c.lon)
    OR r.warehouse_id <> o.warehouse_id
    OR o.shipped_at <> r.departed_at;

------------------------------------------------------------------------------
-- Fleet data (sample.generate_fleet), recomputed from the orders with plain
-- SQL against the rules in doc/sample-data.md.
------------------------------------------------------------------------------

-- Every SKU has a size inside the stated bounds (0.05-20 kg, density
-- 120-400 kg/m3, rounding of the weight to 0.01 kg allowed for).
SELECT count(*) = (SELECT count(*) FROM sample.sku) AS every_sku_sized,
       bool_and(unit_weight_kg BETWEEN 0.05 AND 20) AS weights_in_bounds,
       bool_and(unit_weight_kg / unit_volume_m3 BETWEEN 120 - 1e-9 AND 400 + 1e-9) AS densities_in_bounds,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY unit_weight_kg) BETWEEN 0.9 AND 1.6
           AS median_about_1_2_kg
  FROM sample.sku_size;

-- Vans: per warehouse its busiest day's stored routes plus one, at least
-- two; odd numbers large, even small; every stored route names a van.
SELECT w.code, count(v.*) AS vans,
       count(v.*) = greatest(2, 1 + (SELECT max(n) FROM (SELECT count(*) AS n
                                                          FROM sample.delivery_route r
                                                         WHERE r.warehouse_id = w.warehouse_id
                                                         GROUP BY r.route_date) d)) AS fleet_size_ok,
       bool_and((v.size = 'large') = (right(v.vehicle, 2)::int % 2 = 1)) AS sizes_alternate
  FROM sample.warehouse w LEFT JOIN sample.van v USING (warehouse_id)
 GROUP BY w.warehouse_id, w.code ORDER BY w.warehouse_id;
SELECT count(*) AS routes_without_a_van
  FROM sample.delivery_route r
 WHERE NOT EXISTS (SELECT 1 FROM sample.van v
                    WHERE v.vehicle = r.vehicle AND v.warehouse_id = r.warehouse_id);

-- Windows: only on routed own-fleet orders, four hours from 08, 12 or 16
-- local on the route's day, chosen by the customer (all of a customer's
-- orders alike); about 60% of routed orders have one.
SELECT count(*) FILTER (WHERE o.route_id IS NULL) AS windows_on_unrouted_orders,
       count(*) FILTER (WHERE (dw.window_start AT TIME ZONE w.time_zone)::date <> r.route_date
                           OR extract(hour FROM dw.window_start AT TIME ZONE w.time_zone)
                              NOT IN (8, 12, 16)
                           OR dw.window_end - dw.window_start <> interval '4 hours')
           AS windows_off_the_slots,
       round(count(*)::numeric / (SELECT count(*) FROM sample.orders WHERE route_id IS NOT NULL), 2)
           BETWEEN 0.55 AND 0.65 AS about_60_percent
  FROM sample.delivery_window dw
  JOIN sample.orders o USING (order_id)
  LEFT JOIN sample.delivery_route r ON r.route_id = o.route_id
  LEFT JOIN sample.warehouse w ON w.warehouse_id = r.warehouse_id;
SELECT count(*) AS customers_with_two_slots
  FROM (SELECT o.customer_id
          FROM sample.delivery_window dw JOIN sample.orders o USING (order_id)
          JOIN sample.warehouse w ON w.warehouse_id = o.warehouse_id
         GROUP BY o.customer_id
        HAVING count(DISTINCT (dw.window_start AT TIME ZONE w.time_zone)::time) > 1) c;

-- Return pickups: exactly the delivered own-fleet orders with returned
-- units whose pickup day (2-7 days after the local delivery day) ends
-- inside the history; weight and volume of the returned units; at the
-- customer's address.
WITH want AS (
    SELECT o.order_id, sum(l.qty_returned * z.unit_weight_kg) AS kg,
           sum(l.qty_returned * z.unit_volume_m3) AS m3,
           (o.delivered_at AT TIME ZONE w.time_zone)::date AS delivered_on, w.time_zone
      FROM sample.orders o
      JOIN sample.warehouse w ON w.warehouse_id = o.warehouse_id
      JOIN sample.order_line l USING (order_id)
      JOIN sample.sku_size z USING (sku_id)
     WHERE o.route_id IS NOT NULL AND o.delivered_at IS NOT NULL AND l.qty_returned > 0
     GROUP BY o.order_id, o.delivered_at, w.time_zone)
SELECT count(*) FILTER (WHERE p.order_id IS NULL
                          AND (want.delivered_on + 9 + time '20:00') AT TIME ZONE want.time_zone
                              < '2026-01-01 00:00+00') AS pickups_missing,
       count(*) FILTER (WHERE p.order_id IS NOT NULL
                          AND (abs(p.weight_kg - want.kg) > 1e-9 * want.kg
                               OR abs(p.volume_m3 - want.m3) > 1e-9 * want.m3
                               OR p.pickup_date - want.delivered_on NOT BETWEEN 2 AND 7))
           AS pickups_wrong,
       (SELECT count(*) FROM sample.return_pickup p2 JOIN sample.customer c USING (customer_id)
         WHERE (p2.lat, p2.lon) IS DISTINCT FROM (c.lat, c.lon)) AS pickups_elsewhere,
       (SELECT count(*) FROM sample.return_pickup p3
         WHERE NOT EXISTS (SELECT 1 FROM want w3 WHERE w3.order_id = p3.order_id)) AS pickups_unwanted
  FROM want LEFT JOIN sample.return_pickup p ON p.order_id = want.order_id;

------------------------------------------------------------------------------
-- Determinism: the same arguments give the same rows; another seed others.
------------------------------------------------------------------------------

CREATE TEMP VIEW sample_checksum AS
SELECT md5(string_agg(t, '|' ORDER BY n)) AS checksum
  FROM (SELECT 1 AS n, (SELECT string_agg(s::text, ',' ORDER BY sku_id) FROM sample.sku s) AS t
        UNION ALL
        SELECT 2, string_agg(l::text, ',' ORDER BY warehouse_id, sku_id) FROM sample.sku_location l
        UNION ALL
        SELECT 3, string_agg(s::text, ',' ORDER BY warehouse_id, sku_id, snapshot_at)
          FROM sample.stock_snapshot s
        UNION ALL
        SELECT 4, string_agg(m::text, ',' ORDER BY movement_id) FROM sample.stock_movement m
        UNION ALL
        SELECT 5, string_agg(d::text, ',' ORDER BY warehouse_id, sku_id, day) FROM sample.daily_sales d
        UNION ALL
        SELECT 6, string_agg(c::text, ',' ORDER BY customer_id) FROM sample.customer c
        UNION ALL
        SELECT 7, string_agg(o::text, ',' ORDER BY order_id) FROM sample.orders o
        UNION ALL
        SELECT 8, string_agg(l::text, ',' ORDER BY order_id, line_no) FROM sample.order_line l
        UNION ALL
        SELECT 9, string_agg(r::text, ',' ORDER BY route_id) FROM sample.delivery_route r
        UNION ALL
        SELECT 10, string_agg(s::text, ',' ORDER BY route_id, seq) FROM sample.delivery_stop s
        UNION ALL
        SELECT 11, string_agg(z::text, ',' ORDER BY sku_id) FROM sample.sku_size z
        UNION ALL
        SELECT 12, string_agg(v::text, ',' ORDER BY van_id) FROM sample.van v
        UNION ALL
        SELECT 13, string_agg(w::text, ',' ORDER BY order_id) FROM sample.delivery_window w
        UNION ALL
        SELECT 14, string_agg(p::text, ',' ORDER BY pickup_id) FROM sample.return_pickup p) x;

SELECT sample.generate(skus => 24, order_lines => 3000, seed => 7);
CREATE TEMP TABLE first_checksum AS SELECT checksum FROM sample_checksum;
SELECT (SELECT count(*) FROM sample.sku) AS skus, (SELECT count(*) FROM sample.order_line) AS lines,
       (SELECT count(*) FROM sample.stock_snapshot) AS snapshots;
SELECT sample.generate(skus => 24, order_lines => 3000, seed => 7);
SELECT checksum = (SELECT checksum FROM first_checksum) AS same_seed_same_rows FROM sample_checksum;
SELECT sample.generate(skus => 24, order_lines => 3000, seed => 8);
SELECT checksum <> (SELECT checksum FROM first_checksum) AS other_seed_other_rows FROM sample_checksum;

-- The smallest company: 6 SKUs (one a warehouse at least), no orders.
SELECT sample.generate(skus => 6, order_lines => 0);
SELECT (SELECT count(*) FROM sample.sku) AS skus,
       (SELECT count(DISTINCT warehouse_id) FROM sample.sku_location) AS stocked_warehouses,
       (SELECT count(*) FROM sample.orders) AS orders,
       (SELECT count(*) FROM sample.customer) AS customers;

-- Bad sizes: SQLSTATE and message.
DO $$
DECLARE
    a record;
BEGIN
    FOR a IN SELECT * FROM (VALUES (5, 100::bigint), (100001, 100), (6, -1),
                                   (6, 100000001), (NULL, 100)) AS v(skus, lines) LOOP
        BEGIN
            PERFORM sample.generate(a.skus, a.lines);
            RAISE NOTICE 'generate(%, %) succeeded', a.skus, a.lines;
        EXCEPTION WHEN OTHERS THEN
            RAISE NOTICE 'generate(%, %): % %', a.skus, a.lines, SQLSTATE, SQLERRM;
        END;
    END LOOP;
END
$$;

------------------------------------------------------------------------------
-- SCMS delivery history: the figures of golden.md section J, recomputed
-- with plain SQL on the typed table (expected values from golden.md).
------------------------------------------------------------------------------

-- The parsers on the file's formats (d-Mon-yy, M/D/YY, Excel-mangled
-- 20MM-DD-YY = M/D/YY), impossible days, sentinels.
SELECT scms.parse_date('02-Jun-06') AS d_mon_yy, scms.parse_date('11/13/06') AS m_d_yy,
       scms.parse_date('2012-01-06') AS mangled_12_1_06, scms.parse_date('2/29/12') AS leap,
       scms.parse_date('2/29/13') AS not_leap, scms.parse_date('31-Apr-10') AS april_31,
       scms.parse_date('Date Not Captured') AS sentinel;
SELECT scms.parse_number('13'), scms.parse_number('780.34'),
       scms.parse_number('See ASN-93 (ID#:1281)'), scms.parse_number('Weight Captured Separately');

-- Load report: every row loaded, nothing unparsed.  Independent counts of
-- the file's cells (Python csv module): Shipment Mode 'N/A' 360; PQ date
-- 'Pre-PQ Process' 2476 + 'Date Not Captured' 205; PO date
-- 'N/A - From RDC' 5404 + 'Date Not Captured' 328; weight 'Weight Captured
-- Separately' 1507 + 'See ...' 2445; freight 'Freight Included in
-- Commodity Cost' 1442 + 'Invoiced Separately' 239 + 'See ...' 2445;
-- insurance empty 287.
SELECT * FROM scms.load_report;
SELECT bool_and(parsed + sentinel + unparsed = 10324) AS every_row_counted FROM scms.load_report;
SELECT count(weight_ref_id) AS weight_refs,
       count(*) FILTER (WHERE weight_ref_id IS NOT NULL
                          AND NOT EXISTS (SELECT FROM scms.delivery_history r
                                           WHERE r.id = d.weight_ref_id)) AS dangling
  FROM scms.delivery_history d;

-- J1: 10,324 rows; 43 countries; 73 vendors; 88 manufacturing sites;
-- 7,030 ASN/DN; 6,233 PO/SO.
SELECT count(*) AS lines, count(DISTINCT country) AS countries, count(DISTINCT vendor) AS vendors,
       count(DISTINCT manufacturing_site) AS sites, count(DISTINCT asn_dn) AS shipments,
       count(DISTINCT po_so) AS orders
  FROM scms.delivery_history;

-- J2: on time 9,138 / 10,324 = 0.8851220457; late 1,186; early 2,814;
-- on the date 6,324.
SELECT count(*) FILTER (WHERE delivered_to_client <= scheduled_delivery) AS on_time,
       round(count(*) FILTER (WHERE delivered_to_client <= scheduled_delivery)::numeric
             / count(*), 10) AS on_time_rate,
       count(*) FILTER (WHERE delivered_to_client > scheduled_delivery) AS late,
       count(*) FILTER (WHERE delivered_to_client < scheduled_delivery) AS early,
       count(*) FILTER (WHERE delivered_to_client = scheduled_delivery) AS on_the_date
  FROM scms.delivery_history;

-- J3: shipments with all lines on time 6,225 / 7,030 = 0.8854907539;
-- J4: orders 5,549 / 6,233 = 0.8902615113.
SELECT count(*) FILTER (WHERE all_on_time) AS on_time, count(*) AS shipments,
       round(count(*) FILTER (WHERE all_on_time)::numeric / count(*), 10) AS rate
  FROM (SELECT asn_dn, bool_and(delivered_to_client <= scheduled_delivery) AS all_on_time
          FROM scms.delivery_history GROUP BY asn_dn) s;
SELECT count(*) FILTER (WHERE all_on_time) AS on_time, count(*) AS orders,
       round(count(*) FILTER (WHERE all_on_time)::numeric / count(*), 10) AS rate
  FROM (SELECT po_so, bool_and(delivered_to_client <= scheduled_delivery) AS all_on_time
          FROM scms.delivery_history GROUP BY po_so) s;

-- J5: delay days (delivered - scheduled): mean -6.0235373886, min -372,
-- max 192, percentile_cont p50 0, p90 3, p95 14; mean delay of late lines
-- 21.3693086.
SELECT round(avg(delay), 10) AS mean, min(delay), max(delay),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY delay) AS p50,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY delay) AS p90,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY delay) AS p95,
       round(avg(delay) FILTER (WHERE delay > 0), 7) AS mean_late
  FROM (SELECT delivered_to_client - scheduled_delivery AS delay FROM scms.delivery_history) d;

-- J6: on time by shipment mode: Air 5,526/6,113; Air Charter 575/650;
-- Ocean 306/371; Truck 2,375/2,830; N/A (NULL) 356/360.
SELECT shipment_mode, count(*) FILTER (WHERE delivered_to_client <= scheduled_delivery) AS on_time,
       count(*) AS lines,
       round(count(*) FILTER (WHERE delivered_to_client <= scheduled_delivery)::numeric / count(*), 6)
           AS rate
  FROM scms.delivery_history GROUP BY shipment_mode ORDER BY shipment_mode;

-- J7: lead time PO sent to vendor -> delivered: n 4,592, mean 105.55858,
-- min -292, max 616, percentile_cont p50 92, p90 208, p95 270.45;
-- percentile_disc p95 271; 5 negative.
SELECT count(lt) AS n, round(avg(lt), 5) AS mean, min(lt), max(lt),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY lt) AS p50,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY lt) AS p90,
       round(percentile_cont(0.95) WITHIN GROUP (ORDER BY lt)::numeric, 2) AS p95,
       percentile_disc(0.95) WITHIN GROUP (ORDER BY lt) AS p95_disc,
       count(*) FILTER (WHERE lt < 0) AS negative
  FROM (SELECT delivered_to_client - po_sent_to_vendor AS lt FROM scms.delivery_history) d;

-- J8: lead time PQ first sent -> delivered: n 7,643, mean 167.05927,
-- p50 154, p90 294, p95 347 (cont = disc); 10 negative.
SELECT count(lt) AS n, round(avg(lt), 5) AS mean,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY lt) AS p50,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY lt) AS p90,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY lt) AS p95,
       percentile_disc(0.95) WITHIN GROUP (ORDER BY lt) AS p95_disc,
       count(*) FILTER (WHERE lt < 0) AS negative
  FROM (SELECT delivered_to_client - pq_first_sent_to_client AS lt FROM scms.delivery_history) d;

-- J9: sum of Line Item Quantity 189,265,090; of Line Item Value
-- 1,627,584,457.29 USD.
SELECT sum(line_item_quantity) AS quantity, round(sum(line_item_value)::numeric, 2) AS value_usd
  FROM scms.delivery_history;
