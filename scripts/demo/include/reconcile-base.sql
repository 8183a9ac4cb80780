-- The sample company's daily units per SKU-location with what a planner
-- knows in advance, and the rule that gives every node of a hierarchy its
-- base forecast and in-sample errors; shared by scripts/demo/65-reconcile.sql
-- and bench/reconcile_sample.sh (so both use exactly the same rule).
--
-- psql variables: rb_schema, the schema that receives the tables and
-- functions (pg_temp for temporary ones; call them schema-qualified), and
-- rb_n, the training days (from 2024-01-01).
--
-- Tables: rb_daily (warehouse_id, sku_id, category, day, qty, discount):
-- units sold (0 on days without a sale) and the SKU's promotion discount
-- (0 outside promotions), 2024-01-01 .. 2025-12-31; rb_weight (warehouse_id,
-- sku_id, w): mean daily units over the training days, the weight of the
-- location's discount in the promotion share of the nodes above it;
-- rb_cal (i, day, x): the calendar regressors of day i; rb_hol (name, j,
-- train_days, train_years): the holiday columns of x; rb_pool (cols, mult):
-- the columns and day multipliers of rules 'arimax_pool' and
-- 'arimax_pool_d1' (rb_pool_mult), rb_pool_all those of 'arimax_pool_all'.
--
-- The rule (rb_fit(y, x, n, h, wh, rule, pool_cols, pool_mult)), the same
-- for every node:
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
-- Returns the h forecasts, the one-step in-sample residuals and the
-- wh-step in-sample errors (forecast_residuals of the same model).
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
           (d::date OPERATOR(pg_catalog.-) date '2024-01-01') OPERATOR(pg_catalog.+) 1, 365.25, 1)
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

-- Holidays seen in one year only (once): their own columns in rule
-- 'arimax' get coefficients from one occurrence in every node.  Rule
-- 'arimax_pool' gives such a name one relative effect shared by every
-- node instead: the top series' (the sum of all SKU-locations, y and x as
-- for its base) uplift on its days, s = b / (ybar - b) with b the name's
-- coefficient in the top's 'arimax' fit and ybar the top's mean units on
-- the name's training days (ybar - b: what the top would have sold
-- without the holiday), i.e. the effect as a share of the level,
-- estimated where the noise is smallest.  Returns mult[t] = product over
-- those names of (1 + s x[t][j]) for every row t of x (1 on other days),
-- and the names' columns (once: their columns j in x).
CREATE FUNCTION :"rb_schema".rb_pool_mult(y float8[], x float8[], n int, once int[],
										  OUT cols int[], OUT mult float8[])
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
	keep int[];
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
	-- the columns that vary over the training days (as in rb_fit)
	keep := (SELECT coalesce(array_agg(j ORDER BY j), '{}')
		   FROM (SELECT j
				   FROM (SELECT (i - 1) % k + 1 AS j, (i - 1) / k + 1 AS r, v
						   FROM (SELECT array_length(x, 2) AS k) AS kk,
								unnest(x) WITH ORDINALITY AS u(v, i)) AS c
				  WHERE r <= n
				  GROUP BY j HAVING max(v) > min(v)) AS q);
	coef := (logistics.forecast_model_json(
				 logistics.forecast_fit(y[1:n], 'arima(1,0,1)', 1, NULL, ((SELECT array_agg(row ORDER BY r)
						   FROM (SELECT r, array_agg(x[r][c] ORDER BY o) AS row
								   FROM generate_series(1, array_length(x, 1)) AS r,
										unnest(keep) WITH ORDINALITY AS u(c, o)
								  GROUP BY r) AS s))[1:n])))
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

