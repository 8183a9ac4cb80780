--
-- Every inventory aggregate gives the same answer with and without parallel
-- workers: the serial result is the reference, the parallel plan is forced
-- and shown to contain a Partial Aggregate.  Three kinds of series exercise
-- the combine paths: regular daily snapshots stored in time order, irregular
-- times in order, and rows stored in scrambled order.  Sums may be added in
-- a different order, so results agree to 1e-12 relative.
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public;
CREATE EXTENSION IF NOT EXISTS logistics;
RESET client_min_messages;
SET TimeZone = 'UTC';

CREATE TABLE par_snap AS
SELECT s AS series,
       CASE WHEN s % 3 = 1
            THEN '2024-01-01'::timestamptz + (i * 5 + (i * 7919 % 5)) * interval '37 minutes'
            ELSE '2024-01-01'::timestamptz + i * interval '1 day' END AS ts,
       -- whole units (kept as float4), but fractions late in every 4th series
       ((i * 31 + s * 17) % 23 - 3)::float8 + CASE WHEN s % 4 = 0 AND i > 600 THEN 0.1 ELSE 0 END AS level,
       ((i * 13 + s) % 7)::float8 AS cogs,
       ((i * 29 + s * 3) % 11 - 5 + (s % 7) * 0.25)::float8 AS delta
FROM generate_series(1, 40) s, generate_series(0, 999) i
ORDER BY s, ts;
-- series 3k+2 stored scrambled
CREATE TABLE par_shuf AS
SELECT * FROM par_snap ORDER BY CASE WHEN series % 3 = 2 THEN md5(series::text || ts::text) END, series, ts;
ALTER TABLE par_snap SET (parallel_workers = 2);
ALTER TABLE par_shuf SET (parallel_workers = 2);
ANALYZE par_snap;
ANALYZE par_shuf;

CREATE VIEW par_q AS
SELECT series,
       logistics.time_weighted_avg(ts, level, '2027-01-01') AS twa,
       logistics.stockout_rate(ts, level, '2027-01-01') AS stockout,
       logistics.time_weighted_avg_linear(ts, level) AS linear,
       logistics.inventory_turnover(ts, abs(level) * 3, cogs, '2027-01-01') AS turnover,
       logistics.ledger_avg_level(ts, delta, 100, '2024-01-01', '2027-01-01') AS ledger,
       logistics.demand_cv(cogs) AS cv,
       logistics.demand_cv(cogs, 2000) AS cv_periods,
       logistics.inventory_aging(ts, delta, '2027-01-01', '{100,200,400}') AS aging
FROM par_shuf GROUP BY series;

CREATE FUNCTION pg_temp.same(a float8, b float8) RETURNS boolean
LANGUAGE sql IMMUTABLE
AS $$ SELECT (a IS NULL AND b IS NULL) OR abs(a - b) <= 1e-12 * greatest(abs(a), abs(b), 1e-300) $$;

CREATE FUNCTION pg_temp.same(a float8[], b float8[]) RETURNS boolean
LANGUAGE sql IMMUTABLE
AS $$ SELECT cardinality(a) = cardinality(b) AND
             bool_and(pg_temp.same(x, y)) FROM unnest(a, b) u(x, y) $$;

SET max_parallel_workers_per_gather = 0;
CREATE TABLE par_serial AS SELECT * FROM par_q;

SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT * FROM par_q;
CREATE TABLE par_parallel AS SELECT * FROM par_q;

SELECT count(*) AS groups,
       count(*) FILTER (WHERE NOT pg_temp.same(s.twa, p.twa)) AS twa_diff,
       count(*) FILTER (WHERE NOT pg_temp.same(s.stockout, p.stockout)) AS stockout_diff,
       count(*) FILTER (WHERE NOT pg_temp.same(s.linear, p.linear)) AS linear_diff,
       count(*) FILTER (WHERE NOT pg_temp.same(s.turnover, p.turnover)) AS turnover_diff,
       count(*) FILTER (WHERE NOT pg_temp.same(s.ledger, p.ledger)) AS ledger_diff,
       count(*) FILTER (WHERE NOT pg_temp.same(s.cv, p.cv)) AS cv_diff,
       count(*) FILTER (WHERE NOT pg_temp.same(s.cv_periods, p.cv_periods)) AS cv_periods_diff,
       count(*) FILTER (WHERE NOT pg_temp.same(s.aging, p.aging)) AS aging_diff
FROM par_serial s FULL JOIN par_parallel p USING (series);

-- the answers are not all alike (a comparison of constants proves nothing)
SELECT count(DISTINCT round(twa::numeric, 6)) > 30 AS twa_varies,
       count(DISTINCT round(ledger::numeric, 6)) > 30 AS ledger_varies,
       count(*) FILTER (WHERE stockout > 0) > 30 AS stockouts_seen
FROM par_serial;

-- the scrambled and the ordered copies agree too
SELECT count(*) FILTER (WHERE NOT pg_temp.same(a.twa, b.twa)) AS order_diff
FROM par_serial a
JOIN (SELECT series, logistics.time_weighted_avg(ts, level, '2027-01-01') AS twa
      FROM par_snap GROUP BY series) b USING (series);

-- without GROUP BY: a plain Partial Aggregate
EXPLAIN (COSTS OFF)
SELECT logistics.time_weighted_avg(ts, level, '2027-01-01'),
       logistics.ledger_avg_level(ts, delta, 0, '2024-01-01', '2027-01-01')
FROM par_shuf WHERE series = 5;
CREATE TEMP TABLE one_par AS
SELECT logistics.time_weighted_avg(ts, level, '2027-01-01') AS twa,
       logistics.inventory_turnover(ts, abs(level), cogs, '2027-01-01') AS turnover,
       logistics.ledger_avg_level(ts, delta, 0, '2024-01-01', '2027-01-01') AS ledger,
       logistics.demand_cv(cogs) AS cv,
       logistics.inventory_aging(ts, delta, '2027-01-01') AS aging
FROM par_shuf WHERE series = 5;
RESET max_parallel_workers_per_gather;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE one_ser AS
SELECT logistics.time_weighted_avg(ts, level, '2027-01-01') AS twa,
       logistics.inventory_turnover(ts, abs(level), cogs, '2027-01-01') AS turnover,
       logistics.ledger_avg_level(ts, delta, 0, '2024-01-01', '2027-01-01') AS ledger,
       logistics.demand_cv(cogs) AS cv,
       logistics.inventory_aging(ts, delta, '2027-01-01') AS aging
FROM par_shuf WHERE series = 5;
SELECT pg_temp.same(p.twa, s.twa) AS twa, pg_temp.same(p.turnover, s.turnover) AS turnover,
       pg_temp.same(p.ledger, s.ledger) AS ledger, pg_temp.same(p.cv, s.cv) AS cv,
       pg_temp.same(p.aging, s.aging) AS aging
FROM one_par p, one_ser s;

DROP VIEW par_q;
DROP TABLE par_snap, par_shuf, par_serial, par_parallel;
