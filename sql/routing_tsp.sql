--
-- Stop order: tsp_tour and tour_length.
--
-- Reference values, all independent of the solver:
--  * hand calculations written next to the small cases;
--  * exhaustive enumeration of every order, in SQL (recursive CTE), for a
--    7-stop asymmetric matrix and for 8 cities on geodesic distances;
--  * optima that follow from the geometry (stops on a line, with and
--    without an uphill surcharge; the formulas are derived in the comments);
--  * proven optima published with TSPLIB (Reinelt 1991; Concorde): ulysses16,
--    att48, eil51, berlin52 (data/routing/tsplib, distances recomputed here
--    in SQL with the TSPLIB95 formulas) and the asymmetric br17
--    (data/routing/atsp, optimum 39 re-derived by Held-Karp in Python);
--  * berlin52 made asymmetric by node potentials, which add the same amount
--    to every closed tour, so its optimum is 7542 + 52 * 100 = 12742.
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

-- true when t lists 1..n once each, begins with s and (if given) ends with e
CREATE FUNCTION pg_temp.valid(t int[], n int, s int, e int) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
	SELECT t[1] = s AND (e IS NULL OR t[n] = e) AND cardinality(t) = n
	   AND (SELECT array_agg(x ORDER BY x) FROM unnest(t) x)
		   = (SELECT array_agg(i ORDER BY i) FROM generate_series(1, n) i)
$$;

-- ---------------------------------------------------------------------------
-- Tiny cases by hand
-- ---------------------------------------------------------------------------
-- 3 stops, asymmetric: 1->2->3->1 costs 1 + 1 + 1 = 3, the other way round
-- 1->3->2->1 costs 10 + 10 + 10 = 30.  From stop 2 the cheap tour is 2,3,1.
-- Open from 3 to 2: the only order is 3,1,2 = 1 + 1 = 2.  Open from 1 with a
-- free end: 1,2,3 = 2 (1,3,2 = 20).
SELECT logistics.tsp_tour('{{0,1,10},{10,0,1},{1,10,0}}') AS closed_from_1,
	   logistics.tsp_tour('{{0,1,10},{10,0,1},{1,10,0}}', true, 2) AS closed_from_2,
	   logistics.tsp_tour('{{0,1,10},{10,0,1},{1,10,0}}', false, 3, 2) AS open_3_to_2,
	   logistics.tsp_tour('{{0,1,10},{10,0,1},{1,10,0}}', false) AS open_from_1;
SELECT logistics.tour_length('{{0,1,10},{10,0,1},{1,10,0}}', '{1,2,3}') AS len_123,
	   logistics.tour_length('{{0,1,10},{10,0,1},{1,10,0}}', '{1,3,2}') AS len_132,
	   logistics.tour_length('{{0,1,10},{10,0,1},{1,10,0}}', '{3,1,2}', false) AS open_312,
	   -- a trailing repeat of the first stop (as pgr_TSP returns it) closes
	   -- the tour even with closed = false: 1 + 1 + 1
	   logistics.tour_length('{{0,1,10},{10,0,1},{1,10,0}}', '{1,2,3,1}', false) AS explicit_return;
-- 1 and 2 stops; the diagonal is ignored.  2 stops: 1->2->1 = 5 + 7 = 12,
-- open 1->2 = 5, open from 2: 2->1 = 7.  No stops: an empty tour.
SELECT logistics.tsp_tour('{{4}}') AS one,
	   logistics.tour_length('{{4}}', '{1}') AS one_len,
	   logistics.tsp_tour('{{0,5},{7,0}}') AS two,
	   logistics.tour_length('{{0,5},{7,0}}', '{1,2}') AS two_closed,
	   logistics.tour_length('{{0,5},{7,0}}', '{1,2}', false) AS two_open,
	   logistics.tsp_tour('{{0,5},{7,0}}', false, 2) AS two_from_2,
	   logistics.tsp_tour('{}'::float8[]) AS none,
	   logistics.tour_length('{}'::float8[], '{}') AS none_len;
-- NULL arguments: NULL (a NULL end_index means a free end)
SELECT logistics.tsp_tour(NULL::float8[]) IS NULL AS null_matrix,
	   logistics.tsp_tour('{{0,1},{1,0}}', NULL::boolean) IS NULL AS null_closed,
	   logistics.tsp_tour('{{0,1},{1,0}}', true, NULL) IS NULL AS null_start,
	   logistics.tsp_tour('{{0,1},{1,0}}', true, 1, NULL) AS null_end,
	   logistics.tour_length('{{0,1},{1,0}}', NULL) IS NULL AS null_tour;

