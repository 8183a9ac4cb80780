#!/usr/bin/env bash
# Stop order: logistics.tsp_tour against pgRouting's pgr_TSP on the same
# matrices, in the same run: the 14 TSPLIB instances with proven optima in
# data/routing/tsplib (gap to the optimum and time, best of 3 runs each), and
# 1000 random points (no known optimum: both lengths and times).
#
# Our tour and pgr_TSP's are both measured with logistics.tour_length on the
# same matrix (pgr_TSP's agg_cost is printed next to it as a check).
# tsp_tour gets the matrix as a float8[][]; pgr_TSP reads the same entries
# through its SQL (start_vid, end_vid, agg_cost), as pgRouting requires.
#
#   bash bench/tsp.sh     (PG* env: see make bench; needs a C compiler)
set -euo pipefail
cd "$(dirname "$0")/.."

q() { command psql -X -q -v ON_ERROR_STOP=1 -At "$@"; }

tmp=$(mktemp -d /tmp/logistics-tsp-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# The TSPLIB distance functions live in the driver (bench/tsp_driver.c).
cc -O2 -Isrc -o "$tmp/tsp_driver" bench/tsp_driver.c src/routing/tsp.c src/routing/tsp_ls.c -lm

instances="burma14:3323 ulysses16:6859 ulysses22:7013 att48:10628 eil51:426
berlin52:7542 eil76:538 gr96:55209 kroA100:21282 gr137:69853 ch150:6528
gr202:40160 a280:2579 pcb442:50778"

for io in $instances; do
	name=${io%%:*}
	opt=${io##*:}
	printf '%s\t%s\t%s\n' "$name" "$opt" \
		"$("$tmp/tsp_driver" -m "data/routing/tsplib/$name.tsp")"
done >"$tmp/instances.tsv"

q <<SQL
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgrouting;
DROP TABLE IF EXISTS bench_tsp, bench_tsp_cells, bench_tsp_result;
CREATE TABLE bench_tsp (name text PRIMARY KEY, optimum float8, d float8[]);
\copy bench_tsp FROM '$tmp/instances.tsv'
-- 1000 random points in a 100 km square (setseed makes them repeatable),
-- Euclidean distances rounded to metres; no known optimum
SELECT setseed(0.5);
CREATE TEMP TABLE p AS
SELECT i, floor(random() * 100000) AS x, floor(random() * 100000) AS y
FROM generate_series(1, 1000) i;
INSERT INTO bench_tsp
SELECT 'random1000', NULL,
	   (SELECT array_agg(r ORDER BY i) FROM (
		   SELECT a.i, array_agg(round(sqrt((a.x - b.x) ^ 2 + (a.y - b.y) ^ 2)) ORDER BY b.i) AS r
		   FROM p a, p b GROUP BY a.i) s);
-- unnest reads each array once (d[i][j] or array_length(d, 1) per cell
-- would detoast the whole matrix every time)
ALTER TABLE bench_tsp ADD COLUMN n int;
UPDATE bench_tsp SET n = array_length(d, 1);
CREATE TABLE bench_tsp_cells AS
SELECT name, start_vid, end_vid, agg_cost
FROM (SELECT name, (k - 1) / n + 1 AS start_vid, (k - 1) % n + 1 AS end_vid,
			 v AS agg_cost
	  FROM bench_tsp, unnest(d) WITH ORDINALITY u(v, k)) c
WHERE start_vid <> end_vid;
CREATE INDEX ON bench_tsp_cells (name);
ANALYZE bench_tsp, bench_tsp_cells;

CREATE TABLE bench_tsp_result (name text, solver text, ms float8, tour int[],
							   agg_cost float8, stopped boolean DEFAULT false);

-- best of 3 wall times of each solver on each instance (pgr_TSP, whose
-- time grows like n^3, runs once on 1000 stops, below)
DO \$\$
DECLARE
	r record;
	t0 timestamptz;
	ms float8;
	best_ours float8;
	best_pgr float8;
	tour int[];
	ptour int[];
	pcost float8;
	k int;
BEGIN
	FOR r IN SELECT name FROM bench_tsp ORDER BY n, name LOOP
		best_ours := NULL;
		best_pgr := NULL;
		FOR k IN 1..3 LOOP
			t0 := clock_timestamp();
			SELECT logistics.tsp_tour(d) INTO tour FROM bench_tsp WHERE name = r.name;
			ms := 1000 * extract(epoch FROM clock_timestamp() - t0);
			best_ours := least(best_ours, ms);
			CONTINUE WHEN r.name = 'random1000';

			t0 := clock_timestamp();
			SELECT array_agg(node::int ORDER BY seq), max(agg_cost)
			INTO ptour, pcost
			FROM pgr_TSP(format(
				'SELECT start_vid, end_vid, agg_cost FROM bench_tsp_cells WHERE name = %L',
				r.name));
			ms := 1000 * extract(epoch FROM clock_timestamp() - t0);
			best_pgr := least(best_pgr, ms);
		END LOOP;
		INSERT INTO bench_tsp_result VALUES (r.name, 'ours', best_ours, tour, NULL);
		IF r.name <> 'random1000' THEN
			INSERT INTO bench_tsp_result
			VALUES (r.name, 'pgr_TSP', best_pgr, ptour, pcost);
		END IF;
	END LOOP;
END
\$\$;
SQL

# pgr_TSP on 1000 stops took about 3 minutes here (184 s): one run, stopped
# after PGR_LIMIT seconds (default 30)
limit=${PGR_LIMIT:-30}
if ! q >/dev/null 2>&1 <<SQL
SET statement_timeout = '${limit}s';
DO \$\$
DECLARE
	t0 timestamptz := clock_timestamp();
	ptour int[];
	pcost float8;
BEGIN
	SELECT array_agg(node::int ORDER BY seq), max(agg_cost) INTO ptour, pcost
	FROM pgr_TSP('SELECT start_vid, end_vid, agg_cost FROM bench_tsp_cells WHERE name = ''random1000''');
	INSERT INTO bench_tsp_result VALUES ('random1000', 'pgr_TSP',
		1000 * extract(epoch FROM clock_timestamp() - t0), ptour, pcost);
END
\$\$;
SQL
then
	q -c "INSERT INTO bench_tsp_result VALUES ('random1000', 'pgr_TSP', 1000 * $limit, NULL, NULL, true)"
fi

echo "Stop order: logistics.tsp_tour vs pgr_TSP (pgRouting $(q -c "SELECT extversion FROM pg_extension WHERE extname = 'pgrouting'")), best of 3 runs"
command psql -X -q -v ON_ERROR_STOP=1 <<'SQL'
\pset footer off
WITH x AS (
	SELECT b.name, b.n, b.optimum,
		   o.ms AS ours_ms, logistics.tour_length(b.d, o.tour) AS ours,
		   p.ms AS pgr_ms, logistics.tour_length(b.d, p.tour) AS pgr,
		   p.agg_cost AS pgr_agg, p.stopped
	FROM bench_tsp b
	JOIN bench_tsp_result o ON o.name = b.name AND o.solver = 'ours'
	JOIN bench_tsp_result p ON p.name = b.name AND p.solver = 'pgr_TSP'
)
SELECT name, n, optimum,
	   ours, round((100 * (ours / optimum - 1))::numeric, 3) AS "ours gap %",
	   round(ours_ms::numeric, 1) AS "ours ms",
	   pgr AS "pgr_TSP", round((100 * (pgr / optimum - 1))::numeric, 3) AS "pgr gap %",
	   CASE WHEN stopped THEN '> ' ELSE '' END || round(pgr_ms::numeric, 1) AS "pgr ms",
	   pgr = pgr_agg AS "pgr agg_cost agrees"
FROM x ORDER BY n, name;

WITH x AS (
	SELECT b.name, b.optimum,
		   logistics.tour_length(b.d, o.tour) AS ours, o.ms AS ours_ms,
		   logistics.tour_length(b.d, p.tour) AS pgr, p.ms AS pgr_ms
	FROM bench_tsp b
	JOIN bench_tsp_result o ON o.name = b.name AND o.solver = 'ours'
	JOIN bench_tsp_result p ON p.name = b.name AND p.solver = 'pgr_TSP'
	WHERE b.optimum IS NOT NULL
)
SELECT count(*) AS instances,
	   round(avg(100 * (ours / optimum - 1))::numeric, 3) AS "ours mean gap %",
	   round(max(100 * (ours / optimum - 1))::numeric, 3) AS "ours max gap %",
	   round(avg(ours_ms)::numeric, 1) AS "ours mean ms",
	   round(max(ours_ms)::numeric, 1) AS "ours max ms",
	   round(avg(100 * (pgr / optimum - 1))::numeric, 3) AS "pgr mean gap %",
	   round(max(100 * (pgr / optimum - 1))::numeric, 3) AS "pgr max gap %",
	   round(avg(pgr_ms)::numeric, 1) AS "pgr mean ms",
	   round(max(pgr_ms)::numeric, 1) AS "pgr max ms",
	   CASE WHEN avg(ours / optimum - 1) <= 0.01 AND max(ours / optimum - 1) <= 0.03
				 AND max(ours_ms) < 1000 THEN 'met' ELSE 'NOT met' END
		   AS "target: mean <= 1%, max <= 3%, < 1 s"
FROM x;
SQL
q -c "DROP TABLE bench_tsp, bench_tsp_cells, bench_tsp_result"
