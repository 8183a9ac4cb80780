--
-- Geodesics and routes: geodesic_distance, haversine_distance, their
-- PostGIS overloads, distance_matrix, route_length, cost_model, route_cost.
--
-- Reference values: geodesic distances from GeographicLib 2.0 (Debian
-- python3-geographiclib, Geodesic.WGS84.Inverse(...)['s12'], run on this
-- machine), written into the queries below; each check prints our value
-- rounded to the micrometre and whether it is within 1e-8 m + 1e-15 s of
-- GeographicLib (the issue requires 1e-6 m).  Haversine and cost values
-- are hand calculations shown in the comments.
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public;
CREATE EXTENSION IF NOT EXISTS logistics;
RESET client_min_messages;

-- SQLSTATE and message of an error, or 'no error'
CREATE FUNCTION pg_temp.err(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE q;
	RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ': ' || SQLERRM;
END $$;

-- ---------------------------------------------------------------------------
-- geodesic_distance(lat1, lon1, lat2, lon2) against GeographicLib
-- ---------------------------------------------------------------------------
SELECT note,
	   round(logistics.geodesic_distance(lat1, lon1, lat2, lon2)::numeric, 6) AS metres,
	   abs(logistics.geodesic_distance(lat1, lon1, lat2, lon2) - gl)
		   <= 1e-8 + 1e-15 * gl AS matches_geographiclib
FROM (VALUES
	('Wellington - Salamanca (Karney 2013)', -41.32, 174.81, 40.96, -5.50, 19959679.26735382),
	('JFK - LHR', 40.6413, -73.7781, 51.4700, -0.4543, 5554908.7905475),
	('antipodes on the equator (half meridian)', 0, 0, 0, 180, 20003931.458625447),
	('pole to pole', -90, 0, 90, 0, 20003931.458625447),
	('coincident points', 10, 20, 10, 20, 0.0),
	('nearly antipodal', -30, 0, 29.9, 179.8, 19989832.82760953),
	('nearly antipodal, near the astroid cusp', -20.0, 0.0, 19.99999999, 179.43, 19973953.54167124),
	('nearly antipodal, near the poles', 89.5, -179.9, -89.5, 0.2, 20003836.561626352),
	('13 m in Paris', 48.8566, 2.3522, 48.8567, 2.3523, 13.323603127619258),
	('1 degree along the equator (= a pi / 180)', 0, 0, 0, 1, 111319.49079327357),
	('equator, past (1 - f) 180: over the pole', 0, 0, 0, 179.5, 19980861.908890963)
) v(note, lat1, lon1, lat2, lon2, gl);

-- symmetric; longitudes -180 and 180 are the same meridian
SELECT logistics.geodesic_distance(-41.32, 174.81, 40.96, -5.50)
	 = logistics.geodesic_distance(40.96, -5.50, -41.32, 174.81) AS symmetric,
	   logistics.geodesic_distance(10, -180, 10, 180) AS same_meridian;

-- ---------------------------------------------------------------------------
-- haversine_distance(lat1, lon1, lat2, lon2), sphere R = 6371008.8 m
-- ---------------------------------------------------------------------------
-- Paris (48.8566, 2.3522) - London (51.5074, -0.1278), by hand:
--   dphi/2 = 1.3254 deg = 0.0231325939 rad, sin^2 = 0.000535021458
--   dlambda/2 = -1.24 deg = -0.0216420827 rad,
--   cos 48.8566 cos 51.5074 sin^2(dlambda/2) = 0.000191778316
--   h = 0.000726799773, d = 2 R asin(sqrt h) = 343556.534881 m
-- quarter of a great circle: pi R / 2 = 10007557.221018 m
-- one degree of arc: pi R / 180 = 111195.080234 m
-- antipodes: pi R = 20015114.442036 m
SELECT round(logistics.haversine_distance(48.8566, 2.3522, 51.5074, -0.1278)::numeric, 6) AS paris_london,
	   round(logistics.haversine_distance(0, 0, 0, 90)::numeric, 6) AS quarter,
	   round(logistics.haversine_distance(10, 20, 11, 20)::numeric, 6) AS one_degree,
	   round(logistics.haversine_distance(30, 0, -30, 180)::numeric, 6) AS antipodes,
	   logistics.haversine_distance(90, 0, 90, 123) AS pole_twice,
	   logistics.haversine_distance(1, 2, 1, 2) AS coincident;

-- ---------------------------------------------------------------------------
-- PostGIS overloads: the same numbers as the float8 version, x = longitude
-- ---------------------------------------------------------------------------
SELECT logistics.geodesic_distance('SRID=4326;POINT(174.81 -41.32)'::geometry,
								   'SRID=4326;POINT(-5.50 40.96)'::geometry)
	 = logistics.geodesic_distance(-41.32, 174.81, 40.96, -5.50) AS geometry_same,
	   logistics.geodesic_distance('POINT(174.81 -41.32)'::geography,
								   'POINT(-5.50 40.96)'::geography)
	 = logistics.geodesic_distance(-41.32, 174.81, 40.96, -5.50) AS geography_same,
	   logistics.haversine_distance('SRID=4326;POINT(2.3522 48.8566)'::geometry,
									'SRID=4326;POINT(-0.1278 51.5074)'::geometry)
	 = logistics.haversine_distance(48.8566, 2.3522, 51.5074, -0.1278) AS haversine_geometry_same,
	   logistics.haversine_distance('POINT(2.3522 48.8566)'::geography,
									'POINT(-0.1278 51.5074)'::geography)
	 = logistics.haversine_distance(48.8566, 2.3522, 51.5074, -0.1278) AS haversine_geography_same;

-- Z and M ordinates are ignored (the distance is on the ellipsoid surface)
SELECT logistics.geodesic_distance('SRID=4326;POINT ZM(174.81 -41.32 100 7)'::geometry,
								   'SRID=4326;POINT M(-5.50 40.96 3)'::geometry)
	 = logistics.geodesic_distance(-41.32, 174.81, 40.96, -5.50) AS zm_ignored;

-- PostGIS's own spheroid distance (also Karney's method, via PROJ) agrees
SELECT abs(ST_Distance('POINT(174.81 -41.32)'::geography, 'POINT(-5.50 40.96)'::geography)
		   - logistics.geodesic_distance('POINT(174.81 -41.32)'::geography,
										 'POINT(-5.50 40.96)'::geography)) < 1e-6 AS agrees_with_st_distance;