-- ---------------------------------------------------------------------------
-- 7 stops, asymmetric: every order enumerated in SQL (6! = 720 per case)
-- d(i,j) = (17 i + 31 j + 7 i j) mod 29 + 1 for i <> j, 0 on the diagonal
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE m7 AS
SELECT (SELECT array_agg(r ORDER BY i)
		FROM (SELECT i, array_agg(CASE WHEN i = j THEN 0
									   ELSE (17 * i + 31 * j + 7 * i * j) % 29 + 1
								  END::float8 ORDER BY j) AS r
			  FROM generate_series(1, 7) i, generate_series(1, 7) j
			  GROUP BY i) s) AS d;

WITH RECURSIVE cases(closed, s, e) AS (
	VALUES (true, 1, NULL::int), (true, 4, NULL), (false, 3, NULL),
		   (true, 3, 5), (false, 3, 5), (false, 6, 2)
), perm AS (
	SELECT closed, s, e, ARRAY[s] AS p FROM cases
	UNION ALL
	SELECT closed, s, e, p || j FROM perm, generate_series(1, 7) j
	WHERE j <> ALL (p)
), brute AS (
	SELECT closed, s, e,
		   min((SELECT sum(m7.d[p[k]][p[k % 7 + 1]])
				FROM generate_series(1, CASE WHEN closed THEN 7 ELSE 6 END) k)) AS best,
		   count(*) AS orders
	FROM perm, m7
	WHERE cardinality(p) = 7 AND (e IS NULL OR p[7] = e)
	GROUP BY closed, s, e
)
SELECT b.closed, b.s AS start_index, b.e AS end_index, b.orders,
	   b.best AS enumerated_optimum,
	   logistics.tour_length(m7.d, t.tour, b.closed) AS ours,
	   pg_temp.valid(t.tour, 7, b.s, b.e) AS valid
FROM brute b, m7,
	 LATERAL (SELECT logistics.tsp_tour(m7.d, b.closed, b.s, b.e) AS tour) t
ORDER BY b.closed DESC, b.s, b.e;

-- ---------------------------------------------------------------------------
-- 20 stops on a line (above the exact limit of 12: the local search).
-- x_i = 37 i mod 101 (distinct), W = max - min.  Symmetric d = |x_i - x_j|:
--   closed: 2W; open from s, free end: W + min(x_s - min, max - x_s);
--   open from a to b: 2W - |x_a - x_b|; closed ending at e: 2W.
-- Uphill surcharge c(i,j) = 1.5 (x_j - x_i) rightwards, (x_i - x_j) leftwards
-- (asymmetric): closed 2.5W; open from s: min((x_s - min) + 1.5W,
-- 1.5(max - x_s) + W); open from a to b: min((x_a - min) + 1.5W +
-- (max - x_b), 1.5(max - x_a) + W + 1.5(x_b - min)) (visit min first or max
-- first; each leg at least the distance to sweep); closed ending at e: 2.5W.
-- (All twelve values below were also confirmed by an exact Held-Karp run in
-- C over the 2^19 subsets.)
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE line AS
SELECT i, (37 * i) % 101 AS x FROM generate_series(1, 20) i;
CREATE TEMP TABLE line_m AS
SELECT (SELECT array_agg(r ORDER BY i) FROM (
			SELECT a.i, array_agg(abs(a.x - b.x)::float8 ORDER BY b.i) AS r
			FROM line a, line b GROUP BY a.i) s) AS sym,
	   (SELECT array_agg(r ORDER BY i) FROM (
			SELECT a.i, array_agg(CASE WHEN b.x > a.x THEN 1.5 * (b.x - a.x)
									   ELSE a.x - b.x END::float8 ORDER BY b.i) AS r
			FROM line a, line b GROUP BY a.i) s) AS up,
	   (SELECT min(x) FROM line) AS lo, (SELECT max(x) FROM line) AS hi;

