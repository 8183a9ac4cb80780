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
-- rb_cal (i, day, x): the calendar regressors of day i.
--
-- The rule (rb_fit(y, x, n, h, wh, rule)), the same for every node:
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

CREATE FUNCTION :"rb_schema".rb_fit(y float8[], x float8[], n int, h int, wh int, rule text,
                                    OUT fc float8[], OUT resid float8[], OUT resid_h float8[],
                                    OUT base_model text)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
	xs float8[];
	m logistics.forecast_model;
BEGIN
	IF rule = 'arimax' THEN
		BEGIN
			-- the columns of x (rows x k) that vary over rows 1..n
			WITH c AS (SELECT (i - 1) / k + 1 AS r, (i - 1) % k + 1 AS j, v
						 FROM (SELECT array_length(x, 2) AS k) AS kk,
							  unnest(x) WITH ORDINALITY AS u(v, i)),
				 keep AS (SELECT j FROM c WHERE r <= n GROUP BY j HAVING max(v) > min(v))
			SELECT array_agg(row ORDER BY r) INTO xs
			  FROM (SELECT r, array_agg(v ORDER BY j) AS row
					  FROM c JOIN keep USING (j) GROUP BY r) AS s;
			m := logistics.forecast_fit(y[1:n], 'arima(1,0,1)', 1, NULL, xs[1:n]);
			fc := ARRAY(SELECT f.point
						  FROM logistics.forecast_predict(m, h, 0.95, xs[n + 1:n + h]) AS f
						 ORDER BY f.step);
			resid := logistics.forecast_model_residuals(m, y[1:n], xs[1:n], 1);
			resid_h := logistics.forecast_model_residuals(m, y[1:n], xs[1:n], wh);
			base_model := 'arimax';
			RETURN;
		EXCEPTION WHEN OTHERS THEN
			base_model := 'mstl (arimax: ' || SQLERRM || ')';
		END;
	END IF;
	fc := logistics.forecast(y[1:n], h, 'mstl', ARRAY[7, 365]);
	resid := logistics.forecast_residuals(y[1:n], 'mstl', ARRAY[7, 365]);
	resid_h := logistics.forecast_residuals(y[1:n], 'mstl', ARRAY[7, 365], wh);
	base_model := coalesce(base_model, 'mstl');
END $$;
