-- make demo, fleet routing: one week of deliveries and return pickups per
-- warehouse planned with logistics.vrp_solve (through vrp_routes) and
-- compared with the routes as stored, per warehouse and day; one day's plan
-- drawn as an SVG file (demo-out/fleet-day.svg under the project root).
--
-- What the dispatcher has (sample data, doc/sample-data.md "Fleet"): the
-- warehouse's vans (two sizes, capacities in kg and m3, 08:00-20:00 local
-- shifts, own costs), each order's weight and volume, the delivery windows
-- customers chose, and the returned goods to collect that day.  The stored
-- routes ignore the windows and carry no pickups (they were made by zone
-- and order id).  Both plans are costed alike: logistics.route_cost() on
-- geodesic distances with a cost model made of the van's own costs (the
-- stored route's van is the one its vehicle name says).  On time: served
-- inside the window, or on the promised day when the customer chose none
-- (stored: delivered_at; plan: arrival plus waiting).  Only temporary
-- tables are written.
\set QUIET 1
\pset footer off
SET client_min_messages = warning;

\echo '== Fleet routing: one week per warehouse, stored routes against logistics.vrp_solve'
\echo

SELECT to_regclass('sample.delivery_stop') IS NOT NULL
	   AND to_regclass('sample.van') IS NOT NULL
	   AND to_regprocedure('logistics.vrp_routes(jsonb, jsonb)') IS NOT NULL
	   AS demo_fleet_ready \gset
\if :demo_fleet_ready

-- the week (Monday to Sunday) with the most stops
SELECT date_trunc('week', r.route_date)::date AS demo_week
FROM sample.delivery_route r JOIN sample.delivery_stop s USING (route_id)
GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1 \gset

-- the tasks of each warehouse and day: deliveries (job id = order id) and
-- pickups of returns (job id = 10^12 + pickup id), with weight and volume
CREATE TEMP TABLE fleet_task AS
SELECT r.warehouse_id, r.route_date, o.order_id AS job_id, 'delivery'::text AS task,
	   s.lat, s.lon, p.kg, p.m3, dw.window_start, dw.window_end, o.delivered_at,
	   o.promised_at
FROM sample.delivery_route r
JOIN sample.delivery_stop s USING (route_id)
JOIN sample.orders o ON o.order_id = s.order_id
LEFT JOIN sample.delivery_window dw ON dw.order_id = o.order_id
CROSS JOIN LATERAL (
	SELECT coalesce(sum(l.qty_shipped * z.unit_weight_kg), 0) AS kg,
		   coalesce(sum(l.qty_shipped * z.unit_volume_m3), 0) AS m3
	FROM sample.order_line l JOIN sample.sku_size z USING (sku_id)
	WHERE l.order_id = o.order_id) p
WHERE r.route_date >= :'demo_week' AND r.route_date < :'demo_week'::date + 7
UNION ALL
SELECT rp.warehouse_id, rp.pickup_date, 1000000000000 + rp.pickup_id, 'pickup',
	   rp.lat, rp.lon, rp.weight_kg, rp.volume_m3, NULL, NULL, NULL, NULL
FROM sample.return_pickup rp
WHERE rp.pickup_date >= :'demo_week' AND rp.pickup_date < :'demo_week'::date + 7
  AND EXISTS (SELECT 1 FROM sample.delivery_route r
			  WHERE r.warehouse_id = rp.warehouse_id AND r.route_date = rp.pickup_date);

-- per warehouse and day: the problem for vrp_solve
CREATE TEMP TABLE fleet_day AS
SELECT t.warehouse_id, w.code, t.route_date, w.lat AS wlat, w.lon AS wlon, w.time_zone,
	   jsonb_agg(logistics.vrp_job(t.job_id, t.lon, t.lat,
								   delivery => CASE WHEN t.task = 'delivery' THEN ARRAY[t.kg, t.m3] END,
								   pickup => CASE WHEN t.task = 'pickup' THEN ARRAY[t.kg, t.m3] END,
								   service_s => 300,
								   window_start => t.window_start, window_end => t.window_end)
			 ORDER BY t.job_id) AS jobs
FROM fleet_task t JOIN sample.warehouse w USING (warehouse_id)
GROUP BY t.warehouse_id, w.code, t.route_date, w.lat, w.lon, w.time_zone;