WITH cases(closed, s, e) AS (
	VALUES (true, 1, NULL::int), (false, 1, NULL), (false, 9, NULL),
		   (false, 9, 14), (true, 9, 14), (false, 20, 3)
)
SELECT c.closed, c.s AS start_index, c.e AS end_index,
	   CASE WHEN c.closed THEN 2 * (hi - lo)
			WHEN c.e IS NULL THEN (hi - lo) + least(xs - lo, hi - xs)
			ELSE 2 * (hi - lo) - abs(xs - xe) END AS optimum_sym,
	   logistics.tour_length(sym, logistics.tsp_tour(sym, c.closed, c.s, c.e), c.closed) AS ours_sym,
	   pg_temp.valid(logistics.tsp_tour(sym, c.closed, c.s, c.e), 20, c.s, c.e) AS valid_sym,
	   CASE WHEN c.closed THEN 2.5 * (hi - lo)
			WHEN c.e IS NULL THEN least((xs - lo) + 1.5 * (hi - lo), 1.5 * (hi - xs) + (hi - lo))
			ELSE least((xs - lo) + 1.5 * (hi - lo) + (hi - xe),
					   1.5 * (hi - xs) + (hi - lo) + 1.5 * (xe - lo)) END AS optimum_up,
	   logistics.tour_length(up, logistics.tsp_tour(up, c.closed, c.s, c.e), c.closed) AS ours_up,
	   pg_temp.valid(logistics.tsp_tour(up, c.closed, c.s, c.e), 20, c.s, c.e) AS valid_up
FROM cases c, line_m,
	 LATERAL (SELECT (SELECT x FROM line WHERE i = c.s) AS xs,
					 (SELECT x FROM line WHERE i = c.e) AS xe) p
ORDER BY c.closed DESC, c.s, c.e;