-- rb_pool (cols, mult): the columns of the names seen in fewer than 2
-- years of the training days and their multipliers from the top series
-- (rules 'arimax_pool' and 'arimax_pool_d1' of rb_fit); rb_pool_all: the
-- same for every holiday name of the training days (rule
-- 'arimax_pool_all').
CREATE TABLE :"rb_schema".rb_pool_all AS
SELECT k.years, (p.r).cols, (p.r).mult
  FROM (VALUES (2), (2147483647)) AS k(years),
       LATERAL (SELECT :"rb_schema".rb_pool_mult(
                   co.y, co.x, :rb_n,
                   (SELECT coalesce(pg_catalog.array_agg(j ORDER BY j), '{}')
                      FROM :"rb_schema".rb_hol WHERE train_years OPERATOR(pg_catalog.<) k.years)) AS r
          FROM (SELECT pg_catalog.array_agg(s.qty ORDER BY c.i) AS y,
                       pg_catalog.array_agg(c.x OPERATOR(pg_catalog.||) ARRAY[s.promo] ORDER BY c.i) AS x
                  FROM (SELECT d.day, pg_catalog.sum(d.qty) AS qty,
                               coalesce(pg_catalog.sum(w.w OPERATOR(pg_catalog.*) d.discount)
                                        OPERATOR(pg_catalog./) nullif(pg_catalog.sum(w.w), 0), 0) AS promo
                          FROM :"rb_schema".rb_daily AS d
                          JOIN :"rb_schema".rb_weight AS w USING (warehouse_id, sku_id)
                         GROUP BY d.day) AS s
                  JOIN :"rb_schema".rb_cal AS c USING (day)) AS co) AS p;
CREATE TABLE :"rb_schema".rb_pool AS
SELECT cols, mult FROM :"rb_schema".rb_pool_all WHERE years OPERATOR(pg_catalog.=) 2;
DELETE FROM :"rb_schema".rb_pool_all WHERE years OPERATOR(pg_catalog.=) 2;
ALTER TABLE :"rb_schema".rb_pool_all DROP COLUMN years;

CREATE FUNCTION :"rb_schema".rb_fit(y float8[], x float8[], n int, h int, wh int, rule text,
									pool_cols int[] DEFAULT NULL, pool_mult float8[] DEFAULT NULL,
									OUT fc float8[], OUT resid float8[], OUT resid_h float8[],
									OUT base_model text)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
	keep int[];
	xs float8[];
	ya float8[] := y;
	mu float8[];
	m logistics.forecast_model;
	pooled boolean := rule IN ('arimax_pool', 'arimax_pool_all', 'arimax_pool_d1');
	-- 'arimax_pool_d1': the errors' level is a random walk (d = 1), so
	-- the trend column is left to the model's drift
	d int := CASE WHEN rule = 'arimax_pool_d1' THEN 1 ELSE 0 END;
	drop_cols int[];
BEGIN
	IF rule IN ('arimax', 'arimax_pool', 'arimax_pool_all', 'arimax_pool_d1') THEN
		BEGIN
			drop_cols := CASE WHEN pooled THEN coalesce(pool_cols, '{}') ELSE '{}' END
						 || CASE WHEN d = 1 THEN ARRAY[1] ELSE '{}' END;
			IF pooled THEN
				-- the pooled names' effect divided out, put back below
				mu := coalesce(pool_mult, array_fill(1::float8, ARRAY[n + h]));
				ya := ARRAY(SELECT y[t] / mu[t] FROM generate_series(1, n) AS t ORDER BY t);
			END IF;
			-- the columns of x (rows x k) that vary over rows 1..n (a
			-- column constant over the training days cannot be estimated
			-- beside the mean), without the pooled names' columns (and
			-- without the trend for d = 1)
			keep := (SELECT coalesce(array_agg(j ORDER BY j), '{}')
				   FROM (SELECT j
						   FROM (SELECT (i - 1) % k + 1 AS j, (i - 1) / k + 1 AS r, v
								   FROM (SELECT array_length(x, 2) AS k) AS kk,
										unnest(x) WITH ORDINALITY AS u(v, i)) AS c
						  WHERE r <= n AND j <> ALL (drop_cols)
						  GROUP BY j HAVING max(v) > min(v)) AS q);
			xs := (SELECT array_agg(row ORDER BY r)
				   FROM (SELECT r, array_agg(x[r][c] ORDER BY o) AS row
						   FROM generate_series(1, array_length(x, 1)) AS r,
								unnest(keep) WITH ORDINALITY AS u(c, o)
						  GROUP BY r) AS s);
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
