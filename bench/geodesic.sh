#!/usr/bin/env bash
# bench/geodesic.sh: accuracy and speed of logistics.geodesic_distance.
#
# 100,000 seeded pseudo-random pairs (uniform, nearly antipodal, short,
# equatorial/polar special cases).  In the same run:
#  - GeographicLib (Debian python3-geographiclib, /usr/bin/python3) computes
#    the reference distances; we print the largest |ours - GeographicLib|
#    (target <= 1e-6 m);
#  - the time per call of logistics.geodesic_distance (float8 and geography
#    arguments) and of PostGIS's ST_Distance(geography, geography) on the
#    same pairs, serial, best of 5 interleaved passes (target: ours at least
#    as fast).
# Needs PGHOST/PGPORT/PGUSER/PGDATABASE of a cluster with logistics installed
# (make bench sets them).  N=... changes the number of pairs.
set -euo pipefail

n=${N:-100000}
work=$(mktemp -d /tmp/logistics-bench-geodesic.XXXXXX)
trap 'rm -rf "$work"' EXIT

/usr/bin/python3 - "$n" >"$work/pairs.csv" <<'PY'
import math, random, sys
from geographiclib.geodesic import Geodesic

n = int(sys.argv[1])
g = Geodesic.WGS84
f = 1 / 298.257223563
rng = random.Random(20240505)

def lon_norm(x):
    return (x + 180.0) % 360.0 - 180.0

for i in range(n):
    r = i % 20
    lat1 = math.degrees(math.asin(rng.uniform(-1, 1)))
    lon1 = rng.uniform(-180, 180)
    if r < 10:                       # uniform on the sphere
        kind = 'uniform'
        lat2 = math.degrees(math.asin(rng.uniform(-1, 1)))
        lon2 = rng.uniform(-180, 180)
    elif r < 14:                     # nearly antipodal, astroid scale
        kind = 'antipodal'
        cb = math.cos(math.radians(lat1))
        sc = math.degrees(f * math.pi * cb)
        lat2 = -lat1 + rng.uniform(-3, 3) * sc * cb
        lon2 = lon1 + 180 + rng.uniform(-3, 3) * sc
    elif r < 16:                     # nearly antipodal, tiny offsets
        kind = 'antipodal'
        lat2 = -lat1 + rng.choice([0.0, rng.uniform(-1, 1) * 10 ** rng.uniform(-12, -1)])
        lon2 = lon1 + 180 - rng.uniform(0, 1) * 10 ** rng.uniform(-12, 0.3)
    elif r < 18:                     # short lines, 1e-9 .. 0.1 degree
        kind = 'short'
        s = 10 ** rng.uniform(-9, -1)
        lat2 = lat1 + rng.uniform(-s, s)
        lon2 = lon1 + rng.uniform(-s, s)
    else:                            # equator, poles, meridians
        kind = 'special'
        lat1 = rng.choice([0.0, 90.0, -90.0, 1e-9, 89.999999, lat1])
        lat2 = rng.choice([0.0, -lat1, lat1, 1e-9, 45.0, rng.uniform(-90, 90)])
        lon2 = lon1 + rng.choice([0.0, 180.0, 179.5, 179.9, 90.0,
                                  rng.uniform(-180, 180)])
    lat2 = max(-90.0, min(90.0, lat2))
    lon2 = lon_norm(lon2)
    s12 = g.Inverse(lat1, lon1, lat2, lon2, Geodesic.DISTANCE)['s12']
    print('%d,%s,%r,%r,%r,%r,%r' % (i + 1, kind, lat1, lon1, lat2, lon2, s12))
PY

psql -X -q -v ON_ERROR_STOP=1 <<SQL
SET client_min_messages = warning;
DROP TABLE IF EXISTS geodesic_bench_pairs;
CREATE TABLE geodesic_bench_pairs (id int, kind text, lat1 float8, lon1 float8,
	lat2 float8, lon2 float8, gl float8, g1 geography, g2 geography);
\copy geodesic_bench_pairs (id, kind, lat1, lon1, lat2, lon2, gl) FROM '$work/pairs.csv' WITH (FORMAT csv)
UPDATE geodesic_bench_pairs
SET g1 = ST_SetSRID(ST_MakePoint(lon1, lat1), 4326)::geography,
	g2 = ST_SetSRID(ST_MakePoint(lon2, lat2), 4326)::geography;
VACUUM ANALYZE geodesic_bench_pairs;
SQL

echo "accuracy: logistics.geodesic_distance vs GeographicLib $(/usr/bin/python3 -c 'import geographiclib; print(geographiclib.__version__)') on $n pairs (same run)"
psql -X -q -A -F ' ' -t <<'SQL'
WITH e AS (
	SELECT kind, abs(logistics.geodesic_distance(lat1, lon1, lat2, lon2) - gl) AS err
	FROM geodesic_bench_pairs)