-- the plans, one vrp_solve per warehouse and day, as rows; the vans of the
-- warehouse with their shifts on that day, capacities [kg, m3] and costs
CREATE TEMP TABLE fleet_plan AS
SELECT d.warehouse_id, d.route_date, p.*
FROM fleet_day d,
	 LATERAL logistics.vrp_routes(jsonb_build_object(
		 'vehicles', (SELECT jsonb_agg(logistics.vrp_vehicle(
							  v.van_id, d.wlon, d.wlat,
							  capacity => ARRAY[v.capacity_kg, v.capacity_m3],
							  shift_start => (d.route_date + v.shift_start) AT TIME ZONE d.time_zone,
							  shift_end => (d.route_date + v.shift_end) AT TIME ZONE d.time_zone,
							  fixed_cost => v.fixed_cost, cost_per_hour => v.cost_per_hour,
							  cost_per_km => v.cost_per_km, co2_g_per_km => v.co2_g_per_km,
							  description => v.vehicle) ORDER BY v.van_id)
					  FROM sample.van v WHERE v.warehouse_id = d.warehouse_id),
		 'jobs', d.jobs),
		 jsonb_build_object('speed_kmh', (logistics.cost_model()).speed_kmh,
							'detour_factor', 1)) p;

-- every point of every route in visiting order: stored, and planned, with
-- the van that drives it
CREATE TEMP TABLE fleet_point AS
SELECT 'stored'::text AS plan, r.warehouse_id, r.route_date, r.route_id::bigint AS route,
	   v.van_id, s.seq AS pos, s.lat, s.lon, true AS is_stop, 'delivery'::text AS task
FROM sample.delivery_route r JOIN sample.delivery_stop s USING (route_id)
JOIN sample.van v ON v.vehicle = r.vehicle
WHERE r.route_date >= :'demo_week' AND r.route_date < :'demo_week'::date + 7
UNION ALL
SELECT 'stored', r.warehouse_id, r.route_date, r.route_id, v.van_id, e.pos, w.lat, w.lon,
	   false, NULL
FROM sample.delivery_route r JOIN sample.warehouse w USING (warehouse_id)
JOIN sample.van v ON v.vehicle = r.vehicle,
	 (VALUES (-1000000), (1000000)) e(pos)
WHERE r.route_date >= :'demo_week' AND r.route_date < :'demo_week'::date + 7
UNION ALL
SELECT 'vrp_solve', warehouse_id, route_date, vehicle_id, vehicle_id, route_step, lat, lon,
	   kind IN ('job', 'pickup', 'delivery'),
	   CASE WHEN job_id >= 1000000000000 THEN 'pickup' ELSE 'delivery' END
FROM fleet_plan WHERE vehicle_id IS NOT NULL;

CREATE TEMP TABLE fleet_cost AS
SELECT f.plan, f.warehouse_id, f.route_date, f.route,
	   logistics.route_cost(f.lat, f.lon,
							logistics.cost_model(cost_per_km => v.cost_per_km,
												 cost_per_hour => v.cost_per_hour,
												 cost_per_stop => 0,
												 fixed_cost => v.fixed_cost,
												 co2_g_per_km => v.co2_g_per_km),
							f.is_stop ORDER BY f.pos) AS c
FROM fleet_point f JOIN sample.van v USING (van_id)
GROUP BY f.plan, f.warehouse_id, f.route_date, f.route, v.van_id;

-- on time, per delivery, in both plans
CREATE TEMP TABLE fleet_on_time AS
SELECT t.warehouse_id, t.route_date, t.job_id,
	   CASE WHEN t.window_start IS NOT NULL
			THEN t.delivered_at BETWEEN t.window_start AND t.window_end
			ELSE t.delivered_at <= t.promised_at END AS stored_on_time,
	   CASE WHEN p.job_id IS NULL THEN false
			WHEN t.window_start IS NOT NULL
			THEN to_timestamp(p.arrival_s + p.waiting_s) BETWEEN t.window_start AND t.window_end
			ELSE true END AS vrp_on_time
FROM fleet_task t
LEFT JOIN fleet_plan p ON p.warehouse_id = t.warehouse_id AND p.route_date = t.route_date
					  AND p.job_id = t.job_id AND p.vehicle_id IS NOT NULL
WHERE t.task = 'delivery';