-- ---------------------------------------------------------------------------
-- TSPLIB instances with proven optima; distances in SQL (TSPLIB95 sec. 2)
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE tsplib (name text, kind text, id int, x float8, y float8);
CREATE TEMP TABLE tsplib_opt (name text, optimum int, tour int[]);
INSERT INTO tsplib VALUES
	('ulysses16', 'GEO', 1, 38.24, 20.42),
	('ulysses16', 'GEO', 2, 39.57, 26.15),
	('ulysses16', 'GEO', 3, 40.56, 25.32),
	('ulysses16', 'GEO', 4, 36.26, 23.12),
	('ulysses16', 'GEO', 5, 33.48, 10.54),
	('ulysses16', 'GEO', 6, 37.56, 12.19),
	('ulysses16', 'GEO', 7, 38.42, 13.11),
	('ulysses16', 'GEO', 8, 37.52, 20.44),
	('ulysses16', 'GEO', 9, 41.23, 9.10),
	('ulysses16', 'GEO', 10, 41.17, 13.05),
	('ulysses16', 'GEO', 11, 36.08, -5.21),
	('ulysses16', 'GEO', 12, 38.47, 15.13),
	('ulysses16', 'GEO', 13, 38.15, 15.35),
	('ulysses16', 'GEO', 14, 37.51, 15.17),
	('ulysses16', 'GEO', 15, 35.49, 14.32),
	('ulysses16', 'GEO', 16, 39.36, 19.56),
	('att48', 'ATT', 1, 6734, 1453),
	('att48', 'ATT', 2, 2233, 10),
	('att48', 'ATT', 3, 5530, 1424),
	('att48', 'ATT', 4, 401, 841),
	('att48', 'ATT', 5, 3082, 1644),
	('att48', 'ATT', 6, 7608, 4458),
	('att48', 'ATT', 7, 7573, 3716),
	('att48', 'ATT', 8, 7265, 1268),
	('att48', 'ATT', 9, 6898, 1885),
	('att48', 'ATT', 10, 1112, 2049),
	('att48', 'ATT', 11, 5468, 2606),
	('att48', 'ATT', 12, 5989, 2873),
	('att48', 'ATT', 13, 4706, 2674),
	('att48', 'ATT', 14, 4612, 2035),
	('att48', 'ATT', 15, 6347, 2683),
	('att48', 'ATT', 16, 6107, 669),
	('att48', 'ATT', 17, 7611, 5184),
	('att48', 'ATT', 18, 7462, 3590),
	('att48', 'ATT', 19, 7732, 4723),
	('att48', 'ATT', 20, 5900, 3561),
	('att48', 'ATT', 21, 4483, 3369),
	('att48', 'ATT', 22, 6101, 1110),
	('att48', 'ATT', 23, 5199, 2182),
	('att48', 'ATT', 24, 1633, 2809),
	('att48', 'ATT', 25, 4307, 2322),
	('att48', 'ATT', 26, 675, 1006),
	('att48', 'ATT', 27, 7555, 4819),
	('att48', 'ATT', 28, 7541, 3981),
	('att48', 'ATT', 29, 3177, 756),
	('att48', 'ATT', 30, 7352, 4506),
	('att48', 'ATT', 31, 7545, 2801),
	('att48', 'ATT', 32, 3245, 3305),
	('att48', 'ATT', 33, 6426, 3173),
	('att48', 'ATT', 34, 4608, 1198),
	('att48', 'ATT', 35, 23, 2216),
	('att48', 'ATT', 36, 7248, 3779),
	('att48', 'ATT', 37, 7762, 4595),
	('att48', 'ATT', 38, 7392, 2244),
	('att48', 'ATT', 39, 3484, 2829),
	('att48', 'ATT', 40, 6271, 2135),
	('att48', 'ATT', 41, 4985, 140),
	('att48', 'ATT', 42, 1916, 1569),
	('att48', 'ATT', 43, 7280, 4899),
	('att48', 'ATT', 44, 7509, 3239),
	('att48', 'ATT', 45, 10, 2676),
	('att48', 'ATT', 46, 6807, 2993),
	('att48', 'ATT', 47, 5185, 3258),
	('att48', 'ATT', 48, 3023, 1942),
	('eil51', 'EUC_2D', 1, 37, 52),
	('eil51', 'EUC_2D', 2, 49, 49),
	('eil51', 'EUC_2D', 3, 52, 64),
	('eil51', 'EUC_2D', 4, 20, 26),
	('eil51', 'EUC_2D', 5, 40, 30),
	('eil51', 'EUC_2D', 6, 21, 47),
	('eil51', 'EUC_2D', 7, 17, 63),
	('eil51', 'EUC_2D', 8, 31, 62),
	('eil51', 'EUC_2D', 9, 52, 33),
	('eil51', 'EUC_2D', 10, 51, 21),
	('eil51', 'EUC_2D', 11, 42, 41),
	('eil51', 'EUC_2D', 12, 31, 32),
	('eil51', 'EUC_2D', 13, 5, 25),
	('eil51', 'EUC_2D', 14, 12, 42),
	('eil51', 'EUC_2D', 15, 36, 16),
	('eil51', 'EUC_2D', 16, 52, 41),
	('eil51', 'EUC_2D', 17, 27, 23),
	('eil51', 'EUC_2D', 18, 17, 33),
	('eil51', 'EUC_2D', 19, 13, 13),
	('eil51', 'EUC_2D', 20, 57, 58),
	('eil51', 'EUC_2D', 21, 62, 42),
	('eil51', 'EUC_2D', 22, 42, 57),
	('eil51', 'EUC_2D', 23, 16, 57),
	('eil51', 'EUC_2D', 24, 8, 52),
	('eil51', 'EUC_2D', 25, 7, 38),
	('eil51', 'EUC_2D', 26, 27, 68),
	('eil51', 'EUC_2D', 27, 30, 48),
	('eil51', 'EUC_2D', 28, 43, 67),
	('eil51', 'EUC_2D', 29, 58, 48),
	('eil51', 'EUC_2D', 30, 58, 27),
	('eil51', 'EUC_2D', 31, 37, 69),
	('eil51', 'EUC_2D', 32, 38, 46),
	('eil51', 'EUC_2D', 33, 46, 10),
	('eil51', 'EUC_2D', 34, 61, 33),
	('eil51', 'EUC_2D', 35, 62, 63),
	('eil51', 'EUC_2D', 36, 63, 69),
	('eil51', 'EUC_2D', 37, 32, 22),
	('eil51', 'EUC_2D', 38, 45, 35),
	('eil51', 'EUC_2D', 39, 59, 15),
	('eil51', 'EUC_2D', 40, 5, 6),
	('eil51', 'EUC_2D', 41, 10, 17),
	('eil51', 'EUC_2D', 42, 21, 10),
	('eil51', 'EUC_2D', 43, 5, 64),
	('eil51', 'EUC_2D', 44, 30, 15),
	('eil51', 'EUC_2D', 45, 39, 10),
	('eil51', 'EUC_2D', 46, 32, 39),
	('eil51', 'EUC_2D', 47, 25, 32),
	('eil51', 'EUC_2D', 48, 25, 55),
	('eil51', 'EUC_2D', 49, 48, 28),
	('eil51', 'EUC_2D', 50, 56, 37),
	('eil51', 'EUC_2D', 51, 30, 40),
	('berlin52', 'EUC_2D', 1, 565.0, 575.0),
	('berlin52', 'EUC_2D', 2, 25.0, 185.0),
	('berlin52', 'EUC_2D', 3, 345.0, 750.0),
	('berlin52', 'EUC_2D', 4, 945.0, 685.0),
	('berlin52', 'EUC_2D', 5, 845.0, 655.0),
	('berlin52', 'EUC_2D', 6, 880.0, 660.0),
	('berlin52', 'EUC_2D', 7, 25.0, 230.0),
	('berlin52', 'EUC_2D', 8, 525.0, 1000.0),
	('berlin52', 'EUC_2D', 9, 580.0, 1175.0),
	('berlin52', 'EUC_2D', 10, 650.0, 1130.0),
	('berlin52', 'EUC_2D', 11, 1605.0, 620.0),
	('berlin52', 'EUC_2D', 12, 1220.0, 580.0),
	('berlin52', 'EUC_2D', 13, 1465.0, 200.0),
	('berlin52', 'EUC_2D', 14, 1530.0, 5.0),
	('berlin52', 'EUC_2D', 15, 845.0, 680.0),
	('berlin52', 'EUC_2D', 16, 725.0, 370.0),
	('berlin52', 'EUC_2D', 17, 145.0, 665.0),
	('berlin52', 'EUC_2D', 18, 415.0, 635.0),
	('berlin52', 'EUC_2D', 19, 510.0, 875.0),
	('berlin52', 'EUC_2D', 20, 560.0, 365.0),
	('berlin52', 'EUC_2D', 21, 300.0, 465.0),
	('berlin52', 'EUC_2D', 22, 520.0, 585.0),
	('berlin52', 'EUC_2D', 23, 480.0, 415.0),
	('berlin52', 'EUC_2D', 24, 835.0, 625.0),
	('berlin52', 'EUC_2D', 25, 975.0, 580.0),
	('berlin52', 'EUC_2D', 26, 1215.0, 245.0),
	('berlin52', 'EUC_2D', 27, 1320.0, 315.0),
	('berlin52', 'EUC_2D', 28, 1250.0, 400.0),
	('berlin52', 'EUC_2D', 29, 660.0, 180.0),
	('berlin52', 'EUC_2D', 30, 410.0, 250.0),
	('berlin52', 'EUC_2D', 31, 420.0, 555.0),
	('berlin52', 'EUC_2D', 32, 575.0, 665.0),
	('berlin52', 'EUC_2D', 33, 1150.0, 1160.0),
	('berlin52', 'EUC_2D', 34, 700.0, 580.0),
	('berlin52', 'EUC_2D', 35, 685.0, 595.0),
	('berlin52', 'EUC_2D', 36, 685.0, 610.0),
	('berlin52', 'EUC_2D', 37, 770.0, 610.0),
	('berlin52', 'EUC_2D', 38, 795.0, 645.0),
	('berlin52', 'EUC_2D', 39, 720.0, 635.0),
	('berlin52', 'EUC_2D', 40, 760.0, 650.0),
	('berlin52', 'EUC_2D', 41, 475.0, 960.0),
	('berlin52', 'EUC_2D', 42, 95.0, 260.0),
	('berlin52', 'EUC_2D', 43, 875.0, 920.0),
	('berlin52', 'EUC_2D', 44, 700.0, 500.0),
	('berlin52', 'EUC_2D', 45, 555.0, 815.0),
	('berlin52', 'EUC_2D', 46, 830.0, 485.0),
	('berlin52', 'EUC_2D', 47, 1170.0, 65.0),
	('berlin52', 'EUC_2D', 48, 830.0, 610.0),
	('berlin52', 'EUC_2D', 49, 605.0, 625.0),
	('berlin52', 'EUC_2D', 50, 595.0, 360.0),
	('berlin52', 'EUC_2D', 51, 1340.0, 725.0),
	('berlin52', 'EUC_2D', 52, 1740.0, 245.0);