-- ---------------------------------------------------------------------------
-- distance_matrix
-- ---------------------------------------------------------------------------
-- GeographicLib: d(0 0, 0 1) = 111319.49079327357,
-- d(0 0, 45 10) = 5081689.69014513, d(0 1, 45 10) = 5063457.132799175
SELECT m[1][1] AS d11, round(m[1][2]::numeric, 6) AS d12, round(m[1][3]::numeric, 6) AS d13,
	   round(m[2][3]::numeric, 6) AS d23,
	   abs(m[1][2] - 111319.49079327357) < 1e-8
	   AND abs(m[1][3] - 5081689.69014513) < 1e-8
	   AND abs(m[2][3] - 5063457.132799175) < 1e-8 AS matches_geographiclib,
	   m[2][1] = m[1][2] AND m[3][1] = m[1][3] AND m[3][2] = m[2][3] AS symmetric,
	   m[2][2] = 0 AND m[3][3] = 0 AS zero_diagonal,
	   array_dims(m) AS dims
FROM (SELECT logistics.distance_matrix(ARRAY[0, 0, 45], ARRAY[0, 1, 10]) AS m) s;

SELECT logistics.distance_matrix(ARRAY[]::float8[], ARRAY[]::float8[]) AS empty,
	   logistics.distance_matrix(ARRAY[12.5], ARRAY[-3]) AS one_point;

SELECT logistics.distance_matrix(ARRAY['SRID=4326;POINT(0 0)', 'SRID=4326;POINT(1 0)',
										'SRID=4326;POINT(10 45)']::geometry[])
	 = logistics.distance_matrix(ARRAY[0, 0, 45], ARRAY[0, 1, 10]) AS geometry_same,
	   logistics.distance_matrix(ARRAY['POINT(0 0)', 'POINT(1 0)', 'POINT(10 45)']::geography[])
	 = logistics.distance_matrix(ARRAY[0, 0, 45], ARRAY[0, 1, 10]) AS geography_same;