\echo 'Per warehouse and day (deliveries: stops of the stored routes; pickups: returns to collect, which the stored routes leave out):'
SELECT d.code AS warehouse, d.route_date AS day,
	   (SELECT count(*) FROM fleet_task t WHERE t.warehouse_id = d.warehouse_id
		  AND t.route_date = d.route_date AND t.task = 'delivery') AS deliveries,
	   (SELECT count(*) FROM fleet_task t WHERE t.warehouse_id = d.warehouse_id
		  AND t.route_date = d.route_date AND t.task = 'pickup') AS pickups,
	   count(*) FILTER (WHERE c.plan = 'stored') AS vans_stored,
	   count(*) FILTER (WHERE c.plan = 'vrp_solve') AS vans_vrp,
	   round(sum((c.c).distance_m) FILTER (WHERE c.plan = 'stored')::numeric / 1000, 1) AS km_stored,
	   round(sum((c.c).distance_m) FILTER (WHERE c.plan = 'vrp_solve')::numeric / 1000, 1) AS km_vrp,
	   round(sum((c.c).duration_h) FILTER (WHERE c.plan = 'stored')::numeric, 1) AS hours_stored,
	   round(sum((c.c).duration_h) FILTER (WHERE c.plan = 'vrp_solve')::numeric, 1) AS hours_vrp,
	   round(sum((c.c).cost) FILTER (WHERE c.plan = 'stored')::numeric, 2) AS cost_stored,
	   round(sum((c.c).cost) FILTER (WHERE c.plan = 'vrp_solve')::numeric, 2) AS cost_vrp,
	   round(sum((c.c).co2_kg) FILTER (WHERE c.plan = 'stored')::numeric, 1) AS co2_kg_stored,
	   round(sum((c.c).co2_kg) FILTER (WHERE c.plan = 'vrp_solve')::numeric, 1) AS co2_kg_vrp,
	   (SELECT round(avg(stored_on_time::int), 2) FROM fleet_on_time o
		WHERE o.warehouse_id = d.warehouse_id AND o.route_date = d.route_date) AS on_time_stored,
	   (SELECT round(avg(vrp_on_time::int), 2) FROM fleet_on_time o
		WHERE o.warehouse_id = d.warehouse_id AND o.route_date = d.route_date) AS on_time_vrp,
	   (SELECT count(*) FROM fleet_plan p
		WHERE p.warehouse_id = d.warehouse_id AND p.route_date = d.route_date
		  AND p.kind = 'unassigned') AS unassigned
FROM fleet_day d
JOIN fleet_cost c ON c.warehouse_id = d.warehouse_id AND c.route_date = d.route_date
GROUP BY d.code, d.warehouse_id, d.route_date
ORDER BY d.code, d.route_date;

\echo 'The week, all warehouses (on_time: share of deliveries inside their window, or on the promised day without one):'
SELECT c.plan, count(*) AS vans,
	   sum((c.c).stops) AS stops,
	   round(sum((c.c).distance_m)::numeric / 1000, 1) AS km,
	   round(sum((c.c).duration_h)::numeric, 1) AS hours,
	   round(sum((c.c).cost)::numeric, 2) AS cost,
	   round(sum((c.c).co2_kg)::numeric, 1) AS co2_kg,
	   round(CASE WHEN c.plan = 'stored'
				  THEN (SELECT avg(stored_on_time::int) FROM fleet_on_time)
				  ELSE (SELECT avg(vrp_on_time::int) FROM fleet_on_time) END, 3) AS on_time
FROM fleet_cost c GROUP BY c.plan ORDER BY c.plan;

