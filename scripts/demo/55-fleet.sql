-- make demo, fleet routing: one week of deliveries per warehouse planned
-- again with logistics.vrp_solve (through vrp_routes) and compared with the
-- routes as stored, per warehouse and day; one day's plan drawn as an SVG
-- file (demo-out/fleet-day.svg under the project root).
--
-- The plan gets the stored plan's constraints, so that the stored routes
-- are one of its feasible answers: as many vans as stored routes that day,
-- each for as many parcels (one per order) as the longest stored route
-- carried, shifts of 14 hours from 08:00 (the longest stored route takes
-- 13.5 hours), and the stops of that day.  Both plans are costed the
-- same way: logistics.route_cost() with logistics.cost_model()'s defaults
-- on geodesic distances (the solver also gets geodesic distances:
-- detour_factor 1, and the cost model's speed, per-km, per-hour and
-- per-route costs).  The sample data has no delivery windows, so there is
-- no on-time share to compare.  Only temporary tables are written.
\set QUIET 1
\pset footer off
SET client_min_messages = warning;

\echo '== Fleet routing: one week per warehouse, stored routes against logistics.vrp_solve'
\echo

SELECT to_regclass('sample.delivery_stop') IS NOT NULL
	   AND to_regprocedure('logistics.vrp_routes(jsonb, jsonb)') IS NOT NULL
	   AS demo_fleet_ready \gset
\if :demo_fleet_ready

-- the week (Monday to Sunday) with the most stops
SELECT date_trunc('week', r.route_date)::date AS demo_week
FROM sample.delivery_route r JOIN sample.delivery_stop s USING (route_id)
GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1 \gset

-- per warehouse and day: the fleet the stored plan used and the stops
CREATE TEMP TABLE fleet_day AS
SELECT r.warehouse_id, w.code, r.route_date, w.lat AS wlat, w.lon AS wlon,
	   count(DISTINCT r.route_id)::int AS vans,
	   (SELECT max(n) FROM (SELECT count(*) AS n FROM sample.delivery_stop s2
							JOIN sample.delivery_route r2 USING (route_id)
							WHERE r2.warehouse_id = r.warehouse_id
							  AND r2.route_date = r.route_date
							GROUP BY s2.route_id) m)::float8 AS parcels,
	   jsonb_agg(logistics.vrp_job(s.order_id, s.lon, s.lat, delivery => ARRAY[1],
								   service_s => 300)) AS jobs
FROM sample.delivery_route r
JOIN sample.warehouse w USING (warehouse_id)
JOIN sample.delivery_stop s USING (route_id)
WHERE r.route_date >= :'demo_week' AND r.route_date < :'demo_week'::date + 7
GROUP BY r.warehouse_id, w.code, r.route_date, w.lat, w.lon;

-- the plans, one vrp_solve per warehouse and day, as rows
CREATE TEMP TABLE fleet_plan AS
SELECT d.warehouse_id, d.route_date, p.*
FROM fleet_day d,
	 LATERAL logistics.vrp_routes(jsonb_build_object(
		 'vehicles', (SELECT jsonb_agg(logistics.vrp_vehicle(
							  v, d.wlon, d.wlat, capacity => ARRAY[d.parcels],
							  shift_start => d.route_date + time '08:00',
							  shift_end => d.route_date + time '22:00',
							  fixed_cost => c.fixed_cost, cost_per_hour => c.cost_per_hour,
							  cost_per_km => c.cost_per_km, co2_g_per_km => c.co2_g_per_km))
					  FROM generate_series(1, d.vans) v, logistics.cost_model() c),
		 'jobs', d.jobs),
		 jsonb_build_object('speed_kmh', (logistics.cost_model()).speed_kmh,
							'detour_factor', 1)) p;

-- every point of every route in visiting order: stored, and planned
CREATE TEMP TABLE fleet_point AS
SELECT 'stored'::text AS plan, r.warehouse_id, r.route_date, r.route_id::bigint AS route,
	   s.seq AS pos, s.lat, s.lon, true AS is_stop
FROM sample.delivery_route r JOIN sample.delivery_stop s USING (route_id)
WHERE r.route_date >= :'demo_week' AND r.route_date < :'demo_week'::date + 7
UNION ALL
SELECT 'stored', r.warehouse_id, r.route_date, r.route_id, e.pos, w.lat, w.lon, false
FROM sample.delivery_route r JOIN sample.warehouse w USING (warehouse_id),
	 (VALUES (-1000000), (1000000)) e(pos)
WHERE r.route_date >= :'demo_week' AND r.route_date < :'demo_week'::date + 7
UNION ALL
SELECT 'vrp_solve', warehouse_id, route_date, vehicle_id, route_step, lat, lon, kind = 'job'
FROM fleet_plan WHERE vehicle_id IS NOT NULL;

CREATE TEMP TABLE fleet_cost AS
SELECT plan, warehouse_id, route_date, route,
	   logistics.route_cost(lat, lon, logistics.cost_model(), is_stop ORDER BY pos) AS c
FROM fleet_point
GROUP BY plan, warehouse_id, route_date, route;

