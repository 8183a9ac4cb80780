-- make demo, routes: cost every delivery route of the sample company as
-- stored and after reordering its stops with logistics.tsp_tour, show the
-- saving, and draw one route before and after as an SVG file
-- (demo-out/route-before-after.svg under the project root).
--
-- A route leaves its warehouse, visits its stops (sample.delivery_stop, in
-- the stored dispatch order seq) and returns; the warehouse is a waypoint,
-- not a stop.  Distances are geodesic (WGS84); the cost model is
-- logistics.cost_model() with its defaults.  Only temporary tables are
-- written.
\set QUIET 1
\pset footer off
SET client_min_messages = warning;

\echo '== Routes: delivery route cost as stored and in the order logistics.tsp_tour finds'
\echo

-- needs the sample company (scripts/data) and logistics.tsp_tour
SELECT to_regclass('sample.delivery_stop') IS NOT NULL
	   AND to_regprocedure('logistics.tsp_tour(float8[], float8[], boolean, int, int)') IS NOT NULL
	   AS demo_routes_ready \gset
\if :demo_routes_ready

-- one row per route: the warehouse and the stops in stored order
CREATE TEMP TABLE demo_route AS
SELECT r.route_id, r.warehouse_id, w.code, r.route_date,
	   w.lat AS wlat, w.lon AS wlon,
	   array_agg(s.lat ORDER BY s.seq) AS lat,
	   array_agg(s.lon ORDER BY s.seq) AS lon,
	   array_agg(s.seq ORDER BY s.seq) AS seq
FROM sample.delivery_route r
JOIN sample.warehouse w USING (warehouse_id)
JOIN sample.delivery_stop s USING (route_id)
GROUP BY r.route_id, r.warehouse_id, w.code, r.route_date, w.lat, w.lon;

-- the round trip from the warehouse (point 1) through the stops (points
-- 2 .. n+1), shortest found by tsp_tour on geodesic distances
CREATE TEMP TABLE demo_tour AS
SELECT route_id,
	   logistics.tsp_tour(array_prepend(wlat, lat), array_prepend(wlon, lon),
						  closed => true, start_index => 1) AS tour
FROM demo_route;

-- every point of every route in visiting order, as stored and as reordered
CREATE TEMP TABLE demo_point AS
SELECT 'stored'::text AS plan, route_id, 0 AS pos, wlat AS lat, wlon AS lon,
	   false AS is_stop, 0 AS stop_seq
FROM demo_route
UNION ALL
SELECT 'stored', route_id, i, lat[i], lon[i], true, seq[i]
FROM demo_route, generate_subscripts(lat, 1) AS i
UNION ALL
SELECT 'stored', route_id, cardinality(lat) + 1, wlat, wlon, false, 0
FROM demo_route
UNION ALL
SELECT 'tsp_tour', r.route_id, u.k::int - 1,
	   CASE WHEN u.t = 1 THEN r.wlat ELSE r.lat[u.t - 1] END,
	   CASE WHEN u.t = 1 THEN r.wlon ELSE r.lon[u.t - 1] END,
	   u.t <> 1, CASE WHEN u.t = 1 THEN 0 ELSE r.seq[u.t - 1] END
FROM demo_route r
JOIN demo_tour t USING (route_id),
	 unnest(t.tour) WITH ORDINALITY AS u(t, k)
UNION ALL
SELECT 'tsp_tour', route_id, cardinality(lat) + 1, wlat, wlon, false, 0
FROM demo_route;

CREATE TEMP TABLE demo_cost AS
SELECT plan, route_id,
	   logistics.route_cost(lat, lon, logistics.cost_model(), is_stop ORDER BY pos) AS c
FROM demo_point
GROUP BY plan, route_id;

\echo 'Cost model (logistics.cost_model() defaults: per km, per hour, per stop, per route, km/h, service min/stop, g CO2/km):'
SELECT * FROM logistics.cost_model();

