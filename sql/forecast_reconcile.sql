--
-- Forecast reconciliation: logistics.reconcile().
--
-- Expected values are hand calculations written in the comments; the
-- kernel is also checked against dense matrix formulas and R's solve() in
-- test/unit/test_forecast_reconcile.c (reconcile_reference.R).
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS logistics CASCADE;
RESET client_min_messages;
SET extra_float_digits = 0;

CREATE FUNCTION pg_temp.err(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE q;
	RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ': ' || SQLERRM;
END $$;

-- ---------------------------------------------------------------------
-- total -> a, b with base forecasts total 10, a 6, b 5 (one step).
-- ols: minimise (10 - (a+b))^2 + (6 - a)^2 + (5 - b)^2.  With a = 6 + d,
--   b = 5 + d: (1 + 2d)^2 + 2 d^2 -> d = -1/3: a = 17/3, b = 14/3,
--   total = 31/3 = 10.3333333333333.
-- wls_struct: W = diag(2, 1, 1): (1 + 2d)^2 / 2 + 2 d^2 -> d = -1/4:
--   a = 5.75, b = 4.75, total 10.5.
-- bottom_up: total 11.
-- top_down (proportions of the historical averages) with history
--   a = (1, 3), b = (1, 1): p_a = 4/6, p_b = 2/6 -> a = 6.66666666666667,
--   b = 3.33333333333333, total 10.
-- top_down_gsa (average of the proportions): p_a = (1/2 + 3/4) / 2 =
--   0.625 -> a = 6.25, b = 3.75.
-- ---------------------------------------------------------------------
SELECT m.method, r.node, r.step, r.base_forecast, r.forecast
FROM unnest(ARRAY['ols', 'wls_struct', 'bottom_up', 'top_down', 'top_down_gsa']) AS m(method),
	 logistics.reconcile(ARRAY['total', 'a', 'b'], ARRAY[NULL, 'total', 'total'],
						 ARRAY[[10], [6], [5]]::float8[], m.method,
						 history => ARRAY[[2, 4], [1, 3], [1, 1]]::float8[]) AS r
ORDER BY m.method, r.node;

-- NULL required arguments: no rows
SELECT count(*) FROM logistics.reconcile(NULL, ARRAY['x'], ARRAY[[1]]::float8[], 'ols');

-- ---------------------------------------------------------------------
-- mint_shrink on three levels: coherent at every step, intervals whose
-- half-width grows with sqrt(step) (W_h = h W_1).  The values themselves
-- are compared with the dense formula in the unit test.
-- ---------------------------------------------------------------------
CREATE TEMP TABLE mint AS
SELECT * FROM logistics.reconcile(
	ARRAY['T', 'A', 'B', 'a1', 'a2', 'b1', 'b2'],
	ARRAY[NULL, 'T', 'T', 'A', 'A', 'B', 'B'],
	ARRAY[[20, 21, 22], [11, 11, 12], [8, 9, 9], [6, 6, 7], [4, 5, 5],
		  [5, 5, 4], [4, 4, 4]]::float8[],
	'mint_shrink',
	ARRAY[[1.0, -1.2, 0.5, 2.0, -0.3, 0.8], [0.6, -0.5, 0.1, 1.1, -0.4, 0.3],
		  [0.5, -0.9, 0.3, 0.8, 0.2, 0.4], [0.4, -0.2, 0.2, 0.6, -0.3, 0.1],
		  [0.3, -0.4, -0.1, 0.4, 0.1, 0.3], [0.2, -0.6, 0.1, 0.5, 0.1, 0.1],
		  [0.3, -0.2, 0.2, 0.2, 0.2, 0.3]]::float8[],
	level => 0.95);
-- parent = sum of children, to 1e-9 relative
SELECT p.node, p.step,
	   abs(p.forecast - sum(c.forecast)) <= 1e-9 * abs(p.forecast) AS coherent
FROM mint p
JOIN (VALUES ('a1', 'A'), ('a2', 'A'), ('b1', 'B'), ('b2', 'B'), ('A', 'T'), ('B', 'T'))
	AS h(child, parent) ON h.parent = p.node
JOIN mint c ON c.node = h.child AND c.step = p.step
GROUP BY p.node, p.step, p.forecast
ORDER BY p.node, p.step;
-- half-width ratio step 3 / step 1 = sqrt(3) = 1.732050807569, symmetric
SELECT node, round(((m3.upper - m3.forecast) / (m1.upper - m1.forecast))::numeric, 12) AS ratio_step3,
	   round((m1.forecast - m1.lower - (m1.upper - m1.forecast))::numeric, 12) AS asymmetry
FROM mint m1 JOIN mint m3 USING (node)
WHERE m1.step = 1 AND m3.step = 3
ORDER BY node;

-- ---------------------------------------------------------------------
-- Straight from GROUP BY ROLLUP: warehouse x sku -> warehouse -> company.
-- Node keys by concat_ws ('' is the company), parents by GROUPING().
-- ---------------------------------------------------------------------
CREATE TEMP TABLE sales (warehouse text, sku text, day int, qty float8);
INSERT INTO sales
SELECT w, s, d, 10 + d % 7 + length(w) * 2 + ascii(s) % 5
FROM unnest(ARRAY['north', 'south']) w, unnest(ARRAY['p', 'q', 'r']) s,
	 generate_series(1, 28) d;
WITH daily AS (
	SELECT warehouse, sku, day, sum(qty) AS qty, GROUPING(warehouse, sku) AS g
	FROM sales
	GROUP BY day, ROLLUP (warehouse, sku)
), base AS (
	SELECT concat_ws('/', warehouse, sku) AS node,
		   CASE g WHEN 0 THEN warehouse WHEN 1 THEN '' END AS parent,
		   logistics.forecast(array_agg(qty ORDER BY day), 7, 'ses') AS fc
	FROM daily
	GROUP BY warehouse, sku, g
), r AS (
	SELECT r.*
	FROM (SELECT array_agg(node) n, array_agg(parent) p, array_agg(fc) f FROM base) b,
		 logistics.reconcile(b.n, b.p, b.f, 'wls_struct') r
)
-- each parent equals the sum of its children (SES forecasts do not add up)
SELECT p.node AS parent, p.step, count(*) AS children,
	   round(p.base_forecast::numeric - sum(c.base_forecast)::numeric, 3) AS base_gap,
	   abs(p.forecast - sum(c.forecast)) <= 1e-9 * abs(p.forecast) AS coherent
FROM r p
JOIN r c ON c.step = p.step AND c.node <> p.node
	AND (c.node = p.node || '/' || split_part(c.node, '/', 2)
		 OR (p.node = '' AND c.node NOT LIKE '%/%'))
WHERE p.step IN (1, 7)
GROUP BY p.node, p.step, p.forecast, p.base_forecast
ORDER BY p.node, p.step;


-- ---------------------------------------------------------------------
-- Grouped hierarchies: parents as a 2-D array, one row of parent keys per
-- node (NULL padding).  SKUs A, B at warehouses X, Y: each SKU x
-- warehouse under its SKU and its warehouse; A, B, X, Y under the total.
-- Base forecasts total 100, A 60, B 45, X 52, Y 50, A@X 30, A@Y 28,
-- B@X 22, B@Y 24.  R 4.2 with S the 9 x 4 summing matrix:
--   gls <- function(W) { Wi <- solve(W); S %*% solve(t(S) %*% Wi %*% S, t(S) %*% Wi %*% y) }
--   ols = gls(diag(9)): total 102, A 58, B 44, X 51.666667, Y 50.333333,
--     A@X 30.333333, A@Y 27.666667, B@X 21.333333, B@Y 22.666667
--   wls_struct = gls(diag(rowSums(S))): total 102.75, A 58.125, B 44.625,
--     X 51.875, Y 50.875, A@X 30.3125, A@Y 27.8125, B@X 21.5625, B@Y 23.0625
-- bottom_up: A = 58, X = 52, total 104.
-- ---------------------------------------------------------------------
CREATE TEMP TABLE grouped (node text, parents text[], fc float8[]);
INSERT INTO grouped VALUES
	('total', '{NULL,NULL}', '{100}'), ('A', '{total,NULL}', '{60}'),
	('B', '{total,NULL}', '{45}'), ('X', '{total,NULL}', '{52}'),
	('Y', '{total,NULL}', '{50}'), ('A@X', '{A,X}', '{30}'),
	('A@Y', '{A,Y}', '{28}'), ('B@X', '{B,X}', '{22}'), ('B@Y', '{B,Y}', '{24}');
SELECT m.method, r.node, round(r.forecast::numeric, 6) AS forecast
FROM (VALUES ('ols'), ('wls_struct'), ('bottom_up')) m(method),
	 (SELECT array_agg(node ORDER BY node) n, array_agg(parents ORDER BY node) p,
			 array_agg(fc ORDER BY node) f FROM grouped) g,
	 logistics.reconcile(g.n, g.p, g.f, m.method) r
ORDER BY m.method, r.node;

-- Straight from GROUPING SETS: sku x warehouse under its warehouse and
-- under its sku, both under the company; mint_shrink with SES residuals.
WITH daily AS (
	SELECT warehouse, sku, day, sum(qty) AS qty, GROUPING(warehouse, sku) AS g
	FROM sales
	GROUP BY day, GROUPING SETS ((warehouse, sku), (warehouse), (sku), ())
), base AS (
	SELECT CASE g WHEN 0 THEN warehouse || '/' || sku WHEN 1 THEN warehouse
				  WHEN 2 THEN 'sku ' || sku ELSE '' END AS node,
		   CASE g WHEN 0 THEN ARRAY[warehouse, 'sku ' || sku]
				  WHEN 3 THEN ARRAY[NULL, NULL] ELSE ARRAY['', NULL] END AS parents,
		   logistics.forecast(array_agg(qty ORDER BY day), 7, 'ses') AS fc,
		   logistics.forecast_residuals(array_agg(qty ORDER BY day), 'ses') AS res
	FROM daily
	GROUP BY warehouse, sku, g
), r AS (
	SELECT r.*
	FROM (SELECT array_agg(node) n, array_agg(parents) p, array_agg(fc) f,
				 array_agg(res) e FROM base) b,
		 logistics.reconcile(b.n, b.p, b.f, 'mint_shrink', b.e, level => 0.95) r
)
-- every aggregate equals the sum of its sku x warehouse series
SELECT p.node AS aggregate, count(*) / 7 AS leaves,
	   bool_and(abs(p.forecast - s.total) <= 1e-9 * abs(p.forecast)) AS coherent,
	   bool_and(p.lower < p.forecast AND p.forecast < p.upper) AS has_interval
FROM r p
JOIN LATERAL (
	SELECT sum(c.forecast) AS total, count(*) AS n
	FROM r c
	WHERE c.step = p.step AND c.node LIKE '%/%'
	  AND (p.node = '' OR c.node LIKE p.node || '/%'
		   OR c.node LIKE '%/' || substr(p.node, 5))
) s ON true
JOIN r c ON c.step = p.step AND c.node LIKE '%/%'
	AND (p.node = '' OR c.node LIKE p.node || '/%' OR c.node LIKE '%/' || substr(p.node, 5))
WHERE p.node NOT LIKE '%/%'
GROUP BY p.node
ORDER BY p.node;

-- ---------------------------------------------------------------------
-- Errors
-- ---------------------------------------------------------------------
SELECT pg_temp.err($$SELECT * FROM logistics.reconcile(ARRAY['t','a'], ARRAY[NULL,'x'], ARRAY[[1],[2]]::float8[], 'ols')$$);
SELECT pg_temp.err($$SELECT * FROM logistics.reconcile(ARRAY['t','a','b'], ARRAY[NULL,'b','a'], ARRAY[[1],[2],[3]]::float8[], 'ols')$$);
SELECT pg_temp.err($$SELECT * FROM logistics.reconcile(ARRAY['t','a','u'], ARRAY[NULL,'t',NULL], ARRAY[[1],[2],[3]]::float8[], 'ols')$$);
SELECT pg_temp.err($$SELECT * FROM logistics.reconcile(ARRAY['t','a','t'], ARRAY[NULL,'t','a'], ARRAY[[1],[2],[3]]::float8[], 'ols')$$);
SELECT pg_temp.err($$SELECT * FROM logistics.reconcile(ARRAY['t','a'], ARRAY[NULL,'t'], ARRAY[[1],[2],[3]]::float8[], 'ols')$$);
SELECT pg_temp.err($$SELECT * FROM logistics.reconcile(ARRAY['t','a'], ARRAY[NULL,'t'], ARRAY[[1,2],[3,4]]::float8[], 'ols') UNION ALL SELECT * FROM logistics.reconcile(ARRAY['t','a'], ARRAY[NULL,'t'], ARRAY[[1],['NaN']]::float8[], 'ols')$$);
SELECT pg_temp.err($$SELECT array_agg(f) FROM (VALUES (ARRAY[1,2]::float8[]), (ARRAY[1]::float8[])) v(f)$$);
SELECT pg_temp.err($$SELECT * FROM logistics.reconcile(ARRAY['t','a'], ARRAY[NULL,'t'], ARRAY[[1],[2]]::float8[], 'mint_shrink')$$);
SELECT pg_temp.err($$SELECT * FROM logistics.reconcile(ARRAY['t','a'], ARRAY[NULL,'t'], ARRAY[[1],[2]]::float8[], 'mint_shrink', ARRAY[[1],[2]]::float8[])$$);
SELECT pg_temp.err($$SELECT * FROM logistics.reconcile(ARRAY['t','a'], ARRAY[NULL,'t'], ARRAY[[1],[2]]::float8[], 'mint_shrink', ARRAY[[1,2,3],[2,3,4],[0,0,0]]::float8[])$$);
SELECT pg_temp.err($$SELECT * FROM logistics.reconcile(ARRAY['t','a'], ARRAY[NULL,'t'], ARRAY[[1],[2]]::float8[], 'wls_var', ARRAY[[1,2],[0,0]]::float8[])$$);
SELECT pg_temp.err($$SELECT * FROM logistics.reconcile(ARRAY['t','a'], ARRAY[NULL,'t'], ARRAY[[1],[2]]::float8[], 'top_down')$$);
SELECT pg_temp.err($$SELECT * FROM logistics.reconcile(ARRAY['t','a'], ARRAY[NULL,'t'], ARRAY[[1],[2]]::float8[], 'top_down', history => ARRAY[[0,0],[0,0]]::float8[])$$);
SELECT pg_temp.err($$SELECT * FROM logistics.reconcile(ARRAY['t','a'], ARRAY[NULL,'t'], ARRAY[[1],[2]]::float8[], 'median')$$);
SELECT pg_temp.err($$SELECT * FROM logistics.reconcile(ARRAY['t',NULL], ARRAY[NULL,'t'], ARRAY[[1],[2]]::float8[], 'ols')$$);
SELECT pg_temp.err($$SELECT * FROM logistics.reconcile(ARRAY['t','a'], ARRAY[NULL,'t'], ARRAY[[1],[NULL]]::float8[], 'ols')$$);
SELECT pg_temp.err($$SELECT * FROM logistics.reconcile(ARRAY['t','a'], ARRAY[NULL,'t'], ARRAY[1,2]::float8[], 'ols')$$);
SELECT pg_temp.err($$SELECT * FROM logistics.reconcile(ARRAY['t','a'], ARRAY[NULL,'t'], ARRAY[[1],[2]]::float8[], 'wls_var', ARRAY[[1,2],[1,3]]::float8[], level => 1)$$);
-- grouped: a parent listed twice, a cycle, rows that do not match, 3-D
SELECT pg_temp.err($$SELECT * FROM logistics.reconcile(ARRAY['t','a','b'], ARRAY[[NULL,NULL],['t',NULL],['a','a']], ARRAY[[1],[2],[3]]::float8[], 'ols')$$);
SELECT pg_temp.err($$SELECT * FROM logistics.reconcile(ARRAY['t','a','b','c'], ARRAY[[NULL,NULL],['t','c'],['a',NULL],['b',NULL]], ARRAY[[1],[2],[3],[4]]::float8[], 'ols')$$);
SELECT pg_temp.err($$SELECT * FROM logistics.reconcile(ARRAY['t','a','b'], ARRAY[[NULL,NULL],['t',NULL]], ARRAY[[1],[2],[3]]::float8[], 'ols')$$);
SELECT pg_temp.err($$SELECT * FROM logistics.reconcile(ARRAY['t','a'], ARRAY[[[NULL]],[['t']]], ARRAY[[1],[2]]::float8[], 'ols')$$);
SELECT pg_temp.err($$SELECT * FROM logistics.reconcile(ARRAY['t','u','a'], ARRAY[[NULL,NULL],[NULL,NULL],['t','u']], ARRAY[[1],[2],[3]]::float8[], 'ols')$$);