\echo 'Per warehouse and day (vans: routes driven; every stop served by both plans unless "unassigned" says otherwise):'
SELECT d.code AS warehouse, d.route_date AS day,
	   sum((c.c).stops) FILTER (WHERE c.plan = 'stored') AS stops,
	   count(*) FILTER (WHERE c.plan = 'stored') AS vans_stored,
	   count(*) FILTER (WHERE c.plan = 'vrp_solve') AS vans_vrp,
	   round(sum((c.c).distance_m) FILTER (WHERE c.plan = 'stored')::numeric / 1000, 1) AS km_stored,
	   round(sum((c.c).distance_m) FILTER (WHERE c.plan = 'vrp_solve')::numeric / 1000, 1) AS km_vrp,
	   round((sum((c.c).duration_h) FILTER (WHERE c.plan = 'stored'))::numeric, 1) AS hours_stored,
	   round((sum((c.c).duration_h) FILTER (WHERE c.plan = 'vrp_solve'))::numeric, 1) AS hours_vrp,
	   round(sum((c.c).cost) FILTER (WHERE c.plan = 'stored')::numeric, 2) AS cost_stored,
	   round(sum((c.c).cost) FILTER (WHERE c.plan = 'vrp_solve')::numeric, 2) AS cost_vrp,
	   round(sum((c.c).co2_kg) FILTER (WHERE c.plan = 'stored')::numeric, 1) AS co2_kg_stored,
	   round(sum((c.c).co2_kg) FILTER (WHERE c.plan = 'vrp_solve')::numeric, 1) AS co2_kg_vrp,
	   (SELECT count(*) FROM fleet_plan p
		WHERE p.warehouse_id = d.warehouse_id AND p.route_date = d.route_date
		  AND p.kind = 'unassigned') AS unassigned
FROM fleet_day d
JOIN fleet_cost c ON c.warehouse_id = d.warehouse_id AND c.route_date = d.route_date
GROUP BY d.code, d.warehouse_id, d.route_date
ORDER BY d.code, d.route_date;

\echo 'The week, all warehouses:'
SELECT plan, count(*) AS vans, sum((c).stops) AS stops,
	   round(sum((c).distance_m)::numeric / 1000, 1) AS km,
	   round(sum((c).duration_h)::numeric, 1) AS hours,
	   round(sum((c).cost)::numeric, 2) AS cost,
	   round(sum((c).co2_kg)::numeric, 1) AS co2_kg
FROM fleet_cost GROUP BY plan ORDER BY plan;

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
	SELECT p.route, p.pos, p.is_stop,
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
			   CASE WHEN is_stop THEN
				   format('<circle cx="%s" cy="%s" r="4" fill="%s"/>',
						  round(x::numeric, 1), round(y::numeric, 1), rgb)
			   ELSE format('<rect x="%s" y="%s" width="12" height="12" fill="#000"/>',
						   round(x::numeric - 6, 1), round(y::numeric - 6, 1)) END,
			   '' ORDER BY van, pos) AS svg
	FROM xy JOIN colour USING (van)),
title AS (
	SELECT format('vans: %s, stops: %s, %s km, cost %s, %s kg CO2 (as stored: vans: %s, %s km)',
				  count(*) FILTER (WHERE plan = 'vrp_solve'),
				  sum((c).stops) FILTER (WHERE plan = 'vrp_solve'),
				  round(sum((c).distance_m) FILTER (WHERE plan = 'vrp_solve')::numeric / 1000, 1),
				  round(sum((c).cost) FILTER (WHERE plan = 'vrp_solve')::numeric, 2),
				  round(sum((c).co2_kg) FILTER (WHERE plan = 'vrp_solve')::numeric, 1),
				  count(*) FILTER (WHERE plan = 'stored'),
				  round(sum((c).distance_m) FILTER (WHERE plan = 'stored')::numeric / 1000, 1)) AS t
	FROM fleet_cost
	WHERE warehouse_id = :demo_fleet_wh AND route_date = :'demo_fleet_day')
SELECT format(
	'<svg xmlns="http://www.w3.org/2000/svg" width="600" height="660" viewBox="0 0 600 660" font-family="sans-serif">'
	'<rect width="600" height="660" fill="white"/>'
	'<text x="300" y="22" font-size="15" text-anchor="middle">%s, %s: the plan of logistics.vrp_solve</text>'
	'<text x="300" y="44" font-size="12" text-anchor="middle">%s</text>'
	'%s%s'
	'<text x="300" y="652" font-size="10" text-anchor="middle" fill="#666">one colour per van; square: warehouse; geodesic distances (WGS84), logistics.cost_model() defaults</text>'
	'</svg>',
	(SELECT code FROM sample.warehouse WHERE warehouse_id = :demo_fleet_wh),
	:'demo_fleet_day', (SELECT t FROM title), (SELECT svg FROM lines), (SELECT svg FROM dots))
\g (format=unaligned tuples_only=on) demo-out/fleet-day.svg

\echo 'Drawn: the plan of warehouse' :demo_fleet_wh 'on' :demo_fleet_day 'in demo-out/fleet-day.svg (under the project root).'
\else
\echo 'skipped: needs the sample data (sample.delivery_stop) and logistics.vrp_routes'
\endif