INSERT INTO tsplib_opt VALUES
	('ulysses16', 6859, '{1,14,13,12,7,6,15,5,11,9,10,16,3,2,4,8}'),
	('att48', 10628, '{1,8,38,31,44,18,7,28,6,37,19,27,17,43,30,36,46,33,20,47,21,32,39,48,5,42,24,10,45,35,4,26,2,29,34,41,16,22,3,23,14,25,13,11,12,15,40,9}'),
	('eil51', 426, '{1,22,8,26,31,28,3,36,35,20,2,29,21,16,50,34,30,9,49,10,39,33,45,15,44,42,40,19,41,13,25,14,24,43,7,23,48,6,27,51,46,12,47,18,4,17,37,5,38,11,32}'),
	('berlin52', 7542, '{1,49,32,45,19,41,8,9,10,43,33,51,11,52,14,13,47,26,27,28,12,25,4,6,15,5,24,48,38,37,40,39,36,35,34,44,46,16,29,50,20,23,30,2,7,42,21,17,3,18,31,22}');

-- GEO: DDD.MM truncated to whole degrees, PI = 3.141592, rounded up to km
CREATE FUNCTION pg_temp.geo_rad(v float8) RETURNS float8 LANGUAGE sql IMMUTABLE AS
$$ SELECT 3.141592 * (trunc(v) + 5.0 * (v - trunc(v)) / 3.0) / 180.0 $$;
CREATE FUNCTION pg_temp.tsplib_dist(kind text, x1 float8, y1 float8,
									x2 float8, y2 float8) RETURNS float8
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE kind
		WHEN 'EUC_2D' THEN floor(sqrt((x1 - x2) ^ 2 + (y1 - y2) ^ 2) + 0.5)
		WHEN 'ATT' THEN (SELECT CASE WHEN t < r THEN t + 1 ELSE t END
						 FROM (SELECT r, floor(r + 0.5) AS t
							   FROM (SELECT sqrt(((x1 - x2) ^ 2 + (y1 - y2) ^ 2) / 10.0) AS r) a) b)
		WHEN 'GEO' THEN trunc(6378.388 * acos(0.5 * (
			(1 + cos(pg_temp.geo_rad(y1) - pg_temp.geo_rad(y2)))
				* cos(pg_temp.geo_rad(x1) - pg_temp.geo_rad(x2))
			- (1 - cos(pg_temp.geo_rad(y1) - pg_temp.geo_rad(y2)))
				* cos(pg_temp.geo_rad(x1) + pg_temp.geo_rad(x2)))) + 1.0)
	END