-- ---------------------------------------------------------------------------
-- route_length
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE stop (route int, seq int, lat float8, lon float8, geom geometry);
-- route 1: Newark, Manhattan, Queens, back to Newark.  GeographicLib legs:
-- 14286.429255095918 + 17917.548148277732 + 31900.205159296696
-- = 64104.18256267035 m.  Route 2 is the same points with a NULL row and a
-- different order; route 3 has one point; route 4 only NULLs.
INSERT INTO stop VALUES
	(1, 1, 40.7357, -74.1724), (1, 2, 40.7128, -74.0060),
	(1, 3, 40.7282, -73.7949), (1, 4, 40.7357, -74.1724),
	(2, 1, 40.7357, -74.1724), (2, 2, NULL, -74.0060),
	(2, 3, 40.7128, -74.0060), (2, 4, 40.7282, -73.7949),
	(3, 1, 51.5, 0),
	(4, 1, NULL, NULL);
UPDATE stop SET geom = ST_SetSRID(ST_MakePoint(lon, lat), 4326);

-- route 2 skips the NULL row: Newark, Manhattan, Queens = 32203.97740337365 m
SELECT route,
	   round(logistics.route_length(lat, lon ORDER BY seq)::numeric, 6) AS metres,
	   round(logistics.route_length(geom ORDER BY seq)::numeric, 6) AS metres_geom,
	   logistics.route_length(lat, lon ORDER BY seq) = logistics.route_length(geom ORDER BY seq) AS same
FROM stop GROUP BY route ORDER BY route;

SELECT abs(logistics.route_length(lat, lon ORDER BY seq) - 64104.18256267035) < 1e-8 AS matches_geographiclib
FROM stop WHERE route = 1;

-- the order matters: reversed order of route 2's points, and an empty set
SELECT round(logistics.route_length(lat, lon ORDER BY seq DESC)::numeric, 6) AS reversed
FROM stop WHERE route = 2;
SELECT logistics.route_length(lat, lon ORDER BY seq) AS no_rows FROM stop WHERE false;

-- As a window function: cumulative distance, and each leg (GeographicLib
-- legs above)
SELECT seq, round(logistics.route_length(lat, lon) OVER (ORDER BY seq)::numeric, 6) AS cumulative,
	   round(logistics.route_length(lat, lon) OVER (ORDER BY seq ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)::numeric, 6) AS leg
FROM stop WHERE route = 1 ORDER BY seq;

-- The combine function joins consecutive stretches, first argument first:
-- Newark-Manhattan joined with Queens-Newark adds the Manhattan-Queens leg.
SELECT round(logistics._route_length_final(
		   logistics._route_length_combine(
			   logistics._route_length_trans(logistics._route_length_trans('{0,0,0,0,0,0}', 40.7357, -74.1724), 40.7128, -74.0060),
			   logistics._route_length_trans(logistics._route_length_trans('{0,0,0,0,0,0}', 40.7282, -73.7949), 40.7357, -74.1724)))::numeric, 6) AS combined,
	   logistics._route_length_combine('{0,0,0,0,0,0}', '{1,1,2,1,2,0}') AS empty_first,
	   logistics._route_length_combine('{1,1,2,1,2,0}', NULL) AS null_second,
	   logistics._route_length_combine(NULL, NULL) AS both_null;

-- Associative: (a + b) + c = a + (b + c) for consecutive stretches (the
-- lengths are summed in another order, so equal up to rounding)
WITH s AS (
	SELECT logistics._route_length_trans('{0,0,0,0,0,0}', 0, 0) AS a,
		   logistics._route_length_trans(logistics._route_length_trans('{0,0,0,0,0,0}', 0, 1), 1, 1) AS b,
		   logistics._route_length_trans('{0,0,0,0,0,0}', 2, 2) AS c),
	 j AS (
	SELECT logistics._route_length_combine(logistics._route_length_combine(a, b), c) AS l,
		   logistics._route_length_combine(a, logistics._route_length_combine(b, c)) AS r
	FROM s)
SELECT l[1:5] AS points_first_last, l[1:5] = r[1:5] AS same_points,
	   abs(l[6] - r[6]) < 1e-9 AS same_length
FROM j;

-- Parallel plans.  PostgreSQL sorts inside the Agg node for an aggregate
-- called with ORDER BY and never splits it into partial aggregates: with
-- parallel query forced, the plan has no Partial Aggregate and the result
-- equals the serial one.
-- (regular tables: parallel workers cannot read temporary ones)
CREATE TABLE geodesic_many AS
SELECT g % 4 AS route, g AS seq, 40 + (g % 97) / 100.0::float8 AS lat,
	   -74 + (g % 89) / 100.0::float8 AS lon