SELECT format('  %-10s %6s pairs: max |error| %s m, mean %s m', kind, count(*),
			  to_char(max(err), '9.9EEEE'), to_char(avg(err), '9.9EEEE'))
FROM e GROUP BY kind ORDER BY kind;
WITH e AS (
	SELECT id, lat1, lon1, lat2, lon2, gl,
		   abs(logistics.geodesic_distance(lat1, lon1, lat2, lon2) - gl) AS err
	FROM geodesic_bench_pairs)
SELECT format('  all        %6s pairs: max |error| %s m (pair %s: %s %s -> %s %s, %s m); target <= 1e-6 m: %s',
			  (SELECT count(*) FROM e), to_char(err, '9.9EEEE'), id, lat1, lon1, lat2, lon2,
			  round(gl::numeric, 3), CASE WHEN err <= 1e-6 THEN 'PASS' ELSE 'FAIL' END)
FROM e ORDER BY err DESC LIMIT 1;
SQL

echo "speed: time per call, serial, best of 5 interleaved passes over the same $n pairs"
psql -X -q -A -F ' ' -t <<'SQL'
SET max_parallel_workers_per_gather = 0;
SET jit = off;
CREATE TEMP TABLE timing (name text, ms float8);
DO $$
DECLARE
	q text[] := ARRAY[
		'SELECT sum(lat1 + lon1 + lat2 + lon2) FROM geodesic_bench_pairs',
		'SELECT sum(logistics.geodesic_distance(lat1, lon1, lat2, lon2)) FROM geodesic_bench_pairs',
		'SELECT sum(logistics.geodesic_distance(g1, g2)) FROM geodesic_bench_pairs',
		'SELECT sum(ST_Distance(g1, g2)) FROM geodesic_bench_pairs',
		'SELECT sum(logistics.haversine_distance(lat1, lon1, lat2, lon2)) FROM geodesic_bench_pairs'];
	names text[] := ARRAY['scan_baseline', 'geodesic_float8', 'geodesic_geography',
						  'st_distance', 'haversine_float8'];
	t0 timestamptz;
	pass int;
	k int;
BEGIN
	FOR pass IN 1..6 LOOP
		FOR k IN 1..array_length(q, 1) LOOP
			t0 := clock_timestamp();
			EXECUTE q[k];
			-- pass 1 warms caches and is not counted
			IF pass > 1 THEN
				INSERT INTO timing VALUES (names[k],
					extract(epoch FROM clock_timestamp() - t0) * 1000);
			END IF;
		END LOOP;
	END LOOP;
END $$;
WITH b AS (SELECT name, min(ms) AS ms FROM timing GROUP BY name),
	 n AS (SELECT count(*)::float8 AS n FROM geodesic_bench_pairs)
SELECT format('  %-62s %7s us/row', label, to_char(b.ms * 1000 / n.n, '990.000'))
FROM b, n,
	 (VALUES ('scan_baseline', 1, 'scan + sum only (baseline, included in every row below)'),
			 ('geodesic_float8', 2, 'logistics.geodesic_distance(lat1, lon1, lat2, lon2)'),
			 ('geodesic_geography', 3, 'logistics.geodesic_distance(geography, geography)'),
			 ('st_distance', 4, 'ST_Distance(geography, geography)  [PostGIS reference]'),
			 ('haversine_float8', 5, 'logistics.haversine_distance(lat1, lon1, lat2, lon2)')) l(name, ord, label)
WHERE b.name = l.name ORDER BY ord;
WITH b AS (SELECT name, min(ms) AS ms FROM timing GROUP BY name)
SELECT format('  ST_Distance / geodesic_distance(geography): %sx, / geodesic_distance(float8): %sx; net of the scan: %sx, %sx; target >= 1: %s',
			  to_char(st.ms / gg.ms, 'FM990.00'), to_char(st.ms / gf.ms, 'FM990.00'),
			  to_char((st.ms - sb.ms) / (gg.ms - sb.ms), 'FM990.00'),
			  to_char((st.ms - sb.ms) / (gf.ms - sb.ms), 'FM990.00'),
			  CASE WHEN st.ms >= gg.ms AND st.ms >= gf.ms THEN 'PASS' ELSE 'FAIL' END)
FROM b st, b gg, b gf, b sb
WHERE st.name = 'st_distance' AND gg.name = 'geodesic_geography'
  AND gf.name = 'geodesic_float8' AND sb.name = 'scan_baseline';
SQL

psql -X -q -c 'DROP TABLE geodesic_bench_pairs'