$$;
CREATE TEMP TABLE tsplib_m AS
SELECT name, (SELECT array_agg(r ORDER BY id) FROM (
		SELECT a.id, array_agg(CASE WHEN a.id = b.id THEN 0
									ELSE pg_temp.tsplib_dist(a.kind, a.x, a.y, b.x, b.y)
							   END ORDER BY b.id) AS r
		FROM tsplib a JOIN tsplib b USING (name)
		WHERE a.name = n.name GROUP BY a.id) s) AS d
FROM (SELECT DISTINCT name FROM tsplib) n;

-- the published optimal tours measure the published optima; ours reach them
SELECT o.name, cardinality(o.tour) AS n, o.optimum,
	   logistics.tour_length(m.d, o.tour) AS opt_tour_length,
	   logistics.tour_length(m.d, t.tour) AS ours,
	   pg_temp.valid(t.tour, cardinality(o.tour), 1, NULL) AS valid,
	   logistics.tour_length(m.d, t10.tour) AS ours_from_10,
	   t10.tour[1] AS first
FROM tsplib_opt o JOIN tsplib_m m USING (name),
	 LATERAL (SELECT logistics.tsp_tour(m.d) AS tour) t,
	 LATERAL (SELECT logistics.tsp_tour(m.d, true, 10) AS tour) t10
ORDER BY n;

-- berlin52 made asymmetric: c'(i,j) = c(i,j) + p(j) - p(i) + 100 with
-- p(i) = 37 i mod 101 >= 0, so c' >= 0; along any closed tour the p terms
-- cancel, hence the optimum is 7542 + 52 * 100 = 12742
CREATE TEMP TABLE berlin_asym AS
SELECT (SELECT array_agg(r ORDER BY i) FROM (
		SELECT i, array_agg(CASE WHEN i = j THEN 0
								 ELSE d[i][j] + (37 * j) % 101 - (37 * i) % 101 + 100
							END ORDER BY j) AS r
		FROM tsplib_m, generate_series(1, 52) i, generate_series(1, 52) j
		WHERE name = 'berlin52' GROUP BY i) s) AS d;
SELECT d[1][2] <> d[2][1] AS asymmetric,
	   logistics.tour_length(d, logistics.tsp_tour(d)) AS ours,
	   pg_temp.valid(logistics.tsp_tour(d), 52, 1, NULL) AS valid