FROM generate_series(1, 20000) g;
ALTER TABLE geodesic_many SET (parallel_workers = 2);
ANALYZE geodesic_many;
CREATE TEMP TABLE serial_result AS
SELECT route, logistics.route_length(lat, lon ORDER BY seq) AS len FROM geodesic_many GROUP BY route;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF)
SELECT route, logistics.route_length(lat, lon ORDER BY seq) FROM geodesic_many GROUP BY route;
SELECT count(*) AS routes, bool_and(p.len = s.len) AS same_as_serial
FROM (SELECT route, logistics.route_length(lat, lon ORDER BY seq) AS len
	  FROM geodesic_many GROUP BY route) p
JOIN serial_result s USING (route);

-- Without ORDER BY the aggregates do run as partial aggregates, combined
-- in whatever order the workers finish.  The path order is then undefined,
-- but with every point at the same place the length is 0 whatever the
-- order, so the partial states can be checked: the stop counts add up and
-- the cost is 40 + 20000 * (0.5 + 30 * 5 / 60) = 60040 with the defaults.
CREATE TABLE geodesic_same_place AS
SELECT g AS seq, 52.52::float8 AS lat, 13.405::float8 AS lon FROM generate_series(1, 20000) g;
ALTER TABLE geodesic_same_place SET (parallel_workers = 2);
ANALYZE geodesic_same_place;
EXPLAIN (COSTS OFF)
SELECT logistics.route_length(lat, lon), logistics.route_cost(lat, lon, logistics.cost_model())
FROM geodesic_same_place;
SELECT logistics.route_length(lat, lon) AS len,
	   (logistics.route_cost(lat, lon, logistics.cost_model())).*
FROM geodesic_same_place;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
SELECT logistics.route_length(lat, lon) AS serial_len,
	   (logistics.route_cost(lat, lon, logistics.cost_model())).cost AS serial_cost
FROM geodesic_same_place;
DROP TABLE geodesic_many, geodesic_same_place;

-- ---------------------------------------------------------------------------
-- cost_model and route_cost
-- ---------------------------------------------------------------------------
SELECT logistics.cost_model() AS defaults,
	   (logistics.cost_model(speed_kmh => 50)).speed_kmh AS named_argument;

-- Three stops along the equator at longitudes 0, 1, 2: two legs of a pi/180
-- = 111319.49079327357 m each (equatorial geodesics), 222638.98158654714 m.
-- Model: 1/km, 10/hour, 2/stop, 5/route, 50 km/h, 6 min/stop, 100 g/km.
--   km = 222.63898158654714
--   hours = 222.63898158654714 / 50 + 3 * 6 / 60 = 4.452779631730943 + 0.3
--         = 4.752779631730943 h
--   cost = 5 + 222.63898158654714 + 10 * 4.752779631730943 + 2 * 3
--        = 281.16677790385657
--   co2 = 100 * 222.63898158654714 / 1000 = 22.263898158654714 kg
SELECT round((r).distance_m::numeric, 6) AS distance_m, round((r).duration_h::numeric, 9) AS duration_h,
	   round((r).cost::numeric, 9) AS cost,
	   round((r).co2_kg::numeric, 9) AS co2_kg, (r).stops
FROM (SELECT logistics.route_cost(lat, lon, logistics.cost_model(1, 10, 2, 5, 50, 6, 100) ORDER BY seq) AS r
	  FROM (VALUES (1, 0.0, 0.0), (2, 0.0, 1.0), (3, 0.0, 2.0)) v(seq, lat, lon)) s;

-- With is_stop: a depot at (0, 0) at both ends is not a stop.  Path 0, 1,
-- 2, 0 along the equator = 4 a pi / 180 = 445277.9631730943 m; two stops:
--   hours = 445.2779631730943 / 50 + 2 * 0.1 = 9.105559263461886 h
--   cost = 5 + 445.2779631730943 + 91.05559263461886 + 4 = 545.3335558077132
--   co2 = 44.52779631730943 kg
SELECT round((r).distance_m::numeric, 6) AS distance_m, round((r).duration_h::numeric, 9) AS duration_h,
	   round((r).cost::numeric, 9) AS cost,
	   round((r).co2_kg::numeric, 9) AS co2_kg, (r).stops