\echo 'All routes, as stored and reordered by tsp_tour:'
SELECT plan,
	   count(*) AS routes,
	   sum((c).stops) AS stops,
	   round(sum((c).distance_m)::numeric / 1000, 1) AS km,
	   round(sum((c).duration_h)::numeric, 1) AS hours,
	   round(sum((c).cost)::numeric, 2) AS cost,
	   round(sum((c).co2_kg)::numeric, 1) AS co2_kg
FROM demo_cost
GROUP BY plan
ORDER BY plan;

\echo 'Saving by warehouse (tsp_tour against stored order):'
SELECT r.code AS warehouse,
	   count(*) AS routes,
	   round(sum((s.c).distance_m - (t.c).distance_m)::numeric / 1000, 1) AS km_saved,
	   round(100 * (1 - sum((t.c).distance_m) / sum((s.c).distance_m))::numeric, 1) AS km_saved_pct,
	   round(sum((s.c).cost - (t.c).cost)::numeric, 2) AS cost_saved,
	   round(100 * (1 - sum((t.c).cost) / sum((s.c).cost))::numeric, 1) AS cost_saved_pct,
	   round(sum((s.c).co2_kg - (t.c).co2_kg)::numeric, 1) AS co2_kg_saved,
	   count(*) FILTER (WHERE (t.c).distance_m > (s.c).distance_m + 1e-6) AS routes_longer
FROM demo_route r
JOIN demo_cost s ON s.route_id = r.route_id AND s.plan = 'stored'
JOIN demo_cost t ON t.route_id = r.route_id AND t.plan = 'tsp_tour'
GROUP BY ROLLUP (r.code)
ORDER BY r.code NULLS LAST;

\echo 'The five routes with the largest saving:'
SELECT r.route_id, r.code AS warehouse, r.route_date, (s.c).stops,
	   round((s.c).distance_m::numeric / 1000, 1) AS km_stored,
	   round((t.c).distance_m::numeric / 1000, 1) AS km_tsp,
	   round(((s.c).cost - (t.c).cost)::numeric, 2) AS cost_saved,
	   (SELECT array_agg(stop_seq ORDER BY pos) FROM demo_point p
		WHERE p.route_id = r.route_id AND p.plan = 'tsp_tour' AND p.is_stop) AS tsp_order
FROM demo_route r
JOIN demo_cost s ON s.route_id = r.route_id AND s.plan = 'stored'
JOIN demo_cost t ON t.route_id = r.route_id AND t.plan = 'tsp_tour'
ORDER BY (s.c).distance_m - (t.c).distance_m DESC, r.route_id
LIMIT 5;

-- ---------------------------------------------------------------------------
-- Drawing: the route with the largest distance saving, before and after, as
-- two panels of one SVG.  Equirectangular projection around the route's
-- centre (x = lon cos(lat0), y = lat), scaled to fit; the square is the
-- warehouse, the numbers are the stored stop sequence.
-- ---------------------------------------------------------------------------
SELECT r.route_id AS demo_svg_route
FROM demo_route r
JOIN demo_cost s ON s.route_id = r.route_id AND s.plan = 'stored'
JOIN demo_cost t ON t.route_id = r.route_id AND t.plan = 'tsp_tour'
ORDER BY (s.c).distance_m - (t.c).distance_m DESC, r.route_id
LIMIT 1 \gset

\! mkdir -p demo-out
WITH p AS (
	SELECT * FROM demo_point WHERE route_id = :demo_svg_route),
box AS (
	SELECT min(lat) AS lat0, max(lat) AS lat1, min(lon) AS lon0, max(lon) AS lon1,
		   cos(radians((min(lat) + max(lat)) / 2)) AS k
	FROM p),
sc AS (
	-- 360 px for the larger side of the box, centred in a 400 x 400 plot
	SELECT lat0, lat1, lon0, lon1, k,
		   360 / greatest((lon1 - lon0) * k, lat1 - lat0, 1e-9) AS s
	FROM box),
