-- Properties of the inventory functions that hold for any valid input:
-- optimality, inverse relations, bounds, monotonicity and invariance.
\set ON_ERROR_STOP 1
\set QUIET 1
SET client_min_messages = warning;
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public;
CREATE EXTENSION IF NOT EXISTS logistics;
SET TimeZone = 'UTC';

SELECT plan(22);

-- a grid of plausible parameters
CREATE TEMP TABLE grid AS
SELECT d::float8 AS demand, k::float8 AS order_cost, h::float8 AS holding,
       sd::float8 AS sd, sl::float8 AS sl
FROM unnest('{10,1300,52000}'::float8[]) d, unnest('{1,8,250}'::float8[]) k,
     unnest('{0.05,0.225,4}'::float8[]) h, unnest('{0.5,8,120}'::float8[]) sd,
     unnest('{0.5,0.8,0.95,0.999}'::float8[]) sl;

SELECT is_empty($$
	SELECT * FROM grid
	WHERE NOT (logistics.eoq_cost(demand, order_cost, holding, logistics.eoq(demand, order_cost, holding) * 1.01)
			   > logistics.eoq_cost(demand, order_cost, holding)
		   AND logistics.eoq_cost(demand, order_cost, holding, logistics.eoq(demand, order_cost, holding) * 0.99)
			   > logistics.eoq_cost(demand, order_cost, holding))$$,
	'EOQ: the cost is higher 1% either side of the optimum');

SELECT is_empty($$
	SELECT * FROM grid
	WHERE abs(logistics.eoq_cost(demand, order_cost, holding, logistics.eoq(demand, order_cost, holding))
			  / logistics.eoq_cost(demand, order_cost, holding) - 1) > 1e-12$$,
	'EOQ: the cost function at Q* equals the optimal cost sqrt(2DKh)');

SELECT is_empty($$
	SELECT * FROM grid
	WHERE abs(logistics.epq(demand, order_cost, holding, demand * 1e9)
			  / logistics.eoq(demand, order_cost, holding) - 1) > 1e-8$$,
	'EPQ tends to EOQ as the production rate grows');

SELECT is_empty($$
	SELECT * FROM grid
	WHERE logistics.eoq_backorder(demand, order_cost, holding, 1e12) < logistics.eoq(demand, order_cost, holding)
	   OR abs(logistics.eoq_backorder(demand, order_cost, holding, 1e12)
			  / logistics.eoq(demand, order_cost, holding) - 1) > 1e-8$$,
	'EOQ with backorders is at least EOQ and tends to it as backorders get expensive');

SELECT is_empty($$
	SELECT * FROM grid
	WHERE abs(logistics.eoq_all_units(demand, order_cost, 0.2, '{0,100,1000}', '{5,5,5}')
			  - logistics.eoq(demand, order_cost, 1.0)) > 1e-9 * logistics.eoq(demand, order_cost, 1.0)$$,
	'all-units discounts with one price everywhere give the plain EOQ');

SELECT is_empty($$
	SELECT * FROM grid
	-- rounding S* to a double moves z by up to mean/sd ulps
	WHERE abs(logistics.normal_cdf(logistics.newsvendor(demand, sd, holding * 3, holding), demand, sd) - 0.75)
		  > 1e-15 * (10 + demand / sd)$$,
	'newsvendor: P(D <= S*) is the critical ratio cu/(cu+co)');

SELECT is_empty($$
	SELECT * FROM grid
	WHERE NOT (logistics.newsvendor_cost(demand, sd, 0.7, 0.18, logistics.newsvendor(demand, sd, 0.7, 0.18) + sd / 10)
			   > logistics.newsvendor_cost(demand, sd, 0.7, 0.18)
		   AND logistics.newsvendor_cost(demand, sd, 0.7, 0.18, logistics.newsvendor(demand, sd, 0.7, 0.18) - sd / 10)
			   > logistics.newsvendor_cost(demand, sd, 0.7, 0.18))$$,
	'newsvendor: the expected cost is higher either side of S*');