FROM (SELECT logistics.route_cost(lat, lon, logistics.cost_model(1, 10, 2, 5, 50, 6, 100), is_stop ORDER BY seq) AS r
	  FROM (VALUES (0, 0.0, 0.0, false), (1, 0.0, 1.0, true), (2, 0.0, 2.0, true),
				   (3, 0.0, 0.0, false)) v(seq, lat, lon, is_stop)) s;

-- route_cost_result is built by field name from the row type of the call:
-- the 0.1.0 shape (duration interval, no duration_h: a 0.1.0 catalog on
-- this library before ALTER EXTENSION UPDATE) and the shape the update
-- leaves (a dropped attribute where duration was) get the numbers of the
-- three-stop route above; 4.752779631730943 h = 4 h 45 min 10.006674 s.
CREATE SCHEMA route_shapes;
CREATE TYPE route_shapes.v010 AS (distance_m float8, duration interval, cost float8,
								  co2_kg float8, stops int);
CREATE TYPE route_shapes.updated AS (distance_m float8, duration interval, cost float8,
									 co2_kg float8, stops int);
ALTER TYPE route_shapes.updated ADD ATTRIBUTE duration_h float8;
ALTER TYPE route_shapes.updated DROP ATTRIBUTE duration;
CREATE TYPE route_shapes.unknown AS (distance_m float8, miles float8);
CREATE FUNCTION route_shapes.final_v010(float8[]) RETURNS route_shapes.v010
	AS '$libdir/logistics', 'logistics_route_cost_final' LANGUAGE C STRICT;
CREATE FUNCTION route_shapes.final_updated(float8[]) RETURNS route_shapes.updated
	AS '$libdir/logistics', 'logistics_route_cost_final' LANGUAGE C STRICT;
CREATE FUNCTION route_shapes.final_unknown(float8[]) RETURNS route_shapes.unknown
	AS '$libdir/logistics', 'logistics_route_cost_final' LANGUAGE C STRICT;
CREATE TEMP TABLE route_shapes_state AS
SELECT logistics._route_cost_trans(logistics._route_cost_trans(logistics._route_cost_trans(
		   '{0,0,0,0,0,0,0,0,0,0,0,0,0,0}', 0, 0, m), 0, 1, m), 0, 2, m) AS st
FROM (SELECT logistics.cost_model(1, 10, 2, 5, 50, 6, 100) AS m) c;
SELECT round((r).distance_m::numeric, 6) AS distance_m, (r).duration, round((r).cost::numeric, 9) AS cost,
	   round((r).co2_kg::numeric, 9) AS co2_kg, (r).stops
FROM (SELECT route_shapes.final_v010(st) AS r FROM route_shapes_state) s;
SELECT round(distance_m::numeric, 6) AS distance_m, round(cost::numeric, 9) AS cost,
	   round(co2_kg::numeric, 9) AS co2_kg, stops, round(duration_h::numeric, 9) AS duration_h
FROM (SELECT (route_shapes.final_updated(st)).* FROM route_shapes_state) s;
SELECT route_shapes.final_unknown(st) FROM route_shapes_state;
DROP SCHEMA route_shapes CASCADE;
DROP TABLE route_shapes_state;

-- route_cost's distance is route_length's; one point costs fixed + stop;
-- no rows gives NULL
SELECT route, (logistics.route_cost(lat, lon, logistics.cost_model() ORDER BY seq)).distance_m
	 = logistics.route_length(lat, lon ORDER BY seq) AS same_distance
FROM stop WHERE route IN (1, 2) GROUP BY route ORDER BY route;
-- one point, default model: 40 + 0.5 + 30 * 5 / 60 = 43 (5 minutes of service)
SELECT logistics.route_cost(0, 0, logistics.cost_model()) AS one_point,
	   logistics.route_cost(lat, lon, logistics.cost_model()) AS route_3
FROM stop WHERE route = 3;
SELECT logistics.route_cost(lat, lon, logistics.cost_model()) AS no_rows FROM stop WHERE false;