FROM berlin_asym;

-- br17 (asymmetric TSPLIB, 17 stops, 9999 on the diagonal): optimum 39
CREATE TEMP TABLE br17 AS SELECT '{
{9999,3,5,48,48,8,8,5,5,3,3,0,3,5,8,8,5},
{3,9999,3,48,48,8,8,5,5,0,0,3,0,3,8,8,5},
{5,3,9999,72,72,48,48,24,24,3,3,5,3,0,48,48,24},
{48,48,74,9999,0,6,6,12,12,48,48,48,48,74,6,6,12},
{48,48,74,0,9999,6,6,12,12,48,48,48,48,74,6,6,12},
{8,8,50,6,6,9999,0,8,8,8,8,8,8,50,0,0,8},
{8,8,50,6,6,0,9999,8,8,8,8,8,8,50,0,0,8},
{5,5,26,12,12,8,8,9999,0,5,5,5,5,26,8,8,0},
{5,5,26,12,12,8,8,0,9999,5,5,5,5,26,8,8,0},
{3,0,3,48,48,8,8,5,5,9999,0,3,0,3,8,8,5},
{3,0,3,48,48,8,8,5,5,0,9999,3,0,3,8,8,5},
{0,3,5,48,48,8,8,5,5,3,3,9999,3,5,8,8,5},
{3,0,3,48,48,8,8,5,5,0,0,3,9999,3,8,8,5},
{5,3,0,72,72,48,48,24,24,3,3,5,3,9999,48,48,24},
{8,8,50,6,6,0,0,8,8,8,8,8,8,50,9999,0,8},
{8,8,50,6,6,0,0,8,8,8,8,8,8,50,0,9999,8},
{5,5,26,12,12,8,8,0,0,5,5,5,5,26,8,8,9999}}'::float8[] AS d;
SELECT logistics.tour_length(d, logistics.tsp_tour(d)) AS ours,
	   logistics.tour_length(d, logistics.tsp_tour(d, true, 5)) AS ours_from_5,
	   pg_temp.valid(logistics.tsp_tour(d, true, 5), 17, 5, NULL) AS valid
FROM br17;

-- ---------------------------------------------------------------------------
-- Points: tsp_tour(lat, lon) on geodesic distances.  8 German cities; every
-- closed tour from stop 1 enumerated (7! = 5040) on the same geodesic
-- matrix.  Of the two directions the one whose second stop has the lower
-- number is returned.
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE cities (i int, name text, lat float8, lon float8);
INSERT INTO cities VALUES
	(1, 'Berlin', 52.5200, 13.4050), (2, 'Hamburg', 53.5511, 9.9937),
	(3, 'Munich', 48.1351, 11.5820), (4, 'Cologne', 50.9375, 6.9603),
	(5, 'Frankfurt', 50.1109, 8.6821), (6, 'Stuttgart', 48.7758, 9.1829),
	(7, 'Leipzig', 51.3397, 12.3731), (8, 'Dresden', 51.0504, 13.7373);
CREATE TEMP TABLE city_m AS
SELECT array_agg(lat ORDER BY i) AS lat, array_agg(lon ORDER BY i) AS lon,
	   logistics.distance_matrix(array_agg(lat ORDER BY i), array_agg(lon ORDER BY i)) AS d
FROM cities;
WITH RECURSIVE perm AS (
	SELECT ARRAY[1] AS p
	UNION ALL
	SELECT p || j FROM perm, generate_series(1, 8) j WHERE j <> ALL (p)
)
SELECT t.tour,
	   (SELECT string_agg(c.name, ' > ' ORDER BY k)
		FROM unnest(t.tour) WITH ORDINALITY u(i, k) JOIN cities c USING (i)) AS route,
	   round((logistics.tour_length(d, t.tour) / 1000)::numeric, 3) AS km,
	   round(((SELECT min((SELECT sum(d[p[k]][p[k % 8 + 1]]) FROM generate_series(1, 8) k))
			   FROM perm WHERE cardinality(p) = 8) / 1000)::numeric, 3) AS enumerated_km