SELECT is_empty($$
	SELECT * FROM grid
	WHERE abs(logistics.reorder_point(sl, demand, sd, 3, 0.5)
			  - logistics.safety_stock(sl, demand, sd, 3, 0.5) - 3 * demand) > 1e-9 * (3 * demand)$$,
	'reorder point = lead-time demand + safety stock');

SELECT is_empty($$
	SELECT * FROM grid g1 JOIN grid g2 USING (demand, order_cost, holding, sd)
	WHERE g1.sl < g2.sl
	  AND logistics.safety_stock(g1.sl, demand, sd, 2, 1) >= logistics.safety_stock(g2.sl, demand, sd, 2, 1)$$,
	'safety stock increases with the service level');

SELECT is_empty($$
	SELECT * FROM grid
	WHERE abs(logistics.expected_fill_rate(
				logistics.normal_cdf(logistics.safety_stock_fill_rate(sl, 10 * sd, demand, sd, 2) / (sd * sqrt(2))),
				10 * sd, demand, sd, 2) - sl) > 1e-9$$,
	'fill-rate safety stock achieves the target fill rate');

SELECT is_empty($$
	SELECT p FROM generate_series(1, 999) i, LATERAL (SELECT i / 1000.0::float8 AS p) x
	WHERE abs(logistics.normal_cdf(logistics.normal_quantile(p)) - p) > 1e-15$$,
	'normal_cdf(normal_quantile(p)) = p on a grid');

-- snapshot aggregates: constant level, bounds, no stockout above zero
CREATE TEMP TABLE snaps AS
SELECT s, '2024-01-01'::timestamptz + (i * 3 + s % 3) * interval '5 hours' AS ts,
       ((i * 7919 + s * 104729) % 97)::float8 + s AS level
FROM generate_series(1, 30) s, generate_series(0, 200) i;

SELECT is_empty($$
	SELECT s FROM snaps GROUP BY s
	HAVING logistics.time_weighted_avg(ts, 42, '2025-01-01') <> 42$$,
	'a constant level averages to itself');

SELECT is_empty($$
	SELECT s FROM snaps GROUP BY s
	HAVING NOT logistics.time_weighted_avg(ts, level, '2025-01-01') BETWEEN min(level) AND max(level)$$,
	'the time-weighted average lies between the lowest and the highest level');

SELECT is_empty($$
	SELECT s FROM snaps GROUP BY s
	HAVING logistics.stockout_rate(ts, level, '2025-01-01') <> 0
		OR logistics.stockout_rate(ts, level - 1000, '2025-01-01') <> 1$$,
	'stock-out rate is 0 above zero and 1 at or below zero');

SELECT is_empty($$
	SELECT s FROM snaps GROUP BY s
	HAVING abs(logistics.time_weighted_avg(ts, 2 * level + 5, '2025-01-01')
			   - (2 * logistics.time_weighted_avg(ts, level, '2025-01-01') + 5)) > 1e-9 * max(level)$$,
	'the time-weighted average is linear in the level');

-- abc_class: a larger value never gets a later class
SELECT is_empty($$
	WITH c AS (SELECT s, level, logistics.abc_class(level) OVER (PARTITION BY s) AS cls FROM snaps)
	SELECT * FROM c c1 JOIN c c2 USING (s)
	WHERE c1.level > c2.level AND c1.cls > c2.cls$$,
	'abc_class is monotone in value within a partition');

-- FIFO aging: buckets add up to the stock on hand
SELECT is_empty($$
	SELECT s FROM snaps GROUP BY s
	HAVING abs((SELECT sum(x) FROM unnest(logistics.inventory_aging(ts, level - 60, '2025-01-01')) x)
			   - greatest(sum(level - 60), 0)) > 1e-9 * sum(abs(level))$$,
	'inventory_aging buckets sum to the units on hand');