-- route_cost's combine function: stops add, the model must agree
SELECT logistics._route_cost_final(logistics._route_cost_combine(
		   logistics._route_cost_trans('{0,0,0,0,0,0,0,0,0,0,0,0,0,0}', 0, 0, logistics.cost_model(1, 10, 2, 5, 50, 6, 100)),
		   logistics._route_cost_trans(logistics._route_cost_trans('{0,0,0,0,0,0,0,0,0,0,0,0,0,0}', 0, 1, logistics.cost_model(1, 10, 2, 5, 50, 6, 100)),
									  0, 2, logistics.cost_model(1, 10, 2, 5, 50, 6, 100)))) AS combined;

-- ---------------------------------------------------------------------------
-- Bad input
-- ---------------------------------------------------------------------------
-- coordinates out of range: 22003; NaN and infinity: 22023
SELECT pg_temp.err($$SELECT logistics.geodesic_distance(91, 0, 0, 0)$$);
SELECT pg_temp.err($$SELECT logistics.geodesic_distance(0, 0, -90.000001, 0)$$);
SELECT pg_temp.err($$SELECT logistics.geodesic_distance(0, 180.5, 0, 0)$$);
SELECT pg_temp.err($$SELECT logistics.geodesic_distance(0, 0, 0, -181)$$);
SELECT pg_temp.err($$SELECT logistics.geodesic_distance('NaN', 0, 0, 0)$$);
SELECT pg_temp.err($$SELECT logistics.geodesic_distance(0, 'Infinity', 0, 0)$$);
SELECT pg_temp.err($$SELECT logistics.haversine_distance(0, 0, 95, 0)$$);
SELECT pg_temp.err($$SELECT logistics.haversine_distance(0, 0, 0, '-Infinity')$$);
-- NULL in, NULL out
SELECT logistics.geodesic_distance(NULL, 0, 0, 0) IS NULL AS strict;

-- PostGIS arguments: wrong SRID, no SRID, empty, not a point: 22023
SELECT pg_temp.err($$SELECT logistics.geodesic_distance('SRID=3857;POINT(0 0)'::geometry, 'SRID=4326;POINT(0 0)'::geometry)$$);
SELECT pg_temp.err($$SELECT logistics.geodesic_distance('POINT(0 0)'::geometry, 'SRID=4326;POINT(0 0)'::geometry)$$);
SELECT pg_temp.err($$SELECT logistics.geodesic_distance('SRID=4326;POINT EMPTY'::geometry, 'SRID=4326;POINT(0 0)'::geometry)$$);
SELECT pg_temp.err($$SELECT logistics.geodesic_distance('SRID=4326;LINESTRING(0 0, 1 1)'::geometry, 'SRID=4326;POINT(0 0)'::geometry)$$);
SELECT pg_temp.err($$SELECT logistics.geodesic_distance('SRID=4326;MULTIPOINT(0 0)'::geometry, 'SRID=4326;POINT(0 0)'::geometry)$$);
SELECT pg_temp.err($$SELECT logistics.haversine_distance('SRID=4326;POINT(0 0)'::geometry, 'SRID=4326;POLYGON((0 0, 1 0, 1 1, 0 0))'::geometry)$$);
SELECT pg_temp.err($$SELECT logistics.geodesic_distance('SRID=4269;POINT(0 0)'::geography, 'POINT(0 0)'::geography)$$);
SELECT pg_temp.err($$SELECT logistics.haversine_distance('POINT EMPTY'::geography, 'POINT(0 0)'::geography)$$);
-- a planar geometry with lat/lon swapped out of range
SELECT pg_temp.err($$SELECT logistics.geodesic_distance('SRID=4326;POINT(10 95)'::geometry, 'SRID=4326;POINT(0 0)'::geometry)$$);