FROM city_m, LATERAL (SELECT logistics.tsp_tour(lat, lon) AS tour) t;
-- open path from Munich to Hamburg: enumerated over the 6! orders between
WITH RECURSIVE perm AS (
	SELECT ARRAY[3] AS p
	UNION ALL
	SELECT p || j FROM perm, generate_series(1, 8) j WHERE j <> ALL (p) AND j <> 2
)
SELECT t.tour,
	   round((logistics.tour_length(d, t.tour, false) / 1000)::numeric, 3) AS km,
	   round(((SELECT min((SELECT sum(d[q[k]][q[k + 1]]) FROM generate_series(1, 7) k))
			   FROM (SELECT p || 2 AS q FROM perm WHERE cardinality(p) = 7) s) / 1000)::numeric, 3)
		   AS enumerated_km
FROM city_m, LATERAL (SELECT logistics.tsp_tour(lat, lon, false, 3, 2) AS tour) t;

-- ---------------------------------------------------------------------------
-- Bad input
-- ---------------------------------------------------------------------------
SELECT pg_temp.err(q) FROM (VALUES
	($$SELECT logistics.tsp_tour('{0,1,2}'::float8[])$$),
	($$SELECT logistics.tsp_tour('{{{0}}}'::float8[])$$),
	($$SELECT logistics.tsp_tour('{{0,1},{1,0},{2,2}}')$$),
	-- a ragged literal never reaches the function: PostgreSQL refuses it
	($$SELECT logistics.tsp_tour('{{0,1},{1}}')$$),
	($$SELECT logistics.tsp_tour('{{0,NULL},{1,0}}')$$),
	($$SELECT logistics.tsp_tour('{{0,NaN},{1,0}}')$$),
	($$SELECT logistics.tsp_tour('{{0,1},{Infinity,0}}')$$),
	($$SELECT logistics.tsp_tour('{{0,1},{-2,0}}')$$),
	($$SELECT logistics.tsp_tour('{{0,1},{1,0}}', true, 0)$$),
	($$SELECT logistics.tsp_tour('{{0,1},{1,0}}', true, 3)$$),
	($$SELECT logistics.tsp_tour('{{0,1},{1,0}}', false, 1, 3)$$),
	($$SELECT logistics.tsp_tour('{{0,1},{1,0}}', false, 2, 2)$$),
	($$SELECT logistics.tsp_tour(array_fill(0::float8, ARRAY[5001, 1]))$$),
	($$SELECT logistics.tsp_tour('{1,2}'::float8[], '{3}'::float8[])$$),
	($$SELECT logistics.tsp_tour('{91,0}'::float8[], '{0,0}'::float8[])$$),
	($$SELECT logistics.tsp_tour('{0,0}'::float8[], '{0,-180.5}'::float8[])$$),
	($$SELECT logistics.tsp_tour('{NaN,0}'::float8[], '{0,0}'::float8[])$$),
	($$SELECT logistics.tsp_tour('{0,NULL}'::float8[], '{0,0}'::float8[])$$),
	($$SELECT logistics.tsp_tour(array_fill(0::float8, ARRAY[5001]), array_fill(0::float8, ARRAY[5001]))$$),
	($$SELECT logistics.tour_length('{{0,1},{1,0}}', '{1}')$$),
	($$SELECT logistics.tour_length('{{0,1},{1,0}}', '{1,2,2}')$$),
	($$SELECT logistics.tour_length('{{0,1,1},{1,0,1},{1,1,0}}', '{1,2,2}')$$),
	($$SELECT logistics.tour_length('{{0,1},{1,0}}', '{1,3}')$$),
	($$SELECT logistics.tour_length('{{0,1},{1,0}}', '{1,NULL}')$$),
	($$SELECT logistics.tour_length('{{0,1},{1,0}}', '{{1,2}}')$$),
	($$SELECT logistics.tour_length('{{0,-1},{1,0}}', '{1,2}')$$)
) v(q);

-- ---------------------------------------------------------------------------
-- A long solve honours statement_timeout: 1000 stops take far longer than
-- 20 ms (the solver checks for interrupts through its callback)
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE big AS
SELECT logistics.distance_matrix(array_agg(40 + (i * 7919) % 1000 / 100.0),
								 array_agg(-5 + (i * 104729) % 997 / 100.0)) AS d
FROM generate_series(1, 1000) i;
SET statement_timeout = '20ms';
SELECT cardinality(logistics.tsp_tour(d)) FROM big;
RESET statement_timeout;
-- the same solve runs to the end without the limit
SELECT cardinality(logistics.tsp_tour(d)) AS stops,
	   pg_temp.valid(logistics.tsp_tour(d, false, 500), 1000, 500, NULL) AS valid
FROM big;
