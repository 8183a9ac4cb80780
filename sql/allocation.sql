--
-- Allocation: rebalance and allocate_orders.
--
-- Expected plans are worked by hand in the comments (the optimum of each
-- small transportation problem by enumerating its one free variable);
-- distances come from geodesic_distance, tested against GeographicLib in
-- routing_geodesic.  The solver is compared with GLPK in
-- test/unit/test_allocation_glpk.c.
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS logistics CASCADE;
RESET client_min_messages;
SET TimeZone = 'UTC';

-- SQLSTATE and message of an error, or 'no error'
CREATE FUNCTION pg_temp.err(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE q;
	RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ': ' || SQLERRM;
END $$;

-- ---------------------------------------------------------------------------
-- rebalance over lanes.  Warehouses 1 (A), 2 (B), 3 (X), 4 (Y), one SKU:
-- A on hand 5 target 2 (surplus 3), B 4/2 (2), X 0/2 (deficit 2), Y 1/4
-- (3).  Lanes A-X 1, A-Y 2, B-X 3, B-Y 5.  With a = A-X the plan is A-Y
-- 3 - a, B-X 2 - a, B-Y a and costs 12 + a: optimum A-Y 3, B-X 2, cost 12.
-- ---------------------------------------------------------------------------
SELECT * FROM logistics.rebalance(
	lane_from_ids => ARRAY[1, 1, 2, 2]::bigint[],
	lane_to_ids => ARRAY[3, 4, 3, 4]::bigint[],
	lane_cost_per_unit => ARRAY[1, 2, 3, 5]::float8[],
	stock_warehouse_ids => ARRAY[1, 2, 3, 4]::bigint[],
	stock_sku_ids => ARRAY[7, 7, 7, 7]::bigint[],
	on_hand_units => ARRAY[5, 4, 0, 1]::float8[],
	target_units => ARRAY[2, 2, 2, 4]::float8[]);

-- Shortfall: B on hand 3 (surplus 1), total surplus 4 for deficits 2 and 3.
-- Quotas in proportion: 1.6 and 2.4, largest remainder -> X 2, Y 2.  With
-- a = A-X: A-Y 3 - a, B-X 2 - a, B-Y a - 1, cost 7 + a, optimum a = 1:
-- A-X 1, A-Y 2, B-X 1 (cost 8); Y is 1 short.
SELECT * FROM logistics.rebalance(
	ARRAY[1, 1, 2, 2]::bigint[], ARRAY[3, 4, 3, 4]::bigint[],
	ARRAY[1, 2, 3, 5]::float8[],
	ARRAY[1, 2, 3, 4]::bigint[], ARRAY[7, 7, 7, 7]::bigint[],
	ARRAY[5, 3, 0, 1]::float8[], ARRAY[2, 2, 2, 4]::float8[]);

-- Bands [min, max], lanes 1-2, 2-1, 2-3, 3-2 cost 1, 1-3, 3-1 cost 10.
-- 1 holds 10 in [2, 8] (must give 2), 2 holds 5 in [3, 7] (may give or
-- take 2), 3 holds 0 in [1, 5] (must take 1).  By hand: 1-3 2 costs 20;
-- 1-2 2 and 2-3 1 cost 3 (2 ends at 6): the plan.
SELECT * FROM logistics.rebalance(
	ARRAY[1, 2, 2, 3, 1, 3]::bigint[], ARRAY[2, 1, 3, 2, 3, 1]::bigint[],
	ARRAY[1, 1, 1, 1, 10, 10]::float8[],
	ARRAY[1, 2, 3]::bigint[], ARRAY[7, 7, 7]::bigint[],
	on_hand_units => ARRAY[10, 5, 0]::float8[],
	min_units => ARRAY[2, 3, 1]::float8[], max_units => ARRAY[8, 7, 5]::float8[]);
-- Overflow: 1 holds 10 in [0, 4], 2 holds 9 in [0, 6], 3 holds 0 in
-- [0, 3]: room 3 for an excess of 9, shared 6 x 3/9 = 2 and 3 x 3/9 = 1;
-- 1 keeps 4 and 2 keeps 2 above their maxima (excess_units).
SELECT * FROM logistics.rebalance(
	ARRAY[1, 2, 2, 3, 1, 3]::bigint[], ARRAY[2, 1, 3, 2, 3, 1]::bigint[],
	ARRAY[1, 1, 1, 1, 10, 10]::float8[],
	ARRAY[1, 2, 3]::bigint[], ARRAY[7, 7, 7]::bigint[],
	ARRAY[10, 9, 0]::float8[], ARRAY[0, 0, 0]::float8[], ARRAY[4, 6, 3]::float8[]);
-- a band of targets (min = max) gives the transfers of the target form
-- (the surplus, 5, equals the deficits, so nothing stays above a maximum)
SELECT count(*) AS same_transfers FROM (
	SELECT sku_id, from_warehouse_id, to_warehouse_id, transfer_units
	  FROM logistics.rebalance(ARRAY[1, 1, 2, 2]::bigint[], ARRAY[3, 4, 3, 4]::bigint[],
		   ARRAY[1, 2, 3, 5]::float8[], ARRAY[1, 2, 3, 4]::bigint[],
		   ARRAY[7, 7, 7, 7]::bigint[], ARRAY[5, 4, 0, 1]::float8[],
		   ARRAY[2, 2, 2, 4]::float8[]) WHERE transfer_units > 0
	INTERSECT
	SELECT sku_id, from_warehouse_id, to_warehouse_id, transfer_units
	  FROM logistics.rebalance(ARRAY[1, 1, 2, 2]::bigint[], ARRAY[3, 4, 3, 4]::bigint[],
		   ARRAY[1, 2, 3, 5]::float8[], ARRAY[1, 2, 3, 4]::bigint[],
		   ARRAY[7, 7, 7, 7]::bigint[], ARRAY[5, 4, 0, 1]::float8[],
		   ARRAY[2, 2, 2, 4]::float8[], ARRAY[2, 2, 2, 4]::float8[])) AS s;
SELECT pg_temp.err($q$SELECT * FROM logistics.rebalance(ARRAY[1]::bigint[],
	ARRAY[40.0], ARRAY[-74.0], ARRAY[1]::bigint[], ARRAY[5]::bigint[],
	ARRAY[1]::float8[], ARRAY[3]::float8[], ARRAY[2]::float8[])$q$) AS min_above_max;

-- Fractional quantities (exact with 2 decimals): the hand plan scaled by
-- 0.25 costs 3.
SELECT sum(transfer_units) AS units, sum(transfer_cost) AS cost
  FROM logistics.rebalance(
	ARRAY[1, 1, 2, 2]::bigint[], ARRAY[3, 4, 3, 4]::bigint[],
	ARRAY[1, 2, 3, 5]::float8[],
	ARRAY[1, 2, 3, 4]::bigint[], ARRAY[7, 7, 7, 7]::bigint[],
	ARRAY[1.25, 1, 0, 0.25]::float8[], ARRAY[0.5, 0.5, 0.5, 1]::float8[]);

-- ---------------------------------------------------------------------------
-- rebalance with warehouse points: Newark (1), Chicago (3), Atlanta (2).
-- Newark holds 10 over target; Chicago lacks 4, Atlanta 6: both served from
-- Newark, cost = units x geodesic km x 0.01.
-- ---------------------------------------------------------------------------
SELECT sku_id, from_warehouse_id, to_warehouse_id, transfer_units,
	   round(distance_km::numeric, 6) AS distance_km,
	   abs(transfer_cost - transfer_units * 0.01 * distance_km) < 1e-9 AS cost_ok,
	   abs(distance_km - logistics.geodesic_distance(40.7357, -74.1724, w.lat, w.lon) / 1000)
		   < 1e-9 AS km_is_geodesic
  FROM logistics.rebalance(
	ARRAY[1, 2, 3]::bigint[], ARRAY[40.7357, 33.7490, 41.8781],
	ARRAY[-74.1724, -84.3880, -87.6298],
	ARRAY[1, 2, 3]::bigint[], ARRAY[5, 5, 5]::bigint[],
	ARRAY[20, 0, 1]::float8[], ARRAY[10, 6, 5]::float8[], 0.01) AS r
  JOIN (VALUES (2, 33.7490, -84.3880), (3, 41.8781, -87.6298)) AS w(id, lat, lon)
	ON w.id = r.to_warehouse_id
 ORDER BY to_warehouse_id;

-- the same with PostGIS points (geometry, geography) gives the same rows
SELECT count(*) AS same_rows FROM (
	SELECT * FROM logistics.rebalance(
		ARRAY[1, 2, 3]::bigint[], ARRAY[40.7357, 33.7490, 41.8781],
		ARRAY[-74.1724, -84.3880, -87.6298],
		ARRAY[1, 2, 3]::bigint[], ARRAY[5, 5, 5]::bigint[],
		ARRAY[20, 0, 1]::float8[], ARRAY[10, 6, 5]::float8[], 0.01)
	INTERSECT
	SELECT * FROM logistics.rebalance(
		ARRAY[1, 2, 3]::bigint[],
		ARRAY[ST_SetSRID(ST_MakePoint(-74.1724, 40.7357), 4326),
			  ST_SetSRID(ST_MakePoint(-84.3880, 33.7490), 4326),
			  ST_SetSRID(ST_MakePoint(-87.6298, 41.8781), 4326)],
		ARRAY[1, 2, 3]::bigint[], ARRAY[5, 5, 5]::bigint[],
		ARRAY[20, 0, 1]::float8[], ARRAY[10, 6, 5]::float8[], 0.01)
	INTERSECT
	SELECT * FROM logistics.rebalance(
		ARRAY[1, 2, 3]::bigint[],
		ARRAY[ST_SetSRID(ST_MakePoint(-74.1724, 40.7357), 4326)::geography,
			  ST_SetSRID(ST_MakePoint(-84.3880, 33.7490), 4326)::geography,
			  ST_SetSRID(ST_MakePoint(-87.6298, 41.8781), 4326)::geography],
		ARRAY[1, 2, 3]::bigint[], ARRAY[5, 5, 5]::bigint[],
		ARRAY[20, 0, 1]::float8[], ARRAY[10, 6, 5]::float8[], 0.01)) AS s;

-- empty input, NULL input
SELECT count(*) AS empty FROM logistics.rebalance(
	'{}'::bigint[], '{}'::float8[], '{}'::float8[], '{}'::bigint[],
	'{}'::bigint[], '{}'::float8[], '{}'::float8[], 1);
SELECT count(*) AS null_in FROM logistics.rebalance(
	NULL::bigint[], '{}'::float8[], '{}'::float8[], '{}'::bigint[],
	'{}'::bigint[], '{}'::float8[], '{}'::float8[], 1);

-- bad input
SELECT pg_temp.err($q$SELECT * FROM logistics.rebalance(ARRAY[1]::bigint[],
	ARRAY[40.0], ARRAY[-74.0], ARRAY[1]::bigint[], ARRAY[5]::bigint[],
	ARRAY[-1]::float8[], ARRAY[0]::float8[], 1)$q$) AS negative_stock;
SELECT pg_temp.err($q$SELECT * FROM logistics.rebalance(ARRAY[1]::bigint[],
	ARRAY[40.0], ARRAY[-74.0], ARRAY[1]::bigint[], ARRAY[5]::bigint[],
	ARRAY[1]::float8[], ARRAY['NaN']::float8[], 1)$q$) AS nan_target;
SELECT pg_temp.err($q$SELECT * FROM logistics.rebalance(ARRAY[1, 1]::bigint[],
	ARRAY[40.0, 41], ARRAY[-74.0, -75], ARRAY[1]::bigint[], ARRAY[5]::bigint[],
	ARRAY[1]::float8[], ARRAY[0]::float8[], 1)$q$) AS duplicate_warehouse;
SELECT pg_temp.err($q$SELECT * FROM logistics.rebalance(ARRAY[1]::bigint[],
	ARRAY[40.0], ARRAY[-74.0], ARRAY[1, 1]::bigint[], ARRAY[5, 5]::bigint[],
	ARRAY[1, 2]::float8[], ARRAY[0, 0]::float8[], 1)$q$) AS duplicate_stock;
SELECT pg_temp.err($q$SELECT * FROM logistics.rebalance(ARRAY[1]::bigint[],
	ARRAY[40.0], ARRAY[-74.0], ARRAY[2]::bigint[], ARRAY[5]::bigint[],
	ARRAY[1]::float8[], ARRAY[0]::float8[], 1)$q$) AS unknown_warehouse;
SELECT pg_temp.err($q$SELECT * FROM logistics.rebalance(ARRAY[1]::bigint[],
	ARRAY[40.0], ARRAY[-74.0], ARRAY[1]::bigint[], ARRAY[5, 6]::bigint[],
	ARRAY[1]::float8[], ARRAY[0]::float8[], 1)$q$) AS length_mismatch;
SELECT pg_temp.err($q$SELECT * FROM logistics.rebalance(ARRAY[1]::bigint[],
	ARRAY[40.0], ARRAY[-74.0], ARRAY[1]::bigint[], ARRAY[5]::bigint[],
	ARRAY[1.0000001]::float8[], ARRAY[0]::float8[], 1)$q$) AS seven_decimals;
SELECT pg_temp.err($q$SELECT * FROM logistics.rebalance(ARRAY[1]::bigint[],
	ARRAY[40.0], ARRAY[-74.0], ARRAY[1]::bigint[], ARRAY[5]::bigint[],
	ARRAY[1]::float8[], ARRAY[0]::float8[], -1)$q$) AS negative_cost;
SELECT pg_temp.err($q$SELECT * FROM logistics.rebalance(ARRAY[1]::bigint[],
	ARRAY[40.0], ARRAY[-74.0], ARRAY[1]::bigint[], ARRAY[NULL]::bigint[],
	ARRAY[1]::float8[], ARRAY[0]::float8[], 1)$q$) AS null_element;
SELECT pg_temp.err($q$SELECT * FROM logistics.rebalance(ARRAY[1]::bigint[],
	ARRAY[2]::bigint[], ARRAY[-1]::float8[], ARRAY[1]::bigint[],
	ARRAY[5]::bigint[], ARRAY[1]::float8[], ARRAY[0]::float8[])$q$) AS negative_lane;
SELECT pg_temp.err($q$SELECT * FROM logistics.rebalance(ARRAY[1, 1]::bigint[],
	ARRAY[2, 2]::bigint[], ARRAY[1, 2]::float8[], ARRAY[1]::bigint[],
	ARRAY[5]::bigint[], ARRAY[1]::float8[], ARRAY[0]::float8[])$q$) AS duplicate_lane;

-- ---------------------------------------------------------------------------
-- allocate_orders.  Warehouses 1 at (40, -100) holding SKUs 7 and 8, 2 at
-- (41, -100) holding SKU 7 only.  Order 10 at (41, -100): line 1 SKU 7,
-- line 2 SKU 8.  Line 2 must ship from 1 (d = 111.0 km); line 1 from 2
-- costs 0, from 1 costs d.  Penalty 200 > d: one parcel from 1, cost 2d;
-- penalty 50 < d: two parcels, cost d + 50.  Order 11's line promises
-- delivery within 1 day, but dispatch alone takes 1 day: unassigned.
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE alloc_in AS
SELECT ARRAY[10, 10, 11]::bigint[] AS o, ARRAY[1, 2, 1] AS l,
	   ARRAY[7, 8, 7]::bigint[] AS s, ARRAY[1, 1, 2]::float8[] AS q,
	   ARRAY[41, 41, 40.5]::float8[] AS lat,
	   ARRAY[-100, -100, -100]::float8[] AS lon,
	   ARRAY[NULL, '2025-01-05 00:00+00', '2025-01-02 00:00+00']::timestamptz[] AS p;

SELECT order_id, line_no, sku_id, warehouse_id, ship_units, unassigned_units,
	   round(distance_km::numeric, 3) AS distance_km,
	   round(shipping_cost::numeric, 3) AS shipping_cost, delivery_eta, on_time,
	   order_parcels, unassigned_reason, round(plan_cost::numeric, 3) AS plan_cost,
	   round(plan_lower_bound::numeric, 3) AS plan_lower_bound, plan_gap
  FROM alloc_in,
	   logistics.allocate_orders(o, l, s, q, lat, lon, p,
		   ARRAY[1, 2]::bigint[], ARRAY[40, 41]::float8[], ARRAY[-100, -100]::float8[],
		   ARRAY[1, 1, 2]::bigint[], ARRAY[7, 8, 7]::bigint[], ARRAY[5, 5, 5]::float8[],
		   decided_at => '2025-01-01 00:00+00', cost_per_km_unit => 1,
		   split_penalty => 200);

SELECT order_id, line_no, warehouse_id, order_parcels,
	   round(plan_cost::numeric, 3) AS plan_cost,
	   round(plan_lower_bound::numeric, 3) AS plan_lower_bound
  FROM alloc_in,
	   logistics.allocate_orders(o, l, s, q, lat, lon, p,
		   ARRAY[1, 2]::bigint[], ARRAY[40, 41]::float8[], ARRAY[-100, -100]::float8[],
		   ARRAY[1, 1, 2]::bigint[], ARRAY[7, 8, 7]::bigint[], ARRAY[5, 5, 5]::float8[],
		   '2025-01-01 00:00+00', 1, 50)
 WHERE order_id = 10;

-- nearest: line 1 from 2, line 2 from 1, order 11 (no promise check) from
-- 1 or 2 at the same distance (ties to the lower id); no bound
SELECT order_id, line_no, warehouse_id, on_time, plan_lower_bound IS NULL AS no_bound
  FROM alloc_in,
	   logistics.allocate_orders(o, l, s, q, lat, lon, p,
		   ARRAY[1, 2]::bigint[], ARRAY[40, 41]::float8[], ARRAY[-100, -100]::float8[],
		   ARRAY[1, 1, 2]::bigint[], ARRAY[7, 8, 7]::bigint[], ARRAY[5, 5, 5]::float8[],
		   '2025-01-01 00:00+00', 1, 50, method => 'nearest');

-- stock short: 1 unit of SKU 7 for lines of 2 and 1 units (no promises):
-- the unit goes where it is cheapest (order 10 at distance 0), the rest
-- back with stock_short; SKU 9 is stocked nowhere: no_stock.
SELECT order_id, line_no, warehouse_id, ship_units, unassigned_units, unassigned_reason
  FROM logistics.allocate_orders(
	ARRAY[10, 11, 12]::bigint[], ARRAY[1, 1, 1], ARRAY[7, 7, 9]::bigint[],
	ARRAY[1, 2, 1]::float8[], ARRAY[41, 40.5, 41]::float8[],
	ARRAY[-100, -100, -100]::float8[], ARRAY[NULL, NULL, NULL]::timestamptz[],
	ARRAY[1, 2]::bigint[], ARRAY[40, 41]::float8[], ARRAY[-100, -100]::float8[],
	ARRAY[2]::bigint[], ARRAY[7]::bigint[], ARRAY[1]::float8[],
	'2025-01-01 00:00+00');

-- geometry and geography overloads: the same plan as lat/lon
SELECT count(*) AS same_rows FROM (
	SELECT * FROM alloc_in, logistics.allocate_orders(o, l, s, q, lat, lon, p,
		   ARRAY[1, 2]::bigint[], ARRAY[40, 41]::float8[], ARRAY[-100, -100]::float8[],
		   ARRAY[1, 1, 2]::bigint[], ARRAY[7, 8, 7]::bigint[], ARRAY[5, 5, 5]::float8[],
		   '2025-01-01 00:00+00', 1, 50)
	INTERSECT
	SELECT * FROM alloc_in, logistics.allocate_orders(o, l, s, q,
		   ARRAY(SELECT ST_SetSRID(ST_MakePoint(x, y), 4326)
				   FROM unnest(lon, lat) AS u(x, y)), p,
		   ARRAY[1, 2]::bigint[],
		   ARRAY[ST_SetSRID(ST_MakePoint(-100, 40), 4326),
				 ST_SetSRID(ST_MakePoint(-100, 41), 4326)],
		   ARRAY[1, 1, 2]::bigint[], ARRAY[7, 8, 7]::bigint[], ARRAY[5, 5, 5]::float8[],
		   '2025-01-01 00:00+00', 1, 50)
	INTERSECT
	SELECT * FROM alloc_in, logistics.allocate_orders(o, l, s, q,
		   ARRAY(SELECT ST_SetSRID(ST_MakePoint(x, y), 4326)::geography
				   FROM unnest(lon, lat) AS u(x, y)), p,
		   ARRAY[1, 2]::bigint[],
		   ARRAY[ST_SetSRID(ST_MakePoint(-100, 40), 4326)::geography,
				 ST_SetSRID(ST_MakePoint(-100, 41), 4326)::geography],
		   ARRAY[1, 1, 2]::bigint[], ARRAY[7, 8, 7]::bigint[], ARRAY[5, 5, 5]::float8[],
		   '2025-01-01 00:00+00', 1, 50)) AS s;

-- whole lines: one line of 3 units at warehouse 1's point; 1 holds 2,
-- 2 (d = 111.044 km away) holds 5.  Split: 2 from 1, 1 from 2, cost d.
-- Whole: 3 from 2, cost 3d = 333.133, bound d (the split optimum).
SELECT split, warehouse_id, ship_units, round(plan_cost::numeric, 3) AS plan_cost,
	   round(plan_lower_bound::numeric, 3) AS bound
  FROM (VALUES (true), (false)) AS v(split),
	   logistics.allocate_orders(ARRAY[10]::bigint[], ARRAY[1], ARRAY[7]::bigint[],
		   ARRAY[3]::float8[], ARRAY[40]::float8[], ARRAY[-100]::float8[],
		   ARRAY[NULL]::timestamptz[], ARRAY[1, 2]::bigint[], ARRAY[40, 41]::float8[],
		   ARRAY[-100, -100]::float8[], ARRAY[1, 2]::bigint[], ARRAY[7, 7]::bigint[],
		   ARRAY[2, 5]::float8[], '2025-01-01 00:00+00', split_lines => v.split)
 ORDER BY split DESC, warehouse_id;
-- a line of 6 that no warehouse holds whole: unassigned, no bound
SELECT warehouse_id, unassigned_units, unassigned_reason, plan_lower_bound, plan_gap
  FROM logistics.allocate_orders(ARRAY[10]::bigint[], ARRAY[1], ARRAY[7]::bigint[],
	   ARRAY[6]::float8[], ARRAY[40]::float8[], ARRAY[-100]::float8[],
	   ARRAY[NULL]::timestamptz[], ARRAY[1, 2]::bigint[], ARRAY[40, 41]::float8[],
	   ARRAY[-100, -100]::float8[], ARRAY[1, 2]::bigint[], ARRAY[7, 7]::bigint[],
	   ARRAY[2, 5]::float8[], '2025-01-01 00:00+00', split_lines => false);

-- empty
SELECT count(*) AS empty FROM logistics.allocate_orders(
	'{}'::bigint[], '{}'::int[], '{}'::bigint[], '{}'::float8[], '{}'::float8[],
	'{}'::float8[], '{}'::timestamptz[], '{}'::bigint[], '{}'::float8[],
	'{}'::float8[], '{}'::bigint[], '{}'::bigint[], '{}'::float8[], now());

-- bad input
SELECT pg_temp.err($q$SELECT * FROM logistics.allocate_orders(ARRAY[1, 1]::bigint[],
	ARRAY[1, 1], ARRAY[7, 7]::bigint[], ARRAY[1, 1]::float8[], ARRAY[40, 40]::float8[],
	ARRAY[-100, -100]::float8[], ARRAY[NULL, NULL]::timestamptz[], ARRAY[1]::bigint[],
	ARRAY[40]::float8[], ARRAY[-100]::float8[], ARRAY[1]::bigint[], ARRAY[7]::bigint[],
	ARRAY[5]::float8[], now())$q$) AS duplicate_line;
SELECT pg_temp.err($q$SELECT * FROM logistics.allocate_orders(ARRAY[1]::bigint[],
	ARRAY[1], ARRAY[7]::bigint[], ARRAY[-1]::float8[], ARRAY[40]::float8[],
	ARRAY[-100]::float8[], ARRAY[NULL]::timestamptz[], ARRAY[1]::bigint[],
	ARRAY[40]::float8[], ARRAY[-100]::float8[], ARRAY[1]::bigint[], ARRAY[7]::bigint[],
	ARRAY[5]::float8[], now())$q$) AS negative_line;
SELECT pg_temp.err($q$SELECT * FROM logistics.allocate_orders(ARRAY[1]::bigint[],
	ARRAY[1], ARRAY[7]::bigint[], ARRAY[1]::float8[], ARRAY[40]::float8[],
	ARRAY[-100]::float8[], ARRAY[NULL]::timestamptz[], ARRAY[1]::bigint[],
	ARRAY[40]::float8[], ARRAY[-100]::float8[], ARRAY[3]::bigint[], ARRAY[7]::bigint[],
	ARRAY[5]::float8[], now())$q$) AS unknown_warehouse;
SELECT pg_temp.err($q$SELECT * FROM logistics.allocate_orders(ARRAY[1]::bigint[],
	ARRAY[1], ARRAY[7]::bigint[], ARRAY[1]::float8[], ARRAY[95]::float8[],
	ARRAY[-100]::float8[], ARRAY[NULL]::timestamptz[], ARRAY[1]::bigint[],
	ARRAY[40]::float8[], ARRAY[-100]::float8[], ARRAY[1]::bigint[], ARRAY[7]::bigint[],
	ARRAY[5]::float8[], now())$q$) AS bad_latitude;
SELECT pg_temp.err($q$SELECT * FROM logistics.allocate_orders(ARRAY[1]::bigint[],
	ARRAY[1], ARRAY[7]::bigint[], ARRAY[1]::float8[], ARRAY[40]::float8[],
	ARRAY[-100]::float8[], ARRAY[NULL]::timestamptz[], ARRAY[1]::bigint[],
	ARRAY[40]::float8[], ARRAY[-100]::float8[], ARRAY[1]::bigint[], ARRAY[7]::bigint[],
	ARRAY[5]::float8[], now(), method => 'cheapest')$q$) AS bad_method;
SELECT pg_temp.err($q$SELECT * FROM logistics.allocate_orders(ARRAY[1]::bigint[],
	ARRAY[1], ARRAY[7]::bigint[], ARRAY[1]::float8[], ARRAY[40]::float8[],
	ARRAY[-100]::float8[], ARRAY[NULL]::timestamptz[], ARRAY[1]::bigint[],
	ARRAY[40]::float8[], ARRAY[-100]::float8[], ARRAY[1]::bigint[], ARRAY[7]::bigint[],
	ARRAY[5]::float8[], now(), split_penalty => 'NaN')$q$) AS nan_penalty;
SELECT pg_temp.err($q$SELECT * FROM logistics.allocate_orders(ARRAY[1]::bigint[],
	ARRAY[1], ARRAY[7]::bigint[], ARRAY[1]::float8[], ARRAY[40]::float8[],
	ARRAY[-100]::float8[], ARRAY[NULL, NULL]::timestamptz[], ARRAY[1]::bigint[],
	ARRAY[40]::float8[], ARRAY[-100]::float8[], ARRAY[1]::bigint[], ARRAY[7]::bigint[],
	ARRAY[5]::float8[], now())$q$) AS promise_length;