-- ---------------------------------------------------------------------------
-- Drawing: of the days with the most vans in the plan, the one with the
-- largest distance saving; the planned routes one colour per van (equirectangular projection around
-- the day's centre, as in 50-routes.sql); the square is the warehouse.
-- ---------------------------------------------------------------------------
SELECT warehouse_id AS demo_fleet_wh, route_date AS demo_fleet_day
FROM fleet_cost
GROUP BY warehouse_id, route_date
ORDER BY count(*) FILTER (WHERE plan = 'vrp_solve') DESC,
		 sum((c).distance_m) FILTER (WHERE plan = 'stored')
		 - sum((c).distance_m) FILTER (WHERE plan = 'vrp_solve') DESC NULLS LAST,
		 warehouse_id, route_date
LIMIT 1 \gset

\! mkdir -p demo-out
WITH p AS (
	SELECT * FROM fleet_point
	WHERE plan = 'vrp_solve' AND warehouse_id = :demo_fleet_wh
	  AND route_date = :'demo_fleet_day'),
box AS (
	SELECT min(lat) AS lat0, max(lat) AS lat1, min(lon) AS lon0, max(lon) AS lon1,
		   cos(radians((min(lat) + max(lat)) / 2)) AS k
	FROM p),
sc AS (
	SELECT lat0, lat1, lon0, lon1, k,
		   560 / greatest((lon1 - lon0) * k, lat1 - lat0, 1e-9) AS s
	FROM box),
xy AS (
	SELECT p.route, p.pos, p.is_stop, p.task,
		   dense_rank() OVER (ORDER BY p.route) AS van,
		   300 + (p.lon - (sc.lon0 + sc.lon1) / 2) * sc.k * sc.s AS x,
		   340 - (p.lat - (sc.lat0 + sc.lat1) / 2) * sc.s AS y
	FROM p, sc),
colour AS (
	SELECT van, (ARRAY['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd',
					   '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'])
				[1 + (van - 1) % 10] AS rgb
	FROM (SELECT DISTINCT van FROM xy) v),
lines AS (
	SELECT string_agg(format('<polyline points="%s" fill="none" stroke="%s" stroke-width="2"/>',
							 pts, rgb), '' ORDER BY van) AS svg
	FROM (SELECT van, string_agg(format('%s,%s', round(x::numeric, 1), round(y::numeric, 1)),
								 ' ' ORDER BY pos) AS pts
		  FROM xy GROUP BY van) l JOIN colour USING (van)),
dots AS (
	SELECT string_agg(
			   CASE WHEN is_stop AND task = 'pickup' THEN
				   format('<circle cx="%s" cy="%s" r="4" fill="white" stroke="%s" stroke-width="2"/>',
						  round(x::numeric, 1), round(y::numeric, 1), rgb)
					WHEN is_stop THEN
				   format('<circle cx="%s" cy="%s" r="4" fill="%s"/>',
						  round(x::numeric, 1), round(y::numeric, 1), rgb)
			   ELSE format('<rect x="%s" y="%s" width="12" height="12" fill="#000"/>',
						   round(x::numeric - 6, 1), round(y::numeric - 6, 1)) END,
			   '' ORDER BY van, pos) AS svg
	FROM xy JOIN colour USING (van)),
title AS (
	SELECT format('vans: %s, deliveries: %s (%s of %s on time), pickups: %s, %s km, cost %s, %s kg CO2 (as stored: vans: %s, %s km, %s on time)',
				  count(*) FILTER (WHERE plan = 'vrp_solve'),
				  (SELECT count(*) FROM fleet_on_time o WHERE o.warehouse_id = :demo_fleet_wh
					 AND o.route_date = :'demo_fleet_day'),
				  (SELECT count(*) FILTER (WHERE vrp_on_time) FROM fleet_on_time o
				   WHERE o.warehouse_id = :demo_fleet_wh AND o.route_date = :'demo_fleet_day'),
				  (SELECT count(*) FROM fleet_on_time o WHERE o.warehouse_id = :demo_fleet_wh
					 AND o.route_date = :'demo_fleet_day'),
				  (SELECT count(*) FROM fleet_point f WHERE f.plan = 'vrp_solve'
					 AND f.task = 'pickup' AND f.is_stop AND f.warehouse_id = :demo_fleet_wh
					 AND f.route_date = :'demo_fleet_day'),
				  round(sum((c).distance_m) FILTER (WHERE plan = 'vrp_solve')::numeric / 1000, 1),
				  round(sum((c).cost) FILTER (WHERE plan = 'vrp_solve')::numeric, 2),
				  round(sum((c).co2_kg) FILTER (WHERE plan = 'vrp_solve')::numeric, 1),
				  count(*) FILTER (WHERE plan = 'stored'),
				  round(sum((c).distance_m) FILTER (WHERE plan = 'stored')::numeric / 1000, 1),
				  (SELECT count(*) FILTER (WHERE stored_on_time) FROM fleet_on_time o
				   WHERE o.warehouse_id = :demo_fleet_wh AND o.route_date = :'demo_fleet_day')) AS t
	FROM fleet_cost
	WHERE warehouse_id = :demo_fleet_wh AND route_date = :'demo_fleet_day')
SELECT format(
	'<svg xmlns="http://www.w3.org/2000/svg" width="600" height="660" viewBox="0 0 600 660" font-family="sans-serif">'
	'<rect width="600" height="660" fill="white"/>'
	'<text x="300" y="22" font-size="15" text-anchor="middle">%s, %s: the plan of logistics.vrp_solve</text>'
	'<text x="300" y="44" font-size="12" text-anchor="middle">%s</text>'
	'%s%s'
	'<text x="300" y="652" font-size="10" text-anchor="middle" fill="#666">one colour per van; dots: deliveries, rings: pickups of returns; square: warehouse; geodesic distances (WGS84), the vans'' own costs</text>'
	'</svg>',
	(SELECT code FROM sample.warehouse WHERE warehouse_id = :demo_fleet_wh),
	:'demo_fleet_day', (SELECT t FROM title), (SELECT svg FROM lines), (SELECT svg FROM dots))
\g (format=unaligned tuples_only=on) demo-out/fleet-day.svg

\echo 'Drawn: the plan of warehouse' :demo_fleet_wh 'on' :demo_fleet_day 'in demo-out/fleet-day.svg (under the project root).'
\else
\echo 'skipped: needs the sample data (sample.delivery_stop) and logistics.vrp_routes'
\endif
