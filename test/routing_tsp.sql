-- Properties of tsp_tour and tour_length over many seeded pseudo-random
-- matrices (pgTAP): valid tours in every mode, consistency of the exact
-- solver, start-independence, determinism and parallel execution.
\set ON_ERROR_STOP 1
\set QUIET 1
SET client_min_messages = warning;
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public;
CREATE EXTENSION IF NOT EXISTS logistics;

SELECT plan(9);

-- 120 matrices of 1 to 40 stops, every third asymmetric, from a fixed linear
-- congruential sequence (no random()); with a start, an end and a mode each
CREATE TEMP TABLE mats AS
WITH RECURSIVE r(i, x) AS (
	SELECT 0, 987654321::bigint
	UNION ALL
	SELECT i + 1, (x * 1103515245 + 12345) % 2147483648 FROM r WHERE i < 120 * 80),
pts AS (
	SELECT i / 80 AS id, (i % 80) / 2 + 1 AS k,
		   max(CASE WHEN i % 2 = 0 THEN x % 1000 END)::float8 AS px,
		   max(CASE WHEN i % 2 = 1 THEN x % 1000 END)::float8 AS py
	FROM r WHERE i < 120 * 80 GROUP BY i / 80, (i % 80) / 2)
SELECT id, n, id % 3 = 0 AS asym, id % 4 < 2 AS closed,
	   1 + (id * 7) % n AS s,
	   CASE WHEN id % 2 = 0 AND n > 1 THEN 1 + ((id * 7) % n + 1 + id % (n - 1)) % n END AS e,
	   (SELECT array_agg(row ORDER BY a.k) FROM (
		   SELECT a.k, array_agg(CASE WHEN a.k = b.k THEN 0
									  ELSE round(sqrt((a.px - b.px) ^ 2 + (a.py - b.py) ^ 2)
												 * CASE WHEN m.id % 3 = 0
														THEN 1 + ((a.k * 31 + b.k * 17) % 10) / 20.0
														ELSE 1 END)
								 END ORDER BY b.k) AS row
		   FROM pts a, pts b
		   WHERE a.id = m.id AND b.id = m.id AND a.k <= n AND b.k <= n
		   GROUP BY a.k) a) AS d
FROM (SELECT id, 1 + id % 40 AS n FROM generate_series(0, 119) id) m;

CREATE TEMP TABLE tours AS
SELECT id, n, asym, closed, s, e, d, logistics.tsp_tour(d, closed, s, e) AS t
FROM mats;

SELECT is((SELECT count(*) FROM tours
		   WHERE cardinality(t) <> n OR t[1] <> s OR (e IS NOT NULL AND t[n] <> e)
			  OR (SELECT array_agg(v ORDER BY v) FROM unnest(t) v)
				 <> (SELECT array_agg(v) FROM generate_series(1, n) v)), 0::bigint,
		  'every tour lists each stop once, from start_index, ending at end_index when given');

SELECT is((SELECT count(*) FROM tours
		   WHERE logistics.tour_length(d, t, closed) <>
				 (SELECT coalesce(sum(d[t[k]][t[k + 1]]), 0) FROM generate_series(1, n - 1) k)
				 + CASE WHEN closed AND n > 1 THEN d[t[n]][t[1]] ELSE 0 END), 0::bigint,
		  'tour_length is the sum of the legs (plus the way back when closed)');

SELECT is((SELECT count(*) FROM tours
		   WHERE t IS DISTINCT FROM logistics.tsp_tour(d, closed, s, e)), 0::bigint,
		  'the same input gives the same tour');

-- the exact solver (n <= 12) is optimal, and the optimal round trip does
-- not depend on where it starts
SELECT is((SELECT count(*) FROM tours
		   WHERE n BETWEEN 3 AND 12 AND closed AND e IS NULL
			 AND logistics.tour_length(d, logistics.tsp_tour(d, true, 1 + s % n))
				 <> logistics.tour_length(d, t)), 0::bigint,
		  'exact closed tours from different starts cost the same');

-- symmetric closed tours without an end: the search does not depend on the
-- start (it only picks where to read the cycle), so every start gives the
-- same cost
SELECT is((SELECT count(*) FROM tours
		   WHERE NOT asym AND closed AND e IS NULL AND n > 12
			 AND logistics.tour_length(d, logistics.tsp_tour(d, true, n))
				 <> logistics.tour_length(d, t)), 0::bigint,
		  'symmetric closed tours cost the same from every start');

-- an open path is never longer than the closed tour minus its return leg
SELECT is((SELECT count(*) FROM tours
		   WHERE n BETWEEN 2 AND 12 AND e IS NULL AND NOT closed
			 AND logistics.tour_length(d, t, false)
				 > logistics.tour_length(d, logistics.tsp_tour(d, true, s), false)), 0::bigint,
		  'the exact open path is no longer than the closed tour without its last leg');

SELECT is((SELECT count(*) FROM pg_proc
		   WHERE pronamespace = 'logistics'::regnamespace
			 AND proname IN ('tsp_tour', 'tour_length')
			 AND (provolatile <> 'i' OR proparallel <> 's')), 0::bigint,
		  'tsp_tour and tour_length are IMMUTABLE and PARALLEL SAFE');

-- the same tours from a parallel plan (temporary tables are never scanned
-- in parallel, so a plain table, dropped by the ROLLBACK)
CREATE TABLE tsp_par_mats AS SELECT * FROM mats;
ALTER TABLE tsp_par_mats SET (parallel_workers = 2);
ANALYZE tsp_par_mats;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;
CREATE FUNCTION pg_temp.plan(q text) RETURNS SETOF text LANGUAGE plpgsql AS $$
BEGIN
	RETURN QUERY EXECUTE 'EXPLAIN (COSTS OFF) ' || q;
END $$;
SELECT ok(EXISTS (SELECT 1 FROM pg_temp.plan(
			'SELECT id, logistics.tsp_tour(d, closed, s, e) FROM tsp_par_mats') p
		  WHERE p LIKE '%Gather%'),
		  'tsp_tour runs under a Gather (parallel plan)');
SELECT is((SELECT count(*)
		   FROM (SELECT id, logistics.tsp_tour(d, closed, s, e) AS t FROM tsp_par_mats) par
		   JOIN tours USING (id) WHERE par.t IS DISTINCT FROM tours.t),
		  0::bigint, 'a parallel scan gives the same tours');

SELECT * FROM finish();
ROLLBACK;