xy AS (
	SELECT p.plan, p.pos, p.is_stop, p.stop_seq,
		   CASE WHEN p.plan = 'stored' THEN 0 ELSE 420 END
			 + 200 + (p.lon - (sc.lon0 + sc.lon1) / 2) * sc.k * sc.s AS x,
		   250 - (p.lat - (sc.lat0 + sc.lat1) / 2) * sc.s AS y
	FROM p, sc),
path AS (
	SELECT plan,
		   string_agg(format('%s,%s', round(x::numeric, 1), round(y::numeric, 1)), ' ' ORDER BY pos) AS pts
	FROM xy GROUP BY plan),
dots AS (
	SELECT string_agg(
			   CASE WHEN is_stop THEN
				   format('<circle cx="%s" cy="%s" r="5" fill="#1f77b4"/>'
						  '<text x="%s" y="%s" font-size="11" fill="#333">%s</text>',
						  round(x::numeric, 1), round(y::numeric, 1),
						  round(x::numeric + 7, 1), round(y::numeric - 6, 1), stop_seq)
			   WHEN pos = 0 THEN
				   format('<rect x="%s" y="%s" width="12" height="12" fill="#d62728"/>',
						  round(x::numeric - 6, 1), round(y::numeric - 6, 1))
			   ELSE '' END, '' ORDER BY plan, pos) AS svg
	FROM xy),
title AS (
	SELECT plan,
		   format('%s: %s km, %s, cost %s, %s kg CO2',
				  CASE WHEN plan = 'stored' THEN 'as stored' ELSE 'after tsp_tour' END,
				  round((c).distance_m::numeric / 1000, 1),
				  to_char(make_interval(secs => (c).duration_h * 3600), 'HH24:MI'),
				  round((c).cost::numeric, 2), round((c).co2_kg::numeric, 1)) AS t
	FROM demo_cost WHERE route_id = :demo_svg_route)
SELECT format(
	'<svg xmlns="http://www.w3.org/2000/svg" width="840" height="470" viewBox="0 0 840 470" font-family="sans-serif">'
	'<rect width="840" height="470" fill="white"/>'
	'<text x="420" y="22" font-size="15" text-anchor="middle">route %s (%s, %s, %s stops)</text>'
	'<text x="200" y="46" font-size="12" text-anchor="middle">%s</text>'
	'<text x="620" y="46" font-size="12" text-anchor="middle">%s</text>'
	'<rect x="0.5" y="50.5" width="399" height="399" fill="none" stroke="#ccc"/>'
	'<rect x="420.5" y="50.5" width="399" height="399" fill="none" stroke="#ccc"/>'
	'<polyline points="%s" fill="none" stroke="#ff7f0e" stroke-width="2"/>'
	'<polyline points="%s" fill="none" stroke="#2ca02c" stroke-width="2"/>'
	'%s'
	'<text x="420" y="465" font-size="10" text-anchor="middle" fill="#666">square: warehouse; numbers: stored stop sequence; geodesic distances (WGS84), logistics.cost_model() defaults</text>'
	'</svg>',
	r.route_id, r.code, r.route_date, cardinality(r.lat),
	(SELECT t FROM title WHERE plan = 'stored'),
	(SELECT t FROM title WHERE plan = 'tsp_tour'),
	(SELECT pts FROM path WHERE plan = 'stored'),
	(SELECT pts FROM path WHERE plan = 'tsp_tour'),
	(SELECT svg FROM dots))
FROM demo_route r WHERE r.route_id = :demo_svg_route
\g (format=unaligned tuples_only=on) demo-out/route-before-after.svg

\echo 'Drawn: route' :demo_svg_route 'before and after, in demo-out/route-before-after.svg (under the project root).'
\else
\echo 'skipped: needs the sample data (sample.delivery_stop) and logistics.tsp_tour'
\endif