-- ledger and snapshots describe the same level path
SELECT is_empty($$
	WITH led AS (SELECT s, ts, level - lag(level, 1, 0::float8) OVER (PARTITION BY s ORDER BY ts) AS delta FROM snaps),
	l AS (SELECT s, logistics.ledger_avg_level(ts, delta, 0, '2024-01-01', '2025-01-01') AS a FROM led GROUP BY s),
	t AS (SELECT s, logistics.time_weighted_avg(ts, level, '2025-01-01') AS twa, min(ts) AS first FROM snaps GROUP BY s)
	SELECT * FROM l JOIN t USING (s)
	WHERE abs(a * extract(epoch FROM '2025-01-01'::timestamptz - '2024-01-01')
			  - twa * extract(epoch FROM '2025-01-01'::timestamptz - first))
		  > 1e-9 * abs(a * extract(epoch FROM '2025-01-01'::timestamptz - '2024-01-01'))$$,
	'ledger_avg_level and time_weighted_avg agree on the same level path');

-- Wagner-Whitin plans meet demand on time, in total, and cost no more than
-- ordering every period's demand (lot for lot) or everything at once
CREATE TEMP TABLE ww AS
SELECT k, array_agg(((i * 7919 + k * 31) % 13 * 10)::float8 ORDER BY i) AS d
FROM generate_series(1, 20) k, generate_series(1, 12) i GROUP BY k;

SELECT is_empty($$
	SELECT k FROM ww, LATERAL (SELECT logistics.wagner_whitin(d, 60, 1) AS q) p
	WHERE (SELECT sum(x) FROM unnest(q) x) <> (SELECT sum(x) FROM unnest(d) x)
	   OR EXISTS (SELECT 1 FROM generate_series(1, 12) t
				  WHERE (SELECT sum(x) FROM unnest(q[1:t]) x) < (SELECT sum(x) FROM unnest(d[1:t]) x))$$,
	'Wagner-Whitin orders cover cumulative demand in every period and total demand exactly');

SELECT is_empty($$
	SELECT k FROM ww
	WHERE logistics.wagner_whitin_cost(d, 60, 1)
		  > least(60 * (SELECT count(*) FROM unnest(d) x WHERE x > 0),
				  60 + (SELECT sum(x * (t - 1)) FROM unnest(d) WITH ORDINALITY u(x, t))) + 1e-9$$,
	'Wagner-Whitin costs no more than lot-for-lot or a single order');

SELECT is_empty($$
	SELECT mu FROM unnest('{0.5,3,12,40}'::float8[]) mu,
		LATERAL logistics.ss_policy_poisson(mu, 1, 9, 20) p,
		LATERAL (VALUES (-1, 0), (1, 0), (0, -1), (0, 1), (1, 1), (-1, -1)) n(d_small, d_big)
	WHERE p.reorder_point + d_small < p.order_up_to + d_big
	  AND logistics.ss_policy_poisson_cost(mu, 1, 9, 20, p.reorder_point + d_small, p.order_up_to + d_big) < p.cost - 1e-12$$,
	'(s, S) from Zheng-Federgruen: no neighbouring (s, S) is cheaper');

SELECT is_empty($$
	SELECT mu FROM unnest('{0.3,2,6,18,90,1000}'::float8[]) mu,
		LATERAL (SELECT logistics.newsvendor_poisson(mu, 4, 1) AS s) x
	WHERE logistics.newsvendor_poisson_cost(mu, 4, 1, s - 1) < logistics.newsvendor_poisson_cost(mu, 4, 1, s)
	   OR logistics.newsvendor_poisson_cost(mu, 4, 1, s + 1) < logistics.newsvendor_poisson_cost(mu, 4, 1, s)$$,
	'Poisson newsvendor: S* costs no more than S* - 1 or S* + 1');

SELECT * FROM finish();
ROLLBACK;
