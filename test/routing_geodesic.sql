-- Properties of the geodesic and route functions over many seeded pseudo-
-- random points (pgTAP).
\set ON_ERROR_STOP 1
\set QUIET 1
SET client_min_messages = warning;
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public;
CREATE EXTENSION IF NOT EXISTS logistics;

SELECT plan(9);

-- 2000 pairs from a fixed linear congruential sequence (no random())
CREATE TEMP TABLE pairs AS
WITH RECURSIVE r(i, x) AS (
	SELECT 0, 12345::bigint
	UNION ALL
	SELECT i + 1, (x * 1103515245 + 12345) % 2147483648 FROM r WHERE i < 8000)
SELECT i / 4 AS id,
	   max(CASE WHEN i % 4 = 0 THEN x / 2147483648.0 * 180 - 90 END)::float8 AS lat1,
	   max(CASE WHEN i % 4 = 1 THEN x / 2147483648.0 * 360 - 180 END)::float8 AS lon1,
	   max(CASE WHEN i % 4 = 2 THEN x / 2147483648.0 * 180 - 90 END)::float8 AS lat2,
	   max(CASE WHEN i % 4 = 3 THEN x / 2147483648.0 * 360 - 180 END)::float8 AS lon2
FROM r WHERE i < 8000 GROUP BY i / 4;

SELECT is((SELECT count(*) FROM pairs
		   WHERE logistics.geodesic_distance(lat1, lon1, lat2, lon2)
				 <> logistics.geodesic_distance(lat2, lon2, lat1, lon1)), 0::bigint,
		  'geodesic_distance is symmetric');

SELECT is((SELECT count(*) FROM pairs
		   WHERE NOT logistics.geodesic_distance(lat1, lon1, lat2, lon2)
					 BETWEEN 0 AND 20003931.4586255), 0::bigint,
		  'geodesic distances lie between 0 and half a meridian (the longest geodesic)');

-- the ellipsoid differs from the mean sphere by at most about 0.56 %
SELECT is((SELECT count(*) FROM pairs
		   WHERE abs(logistics.geodesic_distance(lat1, lon1, lat2, lon2)
					 / logistics.haversine_distance(lat1, lon1, lat2, lon2) - 1) > 0.0056), 0::bigint,
		  'geodesic and haversine distances agree within 0.56 %');

-- triangle inequality through the origin
SELECT is((SELECT count(*) FROM pairs
		   WHERE logistics.geodesic_distance(lat1, lon1, lat2, lon2)
				 > logistics.geodesic_distance(lat1, lon1, 0, 0)
				   + logistics.geodesic_distance(0, 0, lat2, lon2) + 1e-6), 0::bigint,
		  'triangle inequality holds');

SELECT is((SELECT count(*) FROM pairs
		   WHERE logistics.geodesic_distance(ST_SetSRID(ST_MakePoint(lon1, lat1), 4326),
											 ST_SetSRID(ST_MakePoint(lon2, lat2), 4326))
				 <> logistics.geodesic_distance(lat1, lon1, lat2, lon2)
			  OR logistics.geodesic_distance(ST_SetSRID(ST_MakePoint(lon1, lat1), 4326)::geography,
											 ST_SetSRID(ST_MakePoint(lon2, lat2), 4326)::geography)
				 <> logistics.geodesic_distance(lat1, lon1, lat2, lon2)), 0::bigint,
		  'geometry and geography overloads give the float8 results exactly');

-- PostGIS's spheroid distance is GeographicLib's algorithm (through PROJ)
SELECT is((SELECT count(*) FROM pairs
		   WHERE abs(ST_Distance(ST_SetSRID(ST_MakePoint(lon1, lat1), 4326)::geography,
								 ST_SetSRID(ST_MakePoint(lon2, lat2), 4326)::geography)
					 - logistics.geodesic_distance(lat1, lon1, lat2, lon2)) > 1e-6), 0::bigint,
		  'agrees with ST_Distance(geography, geography) within 1e-6 m');

-- distance_matrix entries are the pairwise distances
SELECT is((SELECT count(*)
		   FROM (SELECT logistics.distance_matrix(array_agg(lat1 ORDER BY id), array_agg(lon1 ORDER BY id)) AS m
				 FROM pairs WHERE id < 60) s,
				pairs a, pairs b
		   WHERE a.id < 60 AND b.id < 60
			 AND m[a.id + 1][b.id + 1] <> logistics.geodesic_distance(a.lat1, a.lon1, b.lat1, b.lon1)), 0::bigint,
		  'distance_matrix(lat[], lon[]) holds the pairwise geodesic distances');

-- route_length is the sum of the legs
SELECT ok((SELECT abs(logistics.route_length(lat1, lon1 ORDER BY id) - sum_legs) < 1e-6
		   FROM pairs,
				(SELECT sum(leg) AS sum_legs
				 FROM (SELECT logistics.geodesic_distance(lag(lat1) OVER w, lag(lon1) OVER w, lat1, lon1) AS leg
					   FROM pairs WINDOW w AS (ORDER BY id)) l) t
		   GROUP BY sum_legs),
		  'route_length equals the sum of the geodesic legs');

SELECT ok((SELECT (logistics.route_cost(lat1, lon1, logistics.cost_model() ORDER BY id)).distance_m
				  = logistics.route_length(lat1, lon1 ORDER BY id) FROM pairs),
		  'route_cost distance equals route_length');

SELECT * FROM finish();
ROLLBACK;