-- matrices: ragged, multi-dimensional, NULLs, too many points
SELECT pg_temp.err($$SELECT logistics.distance_matrix(ARRAY[0, 1], ARRAY[0, 1, 2])$$);
SELECT pg_temp.err($$SELECT logistics.distance_matrix(ARRAY[[0, 1], [1, 2]], ARRAY[0, 1, 2, 3])$$);
SELECT pg_temp.err($$SELECT logistics.distance_matrix(ARRAY[0, NULL], ARRAY[0, 1])$$);
SELECT pg_temp.err($$SELECT logistics.distance_matrix(ARRAY[0, 91], ARRAY[0, 1])$$);
SELECT pg_temp.err($$SELECT logistics.distance_matrix(array_fill(0::float8, ARRAY[5001]), array_fill(0::float8, ARRAY[5001]))$$);
SELECT pg_temp.err($$SELECT logistics.distance_matrix(ARRAY['SRID=4326;POINT(0 0)', NULL]::geometry[])$$);
SELECT pg_temp.err($$SELECT logistics.distance_matrix(ARRAY['SRID=4326;POINT(0 0)', 'SRID=3857;POINT(0 0)']::geometry[])$$);
SELECT pg_temp.err($$SELECT logistics.distance_matrix(ARRAY['POINT(0 0)', 'POINT EMPTY']::geography[])$$);
SELECT pg_temp.err($$SELECT logistics.distance_matrix(ARRAY[['SRID=4326;POINT(0 0)'], ['SRID=4326;POINT(0 0)']]::geometry[])$$);

-- aggregates: bad coordinates, different models within one route
SELECT pg_temp.err($$SELECT logistics.route_length(lat, lon ORDER BY seq) FROM (VALUES (1, 0.0, 0.0), (2, 100.0, 0.0)) v(seq, lat, lon)$$);
SELECT pg_temp.err($$SELECT logistics.route_length(g ORDER BY seq) FROM (VALUES (1, 'SRID=4326;POINT(0 0)'::geometry), (2, 'SRID=4326;LINESTRING(0 0, 1 1)'::geometry)) v(seq, g)$$);
SELECT pg_temp.err($$SELECT logistics.route_cost(lat, lon, logistics.cost_model(cost_per_km => seq) ORDER BY seq) FROM (VALUES (1, 0.0, 0.0), (2, 1.0, 0.0)) v(seq, lat, lon)$$);

-- cost models: negative, NaN, zero speed (22023); NULL field (22004)
SELECT pg_temp.err($$SELECT logistics.cost_model(cost_per_km => -1)$$);
SELECT pg_temp.err($$SELECT logistics.cost_model(fixed_cost => 'NaN')$$);
SELECT pg_temp.err($$SELECT logistics.cost_model(speed_kmh => 0)$$);
SELECT pg_temp.err($$SELECT logistics.cost_model(co2_g_per_km => 'Infinity')$$);
SELECT pg_temp.err($$SELECT logistics.route_cost(0, 0, ROW(1, 1, 1, 1, -50, 1, 1)::logistics.cost_model)$$);
SELECT pg_temp.err($$SELECT logistics.route_cost(0, 0, ROW(1, 1, NULL, 1, 50, 1, 1)::logistics.cost_model)$$);

-- malformed states passed by hand: 2202E, 22023
SELECT pg_temp.err($$SELECT logistics._route_length_final('{1,2,3}')$$);
SELECT pg_temp.err($$SELECT logistics._route_length_final('{{0,0,0},{0,0,0}}')$$);
SELECT pg_temp.err($$SELECT logistics._route_length_final('{0,0,NULL,0,0,0}')$$);
SELECT pg_temp.err($$SELECT logistics._route_length_combine('{-1,0,0,0,0,0}', '{0,0,0,0,0,0}')$$);
SELECT pg_temp.err($$SELECT logistics._route_length_combine('{0,0,0,0,0,0}', '{1,0,0,0,0,0,0,0,0,0,0,0,0,0}')$$);
SELECT pg_temp.err($$SELECT logistics._route_cost_final('{1,0,0,0,0,0,5,1,1,1,1,50,1,1}')$$);
SELECT pg_temp.err($$SELECT logistics._route_cost_final('{1,0,0,0,0,0,0,1,1,1,1,0,1,1}')$$);

-- ---------------------------------------------------------------------------
-- Symbol clash guard: PostgreSQL loads libraries with RTLD_GLOBAL, and PROJ
-- (loaded by PostGIS) exports geod_* functions.  With PostGIS loaded first
-- (above) our results matched GeographicLib; here our library is loaded
-- first in a new session and PostGIS's ST_Distance must still be right.
-- ---------------------------------------------------------------------------
\c
SELECT round(logistics.geodesic_distance(-41.32, 10, 40.96, -5.5)::numeric, 6) AS ours;
SELECT round(ST_Distance('POINT(10 -41.32)'::geography, 'POINT(-5.50 40.96)'::geography)::numeric, 4) AS st_distance;
