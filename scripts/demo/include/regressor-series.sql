-- The sample company's daily series with the regressors a planner knows in
-- advance, shared by scripts/demo/62-regressors.sql and
-- bench/sample_regressors.sh (so both score exactly the same series).
--
-- psql variables: rx_schema, the schema that receives the tables (pg_temp
-- for temporary tables), and rx_n, the SKUs per demand pattern (the first
-- rx_n by id: no selection on promotions).
--
-- Series: daily units of the SKU over both warehouses (zero on days without
-- a sale), 2024-01-01 .. 2025-11-05 (675 days) for fitting, the 56 days
-- 2025-11-06 .. 2025-12-31 held back.  Regressors: the promotion's discount
-- that day (0 outside promotions; a SKU without a promotion in the fitting
-- days gets no such column, which would be constant and so an error) and one
-- 0/1 column per holiday name of sample.holiday, in name order, from
-- logistics.holiday_indicator.
--
-- Tables: rx_pick (sku_id, sku, pattern), rx_cal (day, train, hol float8[]),
-- rx_day (sku_id, day, train, hol, promo, qty) and rx_series (sku_id, sku, pattern,
-- promo_col, promoted_in_holdout, promo_days_held_back, history, actual,
-- xreg, xreg_future).
CREATE TABLE :"rx_schema".rx_pick AS
SELECT sku_id, sku, pattern
  FROM (SELECT sku_id, sku, pattern,
               row_number() OVER (PARTITION BY pattern ORDER BY sku_id) AS rn
          FROM sample.sku) s
 WHERE rn OPERATOR(pg_catalog.<=) :rx_n;

CREATE TABLE :"rx_schema".rx_cal AS
SELECT c.day::date AS day, c.day OPERATOR(pg_catalog.<) date '2025-11-06' AS train,
       pg_catalog.array_agg(logistics.holiday_indicator(c.day::date, h.days) ORDER BY h.name) AS hol
  FROM pg_catalog.generate_series(date '2024-01-01', date '2025-12-31', interval '1 day') AS c(day)
 CROSS JOIN (SELECT name, pg_catalog.array_agg(day) AS days
               FROM sample.holiday GROUP BY name) AS h
 GROUP BY c.day;

CREATE TABLE :"rx_schema".rx_day AS
SELECT p.sku_id, c.day, c.train, c.hol,
       coalesce((SELECT pr.discount FROM sample.promotion AS pr
                  WHERE pr.sku_id OPERATOR(pg_catalog.=) p.sku_id
                    AND pr.start_day OPERATOR(pg_catalog.<=) c.day
                    AND c.day OPERATOR(pg_catalog.<=) pr.end_day), 0) AS promo,
       coalesce(s.qty, 0)::float8 AS qty
  FROM :"rx_schema".rx_pick AS p
 CROSS JOIN :"rx_schema".rx_cal AS c
  LEFT JOIN (SELECT d.sku_id, d.day, pg_catalog.sum(d.qty) AS qty
               FROM sample.daily_sales AS d
              WHERE d.sku_id IN (SELECT sku_id FROM :"rx_schema".rx_pick)
              GROUP BY 1, 2) AS s
         ON s.sku_id OPERATOR(pg_catalog.=) p.sku_id AND s.day OPERATOR(pg_catalog.=) c.day;

CREATE TABLE :"rx_schema".rx_series AS
SELECT p.sku_id, p.sku, p.pattern, c.promo_col,
       coalesce(pg_catalog.bool_or(x.promo OPERATOR(pg_catalog.>) 0) FILTER (WHERE NOT x.train),
                false) AS promoted_in_holdout,
       pg_catalog.count(*) FILTER (WHERE NOT x.train AND x.promo OPERATOR(pg_catalog.>) 0)
           AS promo_days_held_back,
       pg_catalog.array_agg(x.qty ORDER BY x.day) FILTER (WHERE x.train) AS history,
       pg_catalog.array_agg(x.qty ORDER BY x.day) FILTER (WHERE NOT x.train) AS actual,
       pg_catalog.array_agg(CASE WHEN c.promo_col THEN ARRAY[x.promo] OPERATOR(pg_catalog.||) x.hol
                                 ELSE x.hol END ORDER BY x.day) FILTER (WHERE x.train) AS xreg,
       pg_catalog.array_agg(CASE WHEN c.promo_col THEN ARRAY[x.promo] OPERATOR(pg_catalog.||) x.hol
                                 ELSE x.hol END ORDER BY x.day) FILTER (WHERE NOT x.train)
           AS xreg_future
  FROM :"rx_schema".rx_pick AS p
  JOIN :"rx_schema".rx_day AS x USING (sku_id)
  JOIN (SELECT sku_id,
               coalesce(pg_catalog.bool_or(promo OPERATOR(pg_catalog.>) 0) FILTER (WHERE train),
                        false) AS promo_col
          FROM :"rx_schema".rx_day GROUP BY 1) AS c USING (sku_id)
 GROUP BY p.sku_id, p.sku, p.pattern, c.promo_col;
