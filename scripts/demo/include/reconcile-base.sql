-- The sample company's daily units per SKU-location with what a planner
-- knows in advance, and the rule that gives every node of a hierarchy its
-- base forecast and in-sample errors; shared by scripts/demo/65-reconcile.sql
-- and bench/reconcile_sample.sh (so both use exactly the same rule).
--
-- psql variables: rb_schema, the schema that receives the tables and
-- functions (pg_temp for temporary ones; call them schema-qualified),
-- rb_n, the training days (from 2024-01-01), and rb_kmax (default 1), the
-- yearly Fourier pairs in x (rule 'arimax_pool_k' chooses among 1 .. rb_kmax).
--
-- Tables: rb_daily (warehouse_id, sku_id, category, day, qty, discount):
-- units sold (0 on days without a sale) and the SKU's promotion discount
-- (0 outside promotions), 2024-01-01 .. 2025-12-31; rb_weight (warehouse_id,
-- sku_id, w): mean daily units over the training days, the weight of the
-- location's discount in the promotion share of the nodes above it;
-- rb_cal (i, day, x): the calendar regressors of day i; rb_hol (name, j,
-- train_days, train_years): the holiday columns of x; rb_top (y, x): the
-- top series (the sum of all SKU-locations) and its regressors; rb_fourier
-- (k, aicc, chosen): the top's 'arimax' fit with k yearly Fourier pairs
-- (rule 'arimax_pool_k'); rb_pool (cols, mult): the columns and day
-- multipliers of rules 'arimax_pool' and 'arimax_pool_d1' (rb_pool_mult),
-- rb_pool_all those of 'arimax_pool_all', rb_pool_k (k, cols, mult) those
-- of 'arimax_pool_k'.
--
-- The rule (rb_fit(y, x, n, h, wh, rule, pool_cols, pool_mult,
-- fourier_k)), the same for every node:
--   'mstl': logistics.forecast(y[1:n], h, 'mstl', ARRAY[7, 365]) (the
--     yearly period needs 731 days; with fewer it is dropped: weekly STL +
--     ETS), which sees neither promotions nor holidays;
--   'arimax': regression with ARIMA(1,0,1) errors, 'arima(1,0,1)', on the
--     calendar columns x of rb_cal (a linear trend t / 365.25, the yearly
--     Fourier pair sin/cos(2 pi t / 365.25) of fourier_terms, six
--     day-of-week dummies of day_of_week_dummies, one 0/1 column per
--     holiday name that falls in the training days, from
--     holiday_indicator over all of that name's days, so that no holiday
--     of the history is left in the residuals; a name seen only in the
--     forecast days has no coefficient to estimate) plus the node's
--     promotion share (x's last column: the rb_weight-weighted mean
--     discount of its SKU-locations that day).  Columns constant over the
--     training days (e.g. no promotion in the history) are dropped for
--     that node, as they cannot be estimated beside the mean.  A node whose
--     fit fails gets the 'mstl' rule, and base_model says why.
--   'arimax_pool': 'arimax' except for the holiday names seen in only one
--     year of the training days (at origin 675: Veterans Day, Thanksgiving,
--     Black Friday, Cyber Monday, the Christmas shopping week, Christmas Eve
--     and Day, New Year's Eve).  Their own columns would be estimated from
--     one occurrence in every node: in a slow SKU-location that is one
--     day's noise, and the fit is exact there (zero residual).  Instead
--     each such name has one relative effect s shared by every node, the
--     top series' uplift on its days (rb_pool_mult): the node's y is
--     divided by 1 + s on those days before the fit, and the forecasts and
--     in-sample errors of those days are multiplied back.  Pass
--     pool_cols and pool_mult from rb_pool.
--   'arimax_pool_k': 'arimax_pool' with fourier_k yearly Fourier pairs
--     instead of one: the k of rb_fourier chosen on the top series (pass
--     k, cols and mult from rb_pool_k).
-- x carries rb_kmax Fourier pairs (sin and cos of pair j at columns 2j and
-- 2j + 1); rb_fit keeps the first fourier_k (default 1).
-- Returns the h forecasts, the one-step in-sample residuals and the
-- wh-step in-sample errors (forecast_residuals of the same model).
--
-- Functions that call other functions of the include are SQL-standard
-- bodies (BEGIN ATOMIC), bound when created: psql puts the schema into
-- them, which it cannot do inside a $$ body, and a temporary schema is
-- never searched for functions, even when it is on search_path.
\if :{?rb_kmax}
\else
\set rb_kmax 1
\endif
CREATE TABLE :"rb_schema".rb_daily AS
SELECT sl.warehouse_id, sl.sku_id, k.category, d::date AS day,
       coalesce(s.qty, 0)::float8 AS qty, coalesce(pr.discount, 0)::float8 AS discount
  FROM sample.sku_location AS sl
  JOIN sample.sku AS k USING (sku_id)
 CROSS JOIN pg_catalog.generate_series(date '2024-01-01', date '2025-12-31', interval '1 day') AS d
  LEFT JOIN sample.daily_sales AS s
         ON s.sku_id OPERATOR(pg_catalog.=) sl.sku_id
        AND s.warehouse_id OPERATOR(pg_catalog.=) sl.warehouse_id
        AND s.day OPERATOR(pg_catalog.=) d::date
  LEFT JOIN (SELECT p.sku_id, g::date AS day, pg_catalog.max(p.discount) AS discount
               FROM sample.promotion AS p,
                    pg_catalog.generate_series(p.start_day, p.end_day, interval '1 day') AS g
              GROUP BY 1, 2) AS pr
         ON pr.sku_id OPERATOR(pg_catalog.=) sl.sku_id AND pr.day OPERATOR(pg_catalog.=) d::date;

CREATE TABLE :"rb_schema".rb_weight AS
SELECT warehouse_id, sku_id, pg_catalog.avg(qty) AS w
  FROM :"rb_schema".rb_daily
 WHERE day OPERATOR(pg_catalog.<) (date '2024-01-01' OPERATOR(pg_catalog.+) :rb_n)
 GROUP BY 1, 2;

CREATE TABLE :"rb_schema".rb_cal AS
SELECT ((d::date OPERATOR(pg_catalog.-) date '2024-01-01') OPERATOR(pg_catalog.+) 1) AS i,
       d::date AS day,
       ARRAY[(((d::date OPERATOR(pg_catalog.-) date '2024-01-01') OPERATOR(pg_catalog.+) 1)
              OPERATOR(pg_catalog./) 365.25::float8)]
       OPERATOR(pg_catalog.||) logistics.fourier_terms(
           (d::date OPERATOR(pg_catalog.-) date '2024-01-01') OPERATOR(pg_catalog.+) 1, 365.25, :rb_kmax)
       OPERATOR(pg_catalog.||) logistics.day_of_week_dummies(d::date)
       OPERATOR(pg_catalog.||) coalesce(
           (SELECT pg_catalog.array_agg(logistics.holiday_indicator(d::date, h.days) ORDER BY h.name)
              FROM (SELECT name, pg_catalog.array_agg(day) AS days
                      FROM sample.holiday
                     WHERE name IN (SELECT name FROM sample.holiday
                                     WHERE day OPERATOR(pg_catalog.>=) date '2024-01-01'
                                       AND day OPERATOR(pg_catalog.<)
                                               (date '2024-01-01' OPERATOR(pg_catalog.+) :rb_n))
                     GROUP BY name) AS h), '{}') AS x
  FROM pg_catalog.generate_series(date '2024-01-01', date '2025-12-31', interval '1 day') AS d;

-- The holiday columns of x: every name with a day in the training days, in
-- the order of rb_cal (by name), its column j and its training days.
CREATE TABLE :"rb_schema".rb_hol AS
SELECT h.name, ((SELECT pg_catalog.cardinality(c.x) FROM :"rb_schema".rb_cal AS c WHERE c.i OPERATOR(pg_catalog.=) 1)
                OPERATOR(pg_catalog.-) (pg_catalog.count(*) OVER ())::int
                OPERATOR(pg_catalog.+) (pg_catalog.row_number() OVER (ORDER BY h.name))::int) AS j,
       h.train_days, h.train_years
  FROM (SELECT name, pg_catalog.count(*)::int AS train_days,
               pg_catalog.count(DISTINCT pg_catalog.date_part('year', day))::int AS train_years
          FROM sample.holiday
         WHERE day OPERATOR(pg_catalog.>=) date '2024-01-01'
           AND day OPERATOR(pg_catalog.<) (date '2024-01-01' OPERATOR(pg_catalog.+) :rb_n)
         GROUP BY name) AS h;

-- The columns of the matrix x (rows x k) that vary over rows 1..n and are
-- not in drop_cols, ascending: a column constant over the training days
-- cannot be estimated beside the mean.
CREATE FUNCTION :"rb_schema".rb_keep(x float8[], n int, drop_cols int[]) RETURNS int[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
	RETURN (SELECT coalesce(array_agg(j ORDER BY j), '{}')
			  FROM (SELECT j
					  FROM (SELECT (i - 1) % k + 1 AS j, (i - 1) / k + 1 AS r, v
							  FROM (SELECT array_length(x, 2) AS k) AS kk,
								   unnest(x) WITH ORDINALITY AS u(v, i)) AS c
					 WHERE r <= n AND j <> ALL (drop_cols)
					 GROUP BY j HAVING max(v) > min(v)) AS q);
END $$;

-- The columns cols of the matrix x, in that order, for every row.
-- rb_keep and rb_pick are PL/pgSQL, not SQL: PL/pgSQL expands the array
-- argument once, where a SQL function detoasts the whole x again for
-- every x[r][c] or array_length(x, 2) (minutes for one 731 x 44 x).
CREATE FUNCTION :"rb_schema".rb_pick(x float8[], cols int[]) RETURNS float8[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
	RETURN (SELECT array_agg(row ORDER BY r)
			  FROM (SELECT r, array_agg(x[r][c] ORDER BY o) AS row
					  FROM generate_series(1, array_length(x, 1)) AS r,
						   unnest(cols) WITH ORDINALITY AS u(c, o)
					 GROUP BY r) AS s);
END $$;

-- The Fourier columns of x beyond the first k pairs (those rb_fit and
-- rb_pool_mult drop for k pairs).
CREATE FUNCTION :"rb_schema".rb_fourier_drop(k int) RETURNS int[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN ARRAY(SELECT pg_catalog.generate_series(2 OPERATOR(pg_catalog.+) (2 OPERATOR(pg_catalog.*) k),
                                               1 OPERATOR(pg_catalog.+) (2 OPERATOR(pg_catalog.*) :rb_kmax)));

-- Holidays seen in one year only (once): their own columns in rule
-- 'arimax' get coefficients from one occurrence in every node.  Rule
-- 'arimax_pool' gives such a name one relative effect shared by every
-- node instead: the top series' (the sum of all SKU-locations, y and x as
-- for its base) uplift on its days, s = b / (ybar - b) with b the name's
-- coefficient in the top's 'arimax' fit (k Fourier pairs) and ybar the
-- top's mean units on the name's training days (ybar - b: what the top
-- would have sold without the holiday), i.e. the effect as a share of the
-- level, estimated where the noise is smallest.  Returns mult[t] = product
-- over those names of (1 + s x[t][j]) for every row t of x (1 on other
-- days), and the names' columns (once: their columns j in x).
-- rb_pool_mult_xs does the work on the kept columns keep of x (xs).
CREATE FUNCTION :"rb_schema".rb_pool_mult_xs(y float8[], x float8[], xs float8[], keep int[],
											 n int, once int[], OUT cols int[], OUT mult float8[])
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
	coef jsonb;
	col int;
	pos int;
	t int;
	b float8;
	s float8;
	ybar float8;
BEGIN
	cols := '{}';
	mult := array_fill(1::float8, ARRAY[array_length(x, 1)]);
	IF cardinality(once) = 0 THEN
		RETURN;
	END IF;
	coef := (logistics.forecast_model_json(
				 logistics.forecast_fit(y[1:n], 'arima(1,0,1)', 1, NULL, xs[1:n])))
			-> 'arima' -> 'coefficients';
	FOREACH col IN ARRAY once LOOP
		pos := array_position(keep, col);
		CONTINUE WHEN pos IS NULL;
		-- the top's mean units on the name's training days
		SELECT avg(y[r]) INTO ybar FROM generate_series(1, n) AS r WHERE x[r][col] <> 0;
		b := (coef ->> ('xreg' || pos))::float8;
		IF NOT (ybar > 0 AND ybar - b > 0) THEN
			RAISE EXCEPTION 'holiday column %: top series % units a day, effect % units: no relative effect',
				col, ybar, b USING ERRCODE = 'data_exception';
		END IF;
		s := b / (ybar - b);
		cols := cols || col;
		FOR t IN 1 .. array_length(x, 1) LOOP
			IF x[t][col] <> 0 THEN
				mult[t] := mult[t] * (1 + s * x[t][col]);
			END IF;
		END LOOP;
	END LOOP;
END $$;

CREATE FUNCTION :"rb_schema".rb_pool_mult(y float8[], x float8[], n int, once int[], k int DEFAULT 1,
										  OUT cols int[], OUT mult float8[])
LANGUAGE sql
BEGIN ATOMIC
	SELECT p.cols, p.mult
	  FROM (SELECT :"rb_schema".rb_keep(x, n, :"rb_schema".rb_fourier_drop(k)) AS keep) AS c,
		   :"rb_schema".rb_pool_mult_xs(y, x, :"rb_schema".rb_pick(x, c.keep), c.keep, n, once) AS p;
END;

-- The top series (the sum of all SKU-locations) and its regressors: x of
-- rb_cal and its promotion share.
CREATE TABLE :"rb_schema".rb_top AS
SELECT pg_catalog.array_agg(s.qty ORDER BY c.i) AS y,
       pg_catalog.array_agg(c.x OPERATOR(pg_catalog.||) ARRAY[s.promo] ORDER BY c.i) AS x
  FROM (SELECT d.day, pg_catalog.sum(d.qty) AS qty,
               coalesce(pg_catalog.sum(w.w OPERATOR(pg_catalog.*) d.discount)
                        OPERATOR(pg_catalog./) nullif(pg_catalog.sum(w.w), 0), 0) AS promo
          FROM :"rb_schema".rb_daily AS d
          JOIN :"rb_schema".rb_weight AS w USING (warehouse_id, sku_id)
         GROUP BY d.day) AS s
  JOIN :"rb_schema".rb_cal AS c USING (day);

-- The number of yearly Fourier pairs of rule 'arimax_pool_k', chosen once
-- per origin on the top series: the k in 1 .. rb_kmax whose 'arimax' fit
-- (ARIMA(1,0,1) errors, every holiday name its own column: the top's
-- noise is small enough for one occurrence) has the smallest AICc, as in
-- R practice with fourier() and auto.arima (Hyndman and Athanasopoulos,
-- FPP3 section 10.5, dynamic harmonic regression).  One k for every node,
-- level and origin rule, decided on the series with the least noise.
-- Pair k has period 365.25 / k days: k <= 10 (bench/reconcile_sample.sh
-- sets rb_kmax 10 for this rule; the default 1 leaves x as the other rules
-- use it and k = 1) leaves shapes shorter than
-- about five weeks to the holiday columns; k is also limited to designs of
-- at most 40 columns (forecast_fit's limit on regressors; at origin 675
-- the top has 24 columns besides the Fourier pairs, so k <= 8).
CREATE TABLE :"rb_schema".rb_fourier AS
SELECT f.k, f.aicc, pg_catalog.row_number() OVER (ORDER BY f.aicc, f.k) OPERATOR(pg_catalog.=) 1 AS chosen
  FROM (SELECT k.k,
               (logistics.forecast_model_json(logistics.forecast_fit(
                   t.y[1:(:rb_n)], 'arima(1,0,1)', 1, NULL,
                   (:"rb_schema".rb_pick(t.x, c.keep))[1:(:rb_n)])) OPERATOR(pg_catalog.->>) 'aicc')::float8 AS aicc
          FROM :"rb_schema".rb_top AS t, pg_catalog.generate_series(1, :rb_kmax) AS k(k),
               LATERAL (SELECT :"rb_schema".rb_keep(t.x, :rb_n, :"rb_schema".rb_fourier_drop(k.k)) AS keep) AS c
         -- forecast_fit takes at most 40 regressors
         WHERE pg_catalog.cardinality(c.keep) OPERATOR(pg_catalog.<=) 40) AS f;

-- rb_pool (cols, mult): the columns of the names seen in fewer than 2
-- years of the training days and their multipliers from the top series
-- (rules 'arimax_pool' and 'arimax_pool_d1' of rb_fit); rb_pool_all: the
-- same for every holiday name of the training days (rule
-- 'arimax_pool_all'); rb_pool_k (k, cols, mult): as rb_pool from the
-- top's fit with the chosen k pairs (rule 'arimax_pool_k').
CREATE TABLE :"rb_schema".rb_pool_all AS
SELECT k.years, k.k, (p.r).cols, (p.r).mult
  FROM (VALUES (2, 1), (2147483647, 1)
        UNION
        SELECT 2, f.k FROM :"rb_schema".rb_fourier AS f WHERE f.chosen) AS k(years, k),
       LATERAL (SELECT :"rb_schema".rb_pool_mult(
                   t.y, t.x, :rb_n,
                   (SELECT coalesce(pg_catalog.array_agg(j ORDER BY j), '{}')
                      FROM :"rb_schema".rb_hol WHERE train_years OPERATOR(pg_catalog.<) k.years),
                   k.k) AS r
          FROM :"rb_schema".rb_top AS t) AS p;
CREATE TABLE :"rb_schema".rb_pool AS
SELECT cols, mult FROM :"rb_schema".rb_pool_all
 WHERE years OPERATOR(pg_catalog.=) 2 AND k OPERATOR(pg_catalog.=) 1;
CREATE TABLE :"rb_schema".rb_pool_k AS
SELECT a.k, a.cols, a.mult FROM :"rb_schema".rb_pool_all AS a
 WHERE a.years OPERATOR(pg_catalog.=) 2
   AND a.k OPERATOR(pg_catalog.=) (SELECT f.k FROM :"rb_schema".rb_fourier AS f WHERE f.chosen);
DELETE FROM :"rb_schema".rb_pool_all WHERE years OPERATOR(pg_catalog.=) 2;
ALTER TABLE :"rb_schema".rb_pool_all DROP COLUMN years, DROP COLUMN k;

-- rb_fit_xs: the rule on the kept columns xs of x (rb_fit picks them).
CREATE FUNCTION :"rb_schema".rb_fit_xs(y float8[], xs float8[], n int, h int, wh int, rule text,
									   pool_mult float8[],
									   OUT fc float8[], OUT resid float8[], OUT resid_h float8[],
									   OUT base_model text)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
	ya float8[] := y;
	mu float8[];
	m logistics.forecast_model;
	pooled boolean := rule IN ('arimax_pool', 'arimax_pool_all', 'arimax_pool_d1', 'arimax_pool_k');
	-- 'arimax_pool_d1': the errors' level is a random walk (d = 1), so
	-- the trend column is left to the model's drift
	d int := CASE WHEN rule = 'arimax_pool_d1' THEN 1 ELSE 0 END;
BEGIN
	IF rule IN ('arimax', 'arimax_pool', 'arimax_pool_all', 'arimax_pool_d1', 'arimax_pool_k') THEN
		BEGIN
			IF pooled THEN
				-- the pooled names' effect divided out, put back below
				mu := coalesce(pool_mult, array_fill(1::float8, ARRAY[n + h]));
				ya := ARRAY(SELECT y[t] / mu[t] FROM generate_series(1, n) AS t ORDER BY t);
			END IF;
			m := logistics.forecast_fit(ya[1:n], format('arima(1,%s,1)', d), 1, NULL, xs[1:n]);
			fc := ARRAY(SELECT f.point
						  FROM logistics.forecast_predict(m, h, 0.95, xs[n + 1:n + h]) AS f
						 ORDER BY f.step);
			resid := logistics.forecast_model_residuals(m, ya[1:n], xs[1:n], 1);
			resid_h := logistics.forecast_model_residuals(m, ya[1:n], xs[1:n], wh);
			IF pooled THEN
				-- y - mult fitted = mult (y / mult - fitted); resid_h[k] is
				-- the error of day k + wh + d
				fc := ARRAY(SELECT fc[s] * mu[n + s] FROM generate_series(1, h) AS s ORDER BY s);
				resid := ARRAY(SELECT resid[t] * mu[t] FROM generate_series(1, n) AS t ORDER BY t);
				resid_h := ARRAY(SELECT resid_h[k] * mu[k + wh + d]
								   FROM generate_series(1, cardinality(resid_h)) AS k ORDER BY k);
			END IF;
			base_model := rule;
			RETURN;
		EXCEPTION WHEN OTHERS THEN
			base_model := 'mstl (' || rule || ': ' || SQLERRM || ')';
		END;
	END IF;
	fc := logistics.forecast(y[1:n], h, 'mstl', ARRAY[7, 365]);
	resid := logistics.forecast_residuals(y[1:n], 'mstl', ARRAY[7, 365]);
	resid_h := logistics.forecast_residuals(y[1:n], 'mstl', ARRAY[7, 365], wh);
	base_model := coalesce(base_model, 'mstl');
	IF d = 1 THEN
		-- the errors of days wh + 2 .. n, as the d = 1 fits give, so that
		-- every node's array has the same length
		resid_h := resid_h[2:];
	END IF;
END $$;

-- rb_fit: the columns of x that rule uses (those that vary over the
-- training days, without the pooled names' columns, the Fourier pairs
-- beyond fourier_k and, for d = 1, the trend), then rb_fit_xs.
CREATE FUNCTION :"rb_schema".rb_fit(y float8[], x float8[], n int, h int, wh int, rule text,
									pool_cols int[] DEFAULT NULL, pool_mult float8[] DEFAULT NULL,
									fourier_k int DEFAULT 1,
									OUT fc float8[], OUT resid float8[], OUT resid_h float8[],
									OUT base_model text)
LANGUAGE sql
BEGIN ATOMIC
	SELECT f.fc, f.resid, f.resid_h, f.base_model
	  FROM :"rb_schema".rb_fit_xs(
		  y,
		  CASE WHEN rule OPERATOR(pg_catalog.=) ANY (ARRAY['arimax', 'arimax_pool', 'arimax_pool_all',
														   'arimax_pool_d1', 'arimax_pool_k'])
			   THEN :"rb_schema".rb_pick(x, :"rb_schema".rb_keep(
				   x, n,
				   CASE WHEN rule OPERATOR(pg_catalog.=) ANY (ARRAY['arimax_pool', 'arimax_pool_all',
																	'arimax_pool_d1', 'arimax_pool_k'])
						THEN coalesce(pool_cols, '{}') ELSE '{}' END
				   OPERATOR(pg_catalog.||) CASE WHEN rule OPERATOR(pg_catalog.=) 'arimax_pool_d1'
												THEN ARRAY[1] ELSE '{}' END
				   OPERATOR(pg_catalog.||) :"rb_schema".rb_fourier_drop(fourier_k))) END,
		  n, h, wh, rule, pool_mult) AS f;
END;
