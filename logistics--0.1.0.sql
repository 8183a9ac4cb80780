-- logistics: supply-chain analytics inside PostgreSQL
-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION logistics CASCADE" to load this file. \quit

COMMENT ON SCHEMA @extschema@ IS
	'logistics: inventory, fulfilment, forecasting and route-cost analytics';

CREATE FUNCTION @extschema@.version() RETURNS text
	AS 'MODULE_PATHNAME', 'logistics_version'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.version() IS
	'version of the loaded logistics shared library';


--
-- The standard normal distribution (normal.c): accurate to about 1e-15
-- relative over the whole double range where the value is a normal double.
--

CREATE FUNCTION @extschema@.normal_pdf(x float8) RETURNS float8
	AS 'MODULE_PATHNAME', 'normal_pdf'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.normal_pdf(float8) IS
	'standard normal density phi(x) = exp(-x^2/2)/sqrt(2 pi)';

CREATE FUNCTION @extschema@.normal_pdf(x float8, mean float8, sd float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'normal_pdf_ms'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.normal_pdf(float8, float8, float8) IS
	'normal density of N(mean, sd^2) at x: phi((x - mean)/sd)/sd';

CREATE FUNCTION @extschema@.normal_cdf(x float8) RETURNS float8
	AS 'MODULE_PATHNAME', 'normal_cdf'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.normal_cdf(float8) IS
	'standard normal distribution function Phi(x) = P(Z <= x), accurate in both tails';

CREATE FUNCTION @extschema@.normal_cdf(x float8, mean float8, sd float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'normal_cdf_ms'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.normal_cdf(float8, float8, float8) IS
	'normal distribution function of N(mean, sd^2): Phi((x - mean)/sd)';

CREATE FUNCTION @extschema@.normal_sf(x float8) RETURNS float8
	AS 'MODULE_PATHNAME', 'normal_sf'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.normal_sf(float8) IS
	'standard normal upper tail 1 - Phi(x) = P(Z > x), accurate far out';

CREATE FUNCTION @extschema@.normal_quantile(p float8) RETURNS float8
	AS 'MODULE_PATHNAME', 'normal_quantile'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.normal_quantile(float8) IS
	'standard normal quantile Phi^-1(p), 0 < p < 1 (Wichura AS 241 plus a Halley step)';

CREATE FUNCTION @extschema@.normal_quantile(p float8, mean float8, sd float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'normal_quantile_ms'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.normal_quantile(float8, float8, float8) IS
	'quantile of N(mean, sd^2): mean + sd Phi^-1(p), 0 < p < 1';

CREATE FUNCTION @extschema@.normal_loss(z float8) RETURNS float8
	AS 'MODULE_PATHNAME', 'normal_loss'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.normal_loss(float8) IS
	'standard normal first-order loss L(z) = E[(Z - z)+] = phi(z) - z (1 - Phi(z)), no cancellation for large z';

CREATE FUNCTION @extschema@.normal_loss(x float8, mean float8, sd float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'normal_loss_ms'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.normal_loss(float8, float8, float8) IS
	'normal loss of N(mean, sd^2): E[(X - x)+] = sd L((x - mean)/sd), expected units short at stock x';

CREATE FUNCTION @extschema@.normal_loss2(z float8) RETURNS float8
	AS 'MODULE_PATHNAME', 'normal_loss2'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.normal_loss2(float8) IS
	'standard normal second-order loss L2(z) = E[((Z - z)+)^2]/2 = ((z^2 + 1)(1 - Phi(z)) - z phi(z))/2';

--
-- Inventory analytics (inventory.c, inventory_fmgr.c, inventory_agg.c).
--

-- Ratios ---------------------------------------------------------------

CREATE FUNCTION @extschema@.inventory_turnover(cogs float8, avg_inventory float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'inventory_turnover'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.inventory_turnover(float8, float8) IS
	'inventory turnover: cost of goods sold / average inventory (same money unit); NULL when the average inventory is 0';

CREATE FUNCTION @extschema@.days_of_supply(on_hand float8, avg_daily_demand float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'days_of_supply'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.days_of_supply(float8, float8) IS
	'days of supply: units on hand / average units demanded per day; NULL when demand is 0';

CREATE FUNCTION @extschema@.gmroi(gross_margin float8, avg_inventory_cost float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'gmroi'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.gmroi(float8, float8) IS
	'gross margin return on inventory investment: gross margin / average inventory at cost; NULL when the inventory cost is 0';

CREATE FUNCTION @extschema@.sell_through(units_sold float8, units_received float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'sell_through'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.sell_through(float8, float8) IS
	'sell-through rate: units sold / units received (a fraction); NULL when nothing was received';

-- Snapshot aggregates (last observation carried forward) ------------------

CREATE FUNCTION @extschema@._inv_series_trans(internal, timestamptz, float8, timestamptz)
	RETURNS internal
	AS 'MODULE_PATHNAME', 'inv_series_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._inv_series_trans(internal, timestamptz, float8, timestamptz) IS
	'transition function of time_weighted_avg and stockout_rate';

CREATE FUNCTION @extschema@._inv_turnover_trans(internal, timestamptz, float8, float8, timestamptz)
	RETURNS internal
	AS 'MODULE_PATHNAME', 'inv_turnover_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._inv_turnover_trans(internal, timestamptz, float8, float8, timestamptz) IS
	'transition function of the inventory_turnover aggregate';

CREATE FUNCTION @extschema@._inv_series_combine(internal, internal)
	RETURNS internal
	AS 'MODULE_PATHNAME', 'inv_series_combine'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._inv_series_combine(internal, internal) IS
	'combine function of the snapshot aggregates';

CREATE FUNCTION @extschema@._inv_series_serial(internal)
	RETURNS bytea
	AS 'MODULE_PATHNAME', 'inv_series_serial'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._inv_series_serial(internal) IS
	'serialize function of the snapshot aggregates';

CREATE FUNCTION @extschema@._inv_series_deserial(bytea, internal)
	RETURNS internal
	AS 'MODULE_PATHNAME', 'inv_series_deserial'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._inv_series_deserial(bytea, internal) IS
	'deserialize function of the snapshot aggregates';

CREATE FUNCTION @extschema@._inv_twa_final(internal)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'inv_twa_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._inv_twa_final(internal) IS
	'final function of time_weighted_avg';

CREATE FUNCTION @extschema@._inv_stockout_final(internal)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'inv_stockout_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._inv_stockout_final(internal) IS
	'final function of stockout_rate';

CREATE FUNCTION @extschema@._inv_turnover_final(internal)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'inv_turnover_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._inv_turnover_final(internal) IS
	'final function of the inventory_turnover aggregate';

-- SSPACE of the snapshot aggregates: the state grows with its group, 4 bytes
-- an observation for evenly spaced times and whole-unit levels (8 for other
-- levels, 16 for uneven times); 2048 bytes is a year of daily snapshots, the
-- typical group, rounded up to the allocation size.  The planner uses it to
-- choose between hashing and sorting.
CREATE AGGREGATE @extschema@.time_weighted_avg(ts timestamptz, level float8, period_end timestamptz) (
	SFUNC = @extschema@._inv_series_trans,
	STYPE = internal,
	SSPACE = 2048,
	FINALFUNC = @extschema@._inv_twa_final,
	COMBINEFUNC = @extschema@._inv_series_combine,
	SERIALFUNC = @extschema@._inv_series_serial,
	DESERIALFUNC = @extschema@._inv_series_deserial,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.time_weighted_avg(timestamptz, float8, timestamptz) IS
	'time-weighted mean of a level observed at irregular times, each value holding until the next observation and the last until period_end; rows in any order';

CREATE AGGREGATE @extschema@.stockout_rate(ts timestamptz, level float8, period_end timestamptz) (
	SFUNC = @extschema@._inv_series_trans,
	STYPE = internal,
	SSPACE = 2048,
	FINALFUNC = @extschema@._inv_stockout_final,
	COMBINEFUNC = @extschema@._inv_series_combine,
	SERIALFUNC = @extschema@._inv_series_serial,
	DESERIALFUNC = @extschema@._inv_series_deserial,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.stockout_rate(timestamptz, float8, timestamptz) IS
	'share of the time from the first observation to period_end during which the observed level is at or below zero';

CREATE AGGREGATE @extschema@.inventory_turnover(ts timestamptz, inventory_value float8, cogs float8, period_end timestamptz) (
	SFUNC = @extschema@._inv_turnover_trans,
	STYPE = internal,
	SSPACE = 2048,
	FINALFUNC = @extschema@._inv_turnover_final,
	COMBINEFUNC = @extschema@._inv_series_combine,
	SERIALFUNC = @extschema@._inv_series_serial,
	DESERIALFUNC = @extschema@._inv_series_deserial,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.inventory_turnover(timestamptz, float8, float8, timestamptz) IS
	'inventory turnover over a period in one pass: sum of cogs / time-weighted average of inventory_value snapshots up to period_end';

CREATE FUNCTION @extschema@._inv_series_trans_noend(internal, timestamptz, float8)
	RETURNS internal
	AS 'MODULE_PATHNAME', 'inv_series_trans_noend'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._inv_series_trans_noend(internal, timestamptz, float8) IS
	'transition function of time_weighted_avg_linear';

CREATE FUNCTION @extschema@._inv_twa_linear_final(internal)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'inv_twa_linear_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._inv_twa_linear_final(internal) IS
	'final function of time_weighted_avg_linear';

CREATE AGGREGATE @extschema@.time_weighted_avg_linear(ts timestamptz, level float8) (
	SFUNC = @extschema@._inv_series_trans_noend,
	STYPE = internal,
	SSPACE = 2048,
	FINALFUNC = @extschema@._inv_twa_linear_final,
	COMBINEFUNC = @extschema@._inv_series_combine,
	SERIALFUNC = @extschema@._inv_series_serial,
	DESERIALFUNC = @extschema@._inv_series_deserial,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.time_weighted_avg_linear(timestamptz, float8) IS
	'time-weighted mean of a level interpolated linearly between observations (trapezoids), from the first to the last observation; rows in any order';

-- Ledger aggregates ---------------------------------------------------

CREATE FUNCTION @extschema@._inv_ledger_trans(internal, timestamptz, float8, float8, timestamptz, timestamptz)
	RETURNS internal
	AS 'MODULE_PATHNAME', 'inv_ledger_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._inv_ledger_trans(internal, timestamptz, float8, float8, timestamptz, timestamptz) IS
	'transition function of ledger_avg_level';

CREATE FUNCTION @extschema@._inv_ledger_combine(internal, internal)
	RETURNS internal
	AS 'MODULE_PATHNAME', 'inv_ledger_combine'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._inv_ledger_combine(internal, internal) IS
	'combine function of ledger_avg_level';

CREATE FUNCTION @extschema@._inv_ledger_serial(internal)
	RETURNS bytea
	AS 'MODULE_PATHNAME', 'inv_ledger_serial'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._inv_ledger_serial(internal) IS
	'serialize function of ledger_avg_level';

CREATE FUNCTION @extschema@._inv_ledger_deserial(bytea, internal)
	RETURNS internal
	AS 'MODULE_PATHNAME', 'inv_ledger_deserial'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._inv_ledger_deserial(bytea, internal) IS
	'deserialize function of ledger_avg_level';

CREATE FUNCTION @extschema@._inv_ledger_final(internal)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'inv_ledger_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._inv_ledger_final(internal) IS
	'final function of ledger_avg_level';

CREATE AGGREGATE @extschema@.ledger_avg_level(ts timestamptz, delta float8, opening_level float8, period_start timestamptz, period_end timestamptz) (
	SFUNC = @extschema@._inv_ledger_trans,
	STYPE = internal,
	SSPACE = 48,
	FINALFUNC = @extschema@._inv_ledger_final,
	COMBINEFUNC = @extschema@._inv_ledger_combine,
	SERIALFUNC = @extschema@._inv_ledger_serial,
	DESERIALFUNC = @extschema@._inv_ledger_deserial,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.ledger_avg_level(timestamptz, float8, float8, timestamptz, timestamptz) IS
	'time-weighted average level over [period_start, period_end] from a movement ledger: opening_level plus the running sum of deltas; rows in any order, fixed-size state';

CREATE FUNCTION @extschema@._inv_aging_trans(internal, timestamptz, float8, timestamptz)
	RETURNS internal
	AS 'MODULE_PATHNAME', 'inv_aging_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._inv_aging_trans(internal, timestamptz, float8, timestamptz) IS
	'transition function of inventory_aging with the default buckets';

CREATE FUNCTION @extschema@._inv_aging_trans(internal, timestamptz, float8, timestamptz, float8[])
	RETURNS internal
	AS 'MODULE_PATHNAME', 'inv_aging_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._inv_aging_trans(internal, timestamptz, float8, timestamptz, float8[]) IS
	'transition function of inventory_aging';

CREATE FUNCTION @extschema@._inv_aging_combine(internal, internal)
	RETURNS internal
	AS 'MODULE_PATHNAME', 'inv_aging_combine'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._inv_aging_combine(internal, internal) IS
	'combine function of inventory_aging';

CREATE FUNCTION @extschema@._inv_aging_serial(internal)
	RETURNS bytea
	AS 'MODULE_PATHNAME', 'inv_aging_serial'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._inv_aging_serial(internal) IS
	'serialize function of inventory_aging';

CREATE FUNCTION @extschema@._inv_aging_deserial(bytea, internal)
	RETURNS internal
	AS 'MODULE_PATHNAME', 'inv_aging_deserial'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._inv_aging_deserial(bytea, internal) IS
	'deserialize function of inventory_aging';

CREATE FUNCTION @extschema@._inv_aging_final(internal)
	RETURNS float8[]
	AS 'MODULE_PATHNAME', 'inv_aging_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._inv_aging_final(internal) IS
	'final function of inventory_aging';

CREATE AGGREGATE @extschema@.inventory_aging(ts timestamptz, qty float8, as_of timestamptz, bucket_days float8[]) (
	SFUNC = @extschema@._inv_aging_trans,
	STYPE = internal,
	SSPACE = 560,
	FINALFUNC = @extschema@._inv_aging_final,
	COMBINEFUNC = @extschema@._inv_aging_combine,
	SERIALFUNC = @extschema@._inv_aging_serial,
	DESERIALFUNC = @extschema@._inv_aging_deserial,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.inventory_aging(timestamptz, float8, timestamptz, float8[]) IS
	'units on hand at as_of by age bucket (youngest first), consuming receipts first-in-first-out; bucket_days are the increasing bucket boundaries in days';

CREATE AGGREGATE @extschema@.inventory_aging(ts timestamptz, qty float8, as_of timestamptz) (
	SFUNC = @extschema@._inv_aging_trans,
	STYPE = internal,
	SSPACE = 560,
	FINALFUNC = @extschema@._inv_aging_final,
	COMBINEFUNC = @extschema@._inv_aging_combine,
	SERIALFUNC = @extschema@._inv_aging_serial,
	DESERIALFUNC = @extschema@._inv_aging_deserial,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.inventory_aging(timestamptz, float8, timestamptz) IS
	'units on hand at as_of in the age buckets 0-30, 30-60, 60-90 and 90+ days, consuming receipts first-in-first-out';

-- Classification --------------------------------------------------------

CREATE FUNCTION @extschema@._inv_cv_trans(internal, float8)
	RETURNS internal
	AS 'MODULE_PATHNAME', 'inv_cv_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._inv_cv_trans(internal, float8) IS
	'transition function of demand_cv';

CREATE FUNCTION @extschema@._inv_cv_trans(internal, float8, bigint)
	RETURNS internal
	AS 'MODULE_PATHNAME', 'inv_cv_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._inv_cv_trans(internal, float8, bigint) IS
	'transition function of demand_cv with a number of periods';

CREATE FUNCTION @extschema@._inv_cv_combine(internal, internal)
	RETURNS internal
	AS 'MODULE_PATHNAME', 'inv_cv_combine'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._inv_cv_combine(internal, internal) IS
	'combine function of demand_cv';

CREATE FUNCTION @extschema@._inv_cv_serial(internal)
	RETURNS bytea
	AS 'MODULE_PATHNAME', 'inv_cv_serial'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._inv_cv_serial(internal) IS
	'serialize function of demand_cv';

CREATE FUNCTION @extschema@._inv_cv_deserial(bytea, internal)
	RETURNS internal
	AS 'MODULE_PATHNAME', 'inv_cv_deserial'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._inv_cv_deserial(bytea, internal) IS
	'deserialize function of demand_cv';

CREATE FUNCTION @extschema@._inv_cv_final(internal)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'inv_cv_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._inv_cv_final(internal) IS
	'final function of demand_cv';

CREATE AGGREGATE @extschema@.demand_cv(qty float8) (
	SFUNC = @extschema@._inv_cv_trans,
	STYPE = internal,
	SSPACE = 32,
	FINALFUNC = @extschema@._inv_cv_final,
	COMBINEFUNC = @extschema@._inv_cv_combine,
	SERIALFUNC = @extschema@._inv_cv_serial,
	DESERIALFUNC = @extschema@._inv_cv_deserial,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.demand_cv(float8) IS
	'coefficient of variation of demand: sample standard deviation / mean of the rows';

CREATE AGGREGATE @extschema@.demand_cv(qty float8, n_periods bigint) (
	SFUNC = @extschema@._inv_cv_trans,
	STYPE = internal,
	SSPACE = 32,
	FINALFUNC = @extschema@._inv_cv_final,
	COMBINEFUNC = @extschema@._inv_cv_combine,
	SERIALFUNC = @extschema@._inv_cv_serial,
	DESERIALFUNC = @extschema@._inv_cv_deserial,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.demand_cv(float8, bigint) IS
	'coefficient of variation of demand over n_periods periods, the periods without a row counting as zero demand';

CREATE FUNCTION @extschema@.xyz_class(cv float8, x float8 DEFAULT 0.5, y float8 DEFAULT 1.0)
	RETURNS text
	AS 'MODULE_PATHNAME', 'xyz_class'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.xyz_class(float8, float8, float8) IS
	'XYZ class of a demand coefficient of variation: X if cv <= x, Y if cv <= y, else Z';

CREATE FUNCTION @extschema@.abc_class(value float8, a_share float8 DEFAULT 0.8, b_share float8 DEFAULT 0.95)
	RETURNS text
	AS 'MODULE_PATHNAME', 'abc_class'
	LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.abc_class(float8, float8, float8) IS
	'window function: ABC class of each row''s value within its partition (Pareto on the cumulative share of value, largest first; equal values share a class)';

-- Safety stock and reorder points -----------------------------------------

CREATE FUNCTION @extschema@.safety_stock(service_level float8, demand_mean float8, demand_sd float8, lead_time float8, lead_time_sd float8 DEFAULT 0)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'safety_stock'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.safety_stock(float8, float8, float8, float8, float8) IS
	'safety stock for a cycle service level: z sqrt(L sd^2 + d^2 sd_L^2), z = Phi^-1(service_level); demand per period, lead time in periods';

CREATE FUNCTION @extschema@.reorder_point(service_level float8, demand_mean float8, demand_sd float8, lead_time float8, lead_time_sd float8 DEFAULT 0)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'reorder_point'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.reorder_point(float8, float8, float8, float8, float8) IS
	'reorder point for a cycle service level: d L + safety_stock(...)';

CREATE FUNCTION @extschema@.safety_stock_fill_rate(fill_rate float8, order_quantity float8, demand_mean float8, demand_sd float8, lead_time float8, lead_time_sd float8 DEFAULT 0)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'safety_stock_fill_rate'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.safety_stock_fill_rate(float8, float8, float8, float8, float8, float8) IS
	'safety stock for a fill rate (beta service): k sigma_L with L(k) = Q (1 - fill_rate) / sigma_L, L the standard normal loss function';

CREATE FUNCTION @extschema@.reorder_point_fill_rate(fill_rate float8, order_quantity float8, demand_mean float8, demand_sd float8, lead_time float8, lead_time_sd float8 DEFAULT 0)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'reorder_point_fill_rate'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.reorder_point_fill_rate(float8, float8, float8, float8, float8, float8) IS
	'reorder point for a fill rate: d L + safety_stock_fill_rate(...)';

CREATE FUNCTION @extschema@.expected_units_short(service_level float8, demand_mean float8, demand_sd float8, lead_time float8, lead_time_sd float8 DEFAULT 0)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'expected_units_short'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.expected_units_short(float8, float8, float8, float8, float8) IS
	'expected units short per replenishment cycle at a cycle service level: sigma_L L(z)';

CREATE FUNCTION @extschema@.expected_fill_rate(service_level float8, order_quantity float8, demand_mean float8, demand_sd float8, lead_time float8, lead_time_sd float8 DEFAULT 0)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'expected_fill_rate'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.expected_fill_rate(float8, float8, float8, float8, float8, float8) IS
	'fill rate implied by a cycle service level and an order quantity: 1 - sigma_L L(z) / Q';

CREATE FUNCTION @extschema@.normal_loss_inverse(g float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'normal_loss_inverse'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.normal_loss_inverse(float8) IS
	'inverse of the standard normal loss function: the z with L(z) = g, g > 0';

-- Order quantities ------------------------------------------------------

CREATE FUNCTION @extschema@.eoq(annual_demand float8, order_cost float8, holding_cost float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'eoq'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.eoq(float8, float8, float8) IS
	'economic order quantity sqrt(2 D K / h): D units per year, K per order, h per unit per year';

CREATE FUNCTION @extschema@.eoq_cost(annual_demand float8, order_cost float8, holding_cost float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'eoq_cost_opt'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.eoq_cost(float8, float8, float8) IS
	'annual ordering plus holding cost at the economic order quantity: sqrt(2 D K h)';

CREATE FUNCTION @extschema@.eoq_cost(annual_demand float8, order_cost float8, holding_cost float8, order_quantity float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'eoq_cost'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.eoq_cost(float8, float8, float8, float8) IS
	'annual ordering plus holding cost of order quantity Q: K D / Q + h Q / 2';

CREATE FUNCTION @extschema@.eoq_backorder(annual_demand float8, order_cost float8, holding_cost float8, backorder_cost float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'eoq_backorder'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.eoq_backorder(float8, float8, float8, float8) IS
	'EOQ with planned backorders: sqrt(2 K D (h + p) / (h p)), p per unit backordered per year';

CREATE FUNCTION @extschema@.eoq_backorder_cost(annual_demand float8, order_cost float8, holding_cost float8, backorder_cost float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'eoq_backorder_cost_opt'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.eoq_backorder_cost(float8, float8, float8, float8) IS
	'optimal annual cost with planned backorders: sqrt(2 K D h p / (h + p))';

CREATE FUNCTION @extschema@.eoq_backorder_cost(annual_demand float8, order_cost float8, holding_cost float8, backorder_cost float8, order_quantity float8, backorder_fraction float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'eoq_backorder_cost'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.eoq_backorder_cost(float8, float8, float8, float8, float8, float8) IS
	'annual cost with order quantity Q and a fraction x of each cycle backordered: h (Q(1-x))^2/(2Q) + p (Qx)^2/(2Q) + K D / Q';

CREATE FUNCTION @extschema@.epq(annual_demand float8, order_cost float8, holding_cost float8, production_rate float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'epq'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.epq(float8, float8, float8, float8) IS
	'economic production quantity (finite production rate P > D, units per year): sqrt(2 K D / (h (1 - D/P)))';

CREATE FUNCTION @extschema@.epq_cost(annual_demand float8, order_cost float8, holding_cost float8, production_rate float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'epq_cost_opt'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.epq_cost(float8, float8, float8, float8) IS
	'optimal annual setup plus holding cost with a finite production rate: sqrt(2 K D h (1 - D/P))';

CREATE FUNCTION @extschema@.epq_cost(annual_demand float8, order_cost float8, holding_cost float8, production_rate float8, order_quantity float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'epq_cost'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.epq_cost(float8, float8, float8, float8, float8) IS
	'annual setup plus holding cost of batch size Q with a finite production rate: K D / Q + h (1 - D/P) Q / 2';

CREATE FUNCTION @extschema@.eoq_all_units(annual_demand float8, order_cost float8, holding_rate float8, breakpoints float8[], unit_costs float8[])
	RETURNS float8
	AS 'MODULE_PATHNAME', 'eoq_all_units'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.eoq_all_units(float8, float8, float8, float8[], float8[]) IS
	'optimal order quantity under all-units quantity discounts: unit_costs[j] applies to every unit when Q >= breakpoints[j]; holding cost = holding_rate * unit cost';

CREATE FUNCTION @extschema@.eoq_all_units_cost(annual_demand float8, order_cost float8, holding_rate float8, breakpoints float8[], unit_costs float8[])
	RETURNS float8
	AS 'MODULE_PATHNAME', 'eoq_all_units_cost'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.eoq_all_units_cost(float8, float8, float8, float8[], float8[]) IS
	'annual cost at the optimal all-units discount order quantity, purchase cost included: c D + K D / Q + i c Q / 2';

CREATE FUNCTION @extschema@.eoq_incremental(annual_demand float8, order_cost float8, holding_rate float8, breakpoints float8[], unit_costs float8[])
	RETURNS float8
	AS 'MODULE_PATHNAME', 'eoq_incremental'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.eoq_incremental(float8, float8, float8, float8[], float8[]) IS
	'optimal order quantity under incremental quantity discounts: unit_costs[j] applies to the units beyond breakpoints[j]; holding cost = holding_rate * average unit cost';

CREATE FUNCTION @extschema@.eoq_incremental_cost(annual_demand float8, order_cost float8, holding_rate float8, breakpoints float8[], unit_costs float8[])
	RETURNS float8
	AS 'MODULE_PATHNAME', 'eoq_incremental_cost'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.eoq_incremental_cost(float8, float8, float8, float8[], float8[]) IS
	'annual cost at the optimal incremental-discount order quantity, purchase cost included';

-- Newsvendor ------------------------------------------------------------

CREATE FUNCTION @extschema@.newsvendor(demand_mean float8, demand_sd float8, underage_cost float8, overage_cost float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'newsvendor'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.newsvendor(float8, float8, float8, float8) IS
	'newsvendor order quantity for normal demand: mean + sd Phi^-1(cu / (cu + co))';

CREATE FUNCTION @extschema@.newsvendor_cost(demand_mean float8, demand_sd float8, underage_cost float8, overage_cost float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'newsvendor_cost_opt'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.newsvendor_cost(float8, float8, float8, float8) IS
	'expected overage plus underage cost at the newsvendor quantity: (cu + co) sd phi(z)';

CREATE FUNCTION @extschema@.newsvendor_cost(demand_mean float8, demand_sd float8, underage_cost float8, overage_cost float8, stock float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'newsvendor_cost'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.newsvendor_cost(float8, float8, float8, float8, float8) IS
	'expected overage plus underage cost of stocking S against normal demand: co E[(S-D)+] + cu E[(D-S)+]';

CREATE FUNCTION @extschema@.newsvendor_profit(demand_mean float8, demand_sd float8, price float8, unit_cost float8, salvage float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'newsvendor_profit'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.newsvendor_profit(float8, float8, float8, float8, float8) IS
	'expected profit at the newsvendor quantity with price r, unit cost c and salvage value v: (r - c) mean - newsvendor_cost(mean, sd, r - c, c - v)';

CREATE FUNCTION @extschema@.newsvendor_profit(demand_mean float8, demand_sd float8, price float8, unit_cost float8, salvage float8, stock float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'newsvendor_profit'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.newsvendor_profit(float8, float8, float8, float8, float8, float8) IS
	'expected profit of stocking S with price r, unit cost c and salvage value v: (r - c) mean - newsvendor_cost(mean, sd, r - c, c - v, S)';

CREATE FUNCTION @extschema@.newsvendor_fill_rate(demand_mean float8, demand_sd float8, stock float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'newsvendor_fill_rate'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.newsvendor_fill_rate(float8, float8, float8) IS
	'expected share of normal demand met from stock S: 1 - sd L((S - mean)/sd) / mean';

-- Dynamic lot sizing -------------------------------------------------------

CREATE FUNCTION @extschema@.wagner_whitin(demand float8[], order_cost float8, holding_cost float8)
	RETURNS float8[]
	AS 'MODULE_PATHNAME', 'wagner_whitin'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.wagner_whitin(float8[], float8, float8) IS
	'Wagner-Whitin lot sizing: the order quantity of each period that meets every period''s demand at least fixed plus holding cost (holding per unit per period carried)';

CREATE FUNCTION @extschema@.wagner_whitin(demand float8[], order_cost float8, holding_cost float8, unit_costs float8[])
	RETURNS float8[]
	AS 'MODULE_PATHNAME', 'wagner_whitin'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.wagner_whitin(float8[], float8, float8, float8[]) IS
	'Wagner-Whitin lot sizing with a purchase cost per unit that depends on the period of the order';

CREATE FUNCTION @extschema@.wagner_whitin_cost(demand float8[], order_cost float8, holding_cost float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'wagner_whitin_cost'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.wagner_whitin_cost(float8[], float8, float8) IS
	'total fixed plus holding cost of the Wagner-Whitin plan';

CREATE FUNCTION @extschema@.wagner_whitin_cost(demand float8[], order_cost float8, holding_cost float8, unit_costs float8[])
	RETURNS float8
	AS 'MODULE_PATHNAME', 'wagner_whitin_cost'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.wagner_whitin_cost(float8[], float8, float8, float8[]) IS
	'total fixed, holding and purchase cost of the Wagner-Whitin plan with period unit costs';

-- Poisson demand, (s, S) and (r, Q) policies --------------------------------

CREATE FUNCTION @extschema@.newsvendor_poisson(demand_mean float8, underage_cost float8, overage_cost float8)
	RETURNS bigint
	AS 'MODULE_PATHNAME', 'newsvendor_poisson'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.newsvendor_poisson(float8, float8, float8) IS
	'newsvendor quantity for Poisson demand: the smallest S with P(D <= S) >= cu / (cu + co)';

CREATE FUNCTION @extschema@.newsvendor_poisson_cost(demand_mean float8, underage_cost float8, overage_cost float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'newsvendor_poisson_cost'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.newsvendor_poisson_cost(float8, float8, float8) IS
	'expected overage plus underage cost at the Poisson newsvendor quantity';

CREATE FUNCTION @extschema@.newsvendor_poisson_cost(demand_mean float8, underage_cost float8, overage_cost float8, stock bigint)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'newsvendor_poisson_cost'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.newsvendor_poisson_cost(float8, float8, float8, bigint) IS
	'expected overage plus underage cost of stocking S against Poisson demand: co E[(S-D)+] + cu E[(D-S)+]';

CREATE FUNCTION @extschema@.ss_policy_poisson(demand_mean float8, holding_cost float8, backorder_cost float8, order_cost float8,
		OUT reorder_point bigint, OUT order_up_to bigint, OUT cost float8)
	AS 'MODULE_PATHNAME', 'ss_policy_poisson'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ss_policy_poisson(float8, float8, float8, float8) IS
	'optimal periodic-review (s, S) policy for Poisson period demand, zero lead time, backorders (Zheng and Federgruen 1991): reorder point s, order-up-to level S, average cost per period';

CREATE FUNCTION @extschema@.ss_policy_poisson_cost(demand_mean float8, holding_cost float8, backorder_cost float8, order_cost float8, reorder_point bigint, order_up_to bigint)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'ss_policy_poisson_cost'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ss_policy_poisson_cost(float8, float8, float8, float8, bigint, bigint) IS
	'average cost per period of a given (s, S) policy for Poisson period demand, zero lead time';

CREATE FUNCTION @extschema@.ss_policy_power(demand_mean float8, demand_sd float8, holding_cost float8, backorder_cost float8, order_cost float8, lead_time float8 DEFAULT 0,
		OUT reorder_point float8, OUT order_up_to float8)
	AS 'MODULE_PATHNAME', 'ss_policy_power'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ss_policy_power(float8, float8, float8, float8, float8, float8) IS
	'(s, S) policy by Ehrhardt''s power approximation for any period demand with mean and sd; lead time in periods';

CREATE FUNCTION @extschema@.rq_cost(demand_rate float8, demand_sd float8, lead_time float8, holding_cost float8, backorder_cost float8, order_cost float8, reorder_point float8, order_quantity float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'rq_cost'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rq_cost(float8, float8, float8, float8, float8, float8, float8, float8) IS
	'exact average cost per time of a continuous-review (r, Q) policy with normal lead-time demand N(rate L, sd^2 L) and backorders';

CREATE FUNCTION @extschema@.rq_policy(demand_rate float8, demand_sd float8, lead_time float8, holding_cost float8, backorder_cost float8, order_cost float8,
		OUT reorder_point float8, OUT order_quantity float8, OUT cost float8)
	AS 'MODULE_PATHNAME', 'rq_policy'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rq_policy(float8, float8, float8, float8, float8, float8) IS
	'(r, Q) policy by the expected-inventory-level approximation: r = F^-1(1 - Q h / (p rate)), Q = sqrt(2 rate (K + p n(r)) / h), iterated from the EOQ';
--
-- Fulfilment: order accuracy, perfect order rate (SCOR RL.1.1), on time and
-- OTIF, fill rates, return rate, Wilson intervals, cycle times and lateness,
-- and one all-KPIs aggregate.  C in src/fulfillment_fmgr.c (fmgr) and
-- src/fulfillment.c (kernels).  Every aggregate is parallel safe with
-- combine, serialize and deserialize functions over an internal state.
--

CREATE TYPE @extschema@.rate_ci AS (
	rate float8,
	lower float8,
	upper float8,
	successes float8,
	trials float8
);
COMMENT ON TYPE @extschema@.rate_ci IS
	'a rate with its 95% Wilson score interval and its counts: rate = successes / trials';

CREATE TYPE @extschema@.duration_summary AS (
	n bigint,
	mean_days float8,
	min_days float8,
	p50_days float8,
	p90_days float8,
	p95_days float8,
	max_days float8,
	negative bigint
);
COMMENT ON TYPE @extschema@.duration_summary IS
	'distribution of durations in days: count, mean, min, exact percentiles (percentile_cont), max, count of negative durations';

CREATE TYPE @extschema@.lateness_summary AS (
	lines bigint,
	delivered bigint,
	early bigint,
	on_schedule bigint,
	late bigint,
	on_time_rate float8,
	mean_days float8,
	min_days float8,
	p50_days float8,
	p90_days float8,
	p95_days float8,
	max_days float8,
	mean_days_late float8
);
COMMENT ON TYPE @extschema@.lateness_summary IS
	'lateness (delivered - promised) in days: lines, delivered, early, on schedule and late counts, on-time rate, mean, min, exact percentiles, max, mean days late of late lines';

CREATE TYPE @extschema@.fulfillment_kpis AS (
	lines bigint,
	delivered bigint,
	on_time bigint,
	on_time_rate float8,
	on_time_lower float8,
	on_time_upper float8,
	in_full bigint,
	in_full_rate float8,
	in_full_lower float8,
	in_full_upper float8,
	otif bigint,
	otif_rate float8,
	otif_lower float8,
	otif_upper float8,
	perfect_lines bigint,
	perfect bigint,
	perfect_rate float8,
	perfect_lower float8,
	perfect_upper float8,
	units_ordered float8,
	units_filled float8,
	fill_rate float8,
	fill_lower float8,
	fill_upper float8,
	units_shipped float8,
	units_returned float8,
	return_rate float8,
	return_lower float8,
	return_upper float8,
	cycle_lines bigint,
	cycle_days_mean float8,
	cycle_days_p50 float8,
	cycle_days_p90 float8,
	cycle_days_p95 float8,
	late bigint,
	lateness_days_mean float8,
	lateness_days_p50 float8,
	lateness_days_p90 float8,
	lateness_days_p95 float8,
	days_late_mean float8
);
COMMENT ON TYPE @extschema@.fulfillment_kpis IS
	'all fulfilment KPIs of a group of order lines: counts, rates with 95% Wilson intervals, unit fill and return rates, mean and percentile cycle time and lateness in days';

CREATE FUNCTION @extschema@.wilson_interval(successes bigint, trials bigint,
		confidence float8 DEFAULT 0.95, OUT lower float8, OUT upper float8)
	RETURNS record
	AS 'MODULE_PATHNAME', 'wilson_interval'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.wilson_interval(bigint, bigint, float8) IS
	'Wilson score interval (lower, upper) of the proportion successes / trials at a two-sided confidence level; NULL when trials = 0';

--
-- Rates of lines, orders or units: successes over trials
--

CREATE FUNCTION @extschema@.ff_accuracy_trans(internal, boolean) RETURNS internal
	AS 'MODULE_PATHNAME', 'ff_accuracy_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_accuracy_trans(internal, boolean) IS
	'transition function of order_accuracy';

CREATE FUNCTION @extschema@.ff_perfect_trans(internal, boolean, boolean, boolean, boolean) RETURNS internal
	AS 'MODULE_PATHNAME', 'ff_perfect_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_perfect_trans(internal, boolean, boolean, boolean, boolean) IS
	'transition function of perfect_order_rate (one row per order)';

CREATE FUNCTION @extschema@.ff_on_time_trans(internal, timestamptz, timestamptz) RETURNS internal
	AS 'MODULE_PATHNAME', 'ff_on_time_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_on_time_trans(internal, timestamptz, timestamptz) IS
	'transition function of on_time_rate';

CREATE FUNCTION @extschema@.ff_otif_trans(internal, timestamptz, timestamptz, float8, float8) RETURNS internal
	AS 'MODULE_PATHNAME', 'ff_otif_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_otif_trans(internal, timestamptz, timestamptz, float8, float8) IS
	'transition function of otif';

CREATE FUNCTION @extschema@.ff_otif_tol_trans(internal, timestamptz, timestamptz, float8, float8, interval, float8) RETURNS internal
	AS 'MODULE_PATHNAME', 'ff_otif_tol_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_otif_tol_trans(internal, timestamptz, timestamptz, float8, float8, interval, float8) IS
	'transition function of otif with a tolerance';

CREATE FUNCTION @extschema@.ff_otif_window_trans(internal, timestamptz, timestamptz, float8, float8, interval, interval, float8) RETURNS internal
	AS 'MODULE_PATHNAME', 'ff_otif_window_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_otif_window_trans(internal, timestamptz, timestamptz, float8, float8, interval, interval, float8) IS
	'transition function of otif with early and late tolerances';

CREATE FUNCTION @extschema@.ff_fill_trans(internal, float8, float8) RETURNS internal
	AS 'MODULE_PATHNAME', 'ff_fill_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_fill_trans(internal, float8, float8) IS
	'transition function of fill_rate';

CREATE FUNCTION @extschema@.ff_line_fill_trans(internal, float8, float8) RETURNS internal
	AS 'MODULE_PATHNAME', 'ff_line_fill_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_line_fill_trans(internal, float8, float8) IS
	'transition function of line_fill_rate';

CREATE FUNCTION @extschema@.ff_return_trans(internal, float8, float8) RETURNS internal
	AS 'MODULE_PATHNAME', 'ff_return_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_return_trans(internal, float8, float8) IS
	'transition function of return_rate';

CREATE FUNCTION @extschema@.ff_rate_combine(internal, internal) RETURNS internal
	AS 'MODULE_PATHNAME', 'ff_rate_combine'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_rate_combine(internal, internal) IS
	'combine function of the rate aggregates';

CREATE FUNCTION @extschema@.ff_rate_serial(internal) RETURNS bytea
	AS 'MODULE_PATHNAME', 'ff_rate_serial'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_rate_serial(internal) IS
	'serialize function of the rate aggregates';

CREATE FUNCTION @extschema@.ff_rate_deserial(bytea, internal) RETURNS internal
	AS 'MODULE_PATHNAME', 'ff_rate_deserial'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_rate_deserial(bytea, internal) IS
	'deserialize function of the rate aggregates';

CREATE FUNCTION @extschema@.ff_rate_final(internal) RETURNS float8
	AS 'MODULE_PATHNAME', 'ff_rate_final'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_rate_final(internal) IS
	'final function of the rate aggregates: successes / trials';

CREATE FUNCTION @extschema@.ff_rate_ci_final(internal) RETURNS @extschema@.rate_ci
	AS 'MODULE_PATHNAME', 'ff_rate_ci_final'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_rate_ci_final(internal) IS
	'final function of the *_ci rate aggregates: rate, Wilson interval and counts';

CREATE AGGREGATE @extschema@.order_accuracy(correct boolean) (
	SFUNC = @extschema@.ff_accuracy_trans,
	STYPE = internal,
	SSPACE = 16,
	FINALFUNC = @extschema@.ff_rate_final,
	COMBINEFUNC = @extschema@.ff_rate_combine,
	SERIALFUNC = @extschema@.ff_rate_serial,
	DESERIALFUNC = @extschema@.ff_rate_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.order_accuracy(boolean) IS
	'order accuracy: share of true among the non-NULL values';

CREATE AGGREGATE @extschema@.order_accuracy_ci(correct boolean) (
	SFUNC = @extschema@.ff_accuracy_trans,
	STYPE = internal,
	SSPACE = 16,
	FINALFUNC = @extschema@.ff_rate_ci_final,
	COMBINEFUNC = @extschema@.ff_rate_combine,
	SERIALFUNC = @extschema@.ff_rate_serial,
	DESERIALFUNC = @extschema@.ff_rate_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.order_accuracy_ci(boolean) IS
	'order accuracy with its 95% Wilson interval and counts';

CREATE AGGREGATE @extschema@.perfect_order_rate(on_time boolean, in_full boolean, damage_free boolean, documents_ok boolean) (
	SFUNC = @extschema@.ff_perfect_trans,
	STYPE = internal,
	SSPACE = 16,
	FINALFUNC = @extschema@.ff_rate_final,
	COMBINEFUNC = @extschema@.ff_rate_combine,
	SERIALFUNC = @extschema@.ff_rate_serial,
	DESERIALFUNC = @extschema@.ff_rate_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.perfect_order_rate(boolean, boolean, boolean, boolean) IS
	'SCOR perfect order rate (RL.1.1), one row per order: share of orders on time, in full, damage free and with correct documents';

CREATE AGGREGATE @extschema@.perfect_order_rate_ci(on_time boolean, in_full boolean, damage_free boolean, documents_ok boolean) (
	SFUNC = @extschema@.ff_perfect_trans,
	STYPE = internal,
	SSPACE = 16,
	FINALFUNC = @extschema@.ff_rate_ci_final,
	COMBINEFUNC = @extschema@.ff_rate_combine,
	SERIALFUNC = @extschema@.ff_rate_serial,
	DESERIALFUNC = @extschema@.ff_rate_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.perfect_order_rate_ci(boolean, boolean, boolean, boolean) IS
	'SCOR perfect order rate (one row per order) with its 95% Wilson interval and counts';

CREATE AGGREGATE @extschema@.on_time_rate(promised timestamptz, delivered timestamptz) (
	SFUNC = @extschema@.ff_on_time_trans,
	STYPE = internal,
	SSPACE = 16,
	FINALFUNC = @extschema@.ff_rate_final,
	COMBINEFUNC = @extschema@.ff_rate_combine,
	SERIALFUNC = @extschema@.ff_rate_serial,
	DESERIALFUNC = @extschema@.ff_rate_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.on_time_rate(timestamptz, timestamptz) IS
	'share of lines delivered at or before the promised time; undelivered (delivered NULL) lines count as late';

CREATE AGGREGATE @extschema@.on_time_rate_ci(promised timestamptz, delivered timestamptz) (
	SFUNC = @extschema@.ff_on_time_trans,
	STYPE = internal,
	SSPACE = 16,
	FINALFUNC = @extschema@.ff_rate_ci_final,
	COMBINEFUNC = @extschema@.ff_rate_combine,
	SERIALFUNC = @extschema@.ff_rate_serial,
	DESERIALFUNC = @extschema@.ff_rate_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.on_time_rate_ci(timestamptz, timestamptz) IS
	'on-time rate with its 95% Wilson interval and counts';

CREATE AGGREGATE @extschema@.otif(promised timestamptz, delivered timestamptz, qty_ordered float8, qty_delivered float8) (
	SFUNC = @extschema@.ff_otif_trans,
	STYPE = internal,
	SSPACE = 16,
	FINALFUNC = @extschema@.ff_rate_final,
	COMBINEFUNC = @extschema@.ff_rate_combine,
	SERIALFUNC = @extschema@.ff_rate_serial,
	DESERIALFUNC = @extschema@.ff_rate_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.otif(timestamptz, timestamptz, float8, float8) IS
	'on time in full: share of lines delivered at or before the promised time with qty_delivered >= qty_ordered';

CREATE AGGREGATE @extschema@.otif_ci(promised timestamptz, delivered timestamptz, qty_ordered float8, qty_delivered float8) (
	SFUNC = @extschema@.ff_otif_trans,
	STYPE = internal,
	SSPACE = 16,
	FINALFUNC = @extschema@.ff_rate_ci_final,
	COMBINEFUNC = @extschema@.ff_rate_combine,
	SERIALFUNC = @extschema@.ff_rate_serial,
	DESERIALFUNC = @extschema@.ff_rate_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.otif_ci(timestamptz, timestamptz, float8, float8) IS
	'OTIF with its 95% Wilson interval and counts';

CREATE AGGREGATE @extschema@.otif(promised timestamptz, delivered timestamptz, qty_ordered float8, qty_delivered float8, tolerance interval, in_full_tolerance float8) (
	SFUNC = @extschema@.ff_otif_tol_trans,
	STYPE = internal,
	SSPACE = 16,
	FINALFUNC = @extschema@.ff_rate_final,
	COMBINEFUNC = @extschema@.ff_rate_combine,
	SERIALFUNC = @extschema@.ff_rate_serial,
	DESERIALFUNC = @extschema@.ff_rate_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.otif(timestamptz, timestamptz, float8, float8, interval, float8) IS
	'on time in full with tolerances: delivered within promised +/- tolerance and shortfall (qty_ordered - qty_delivered) / qty_ordered <= in_full_tolerance';

CREATE AGGREGATE @extschema@.otif_ci(promised timestamptz, delivered timestamptz, qty_ordered float8, qty_delivered float8, tolerance interval, in_full_tolerance float8) (
	SFUNC = @extschema@.ff_otif_tol_trans,
	STYPE = internal,
	SSPACE = 16,
	FINALFUNC = @extschema@.ff_rate_ci_final,
	COMBINEFUNC = @extschema@.ff_rate_combine,
	SERIALFUNC = @extschema@.ff_rate_serial,
	DESERIALFUNC = @extschema@.ff_rate_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.otif_ci(timestamptz, timestamptz, float8, float8, interval, float8) IS
	'OTIF with tolerances, its 95% Wilson interval and counts';

CREATE AGGREGATE @extschema@.otif(promised timestamptz, delivered timestamptz, qty_ordered float8, qty_delivered float8, early_tolerance interval, late_tolerance interval, in_full_tolerance float8) (
	SFUNC = @extschema@.ff_otif_window_trans,
	STYPE = internal,
	SSPACE = 16,
	FINALFUNC = @extschema@.ff_rate_final,
	COMBINEFUNC = @extschema@.ff_rate_combine,
	SERIALFUNC = @extschema@.ff_rate_serial,
	DESERIALFUNC = @extschema@.ff_rate_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.otif(timestamptz, timestamptz, float8, float8, interval, interval, float8) IS
	'on time in full with a delivery window: delivered within [promised - early_tolerance, promised + late_tolerance] and shortfall (qty_ordered - qty_delivered) / qty_ordered <= in_full_tolerance';

CREATE AGGREGATE @extschema@.otif_ci(promised timestamptz, delivered timestamptz, qty_ordered float8, qty_delivered float8, early_tolerance interval, late_tolerance interval, in_full_tolerance float8) (
	SFUNC = @extschema@.ff_otif_window_trans,
	STYPE = internal,
	SSPACE = 16,
	FINALFUNC = @extschema@.ff_rate_ci_final,
	COMBINEFUNC = @extschema@.ff_rate_combine,
	SERIALFUNC = @extschema@.ff_rate_serial,
	DESERIALFUNC = @extschema@.ff_rate_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.otif_ci(timestamptz, timestamptz, float8, float8, interval, interval, float8) IS
	'OTIF with a delivery window, its 95% Wilson interval and counts';

CREATE AGGREGATE @extschema@.fill_rate(qty_ordered float8, qty_shipped float8) (
	SFUNC = @extschema@.ff_fill_trans,
	STYPE = internal,
	SSPACE = 16,
	FINALFUNC = @extschema@.ff_rate_final,
	COMBINEFUNC = @extschema@.ff_rate_combine,
	SERIALFUNC = @extschema@.ff_rate_serial,
	DESERIALFUNC = @extschema@.ff_rate_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fill_rate(float8, float8) IS
	'unit fill rate: sum(least(qty_shipped, qty_ordered)) / sum(qty_ordered)';

CREATE AGGREGATE @extschema@.fill_rate_ci(qty_ordered float8, qty_shipped float8) (
	SFUNC = @extschema@.ff_fill_trans,
	STYPE = internal,
	SSPACE = 16,
	FINALFUNC = @extschema@.ff_rate_ci_final,
	COMBINEFUNC = @extschema@.ff_rate_combine,
	SERIALFUNC = @extschema@.ff_rate_serial,
	DESERIALFUNC = @extschema@.ff_rate_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fill_rate_ci(float8, float8) IS
	'unit fill rate with its 95% Wilson interval (units as trials) and the unit sums';

CREATE AGGREGATE @extschema@.line_fill_rate(qty_ordered float8, qty_shipped float8) (
	SFUNC = @extschema@.ff_line_fill_trans,
	STYPE = internal,
	SSPACE = 16,
	FINALFUNC = @extschema@.ff_rate_final,
	COMBINEFUNC = @extschema@.ff_rate_combine,
	SERIALFUNC = @extschema@.ff_rate_serial,
	DESERIALFUNC = @extschema@.ff_rate_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.line_fill_rate(float8, float8) IS
	'line fill rate: share of order lines shipped complete (qty_shipped >= qty_ordered)';

CREATE AGGREGATE @extschema@.line_fill_rate_ci(qty_ordered float8, qty_shipped float8) (
	SFUNC = @extschema@.ff_line_fill_trans,
	STYPE = internal,
	SSPACE = 16,
	FINALFUNC = @extschema@.ff_rate_ci_final,
	COMBINEFUNC = @extschema@.ff_rate_combine,
	SERIALFUNC = @extschema@.ff_rate_serial,
	DESERIALFUNC = @extschema@.ff_rate_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.line_fill_rate_ci(float8, float8) IS
	'line fill rate with its 95% Wilson interval and counts';

CREATE AGGREGATE @extschema@.return_rate(qty_sold float8, qty_returned float8) (
	SFUNC = @extschema@.ff_return_trans,
	STYPE = internal,
	SSPACE = 16,
	FINALFUNC = @extschema@.ff_rate_final,
	COMBINEFUNC = @extschema@.ff_rate_combine,
	SERIALFUNC = @extschema@.ff_rate_serial,
	DESERIALFUNC = @extschema@.ff_rate_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.return_rate(float8, float8) IS
	'return rate: sum(qty_returned) / sum(qty_sold)';

CREATE AGGREGATE @extschema@.return_rate_ci(qty_sold float8, qty_returned float8) (
	SFUNC = @extschema@.ff_return_trans,
	STYPE = internal,
	SSPACE = 16,
	FINALFUNC = @extschema@.ff_rate_ci_final,
	COMBINEFUNC = @extschema@.ff_rate_combine,
	SERIALFUNC = @extschema@.ff_rate_serial,
	DESERIALFUNC = @extschema@.ff_rate_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.return_rate_ci(float8, float8) IS
	'return rate with its 95% Wilson interval (units as trials) and the unit sums';

--
-- Order-level rates from order lines with an order key
--

CREATE FUNCTION @extschema@.ff_perfect_key_trans(internal, bigint, boolean, boolean, boolean, boolean) RETURNS internal
	AS 'MODULE_PATHNAME', 'ff_perfect_key_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_perfect_key_trans(internal, bigint, boolean, boolean, boolean, boolean) IS
	'transition function of perfect_order_rate over order lines with a bigint order key';

CREATE FUNCTION @extschema@.ff_order_fill_key_trans(internal, bigint, float8, float8) RETURNS internal
	AS 'MODULE_PATHNAME', 'ff_order_fill_key_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_order_fill_key_trans(internal, bigint, float8, float8) IS
	'transition function of order_fill_rate with a bigint order key';

CREATE FUNCTION @extschema@.ff_keys_combine(internal, internal) RETURNS internal
	AS 'MODULE_PATHNAME', 'ff_keys_combine'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_keys_combine(internal, internal) IS
	'combine function of the order-level rates with a bigint order key';

CREATE FUNCTION @extschema@.ff_keys_serial(internal) RETURNS bytea
	AS 'MODULE_PATHNAME', 'ff_keys_serial'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_keys_serial(internal) IS
	'serialize function of the order-level rates with a bigint order key';

CREATE FUNCTION @extschema@.ff_keys_deserial(bytea, internal) RETURNS internal
	AS 'MODULE_PATHNAME', 'ff_keys_deserial'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_keys_deserial(bytea, internal) IS
	'deserialize function of the order-level rates with a bigint order key';

CREATE FUNCTION @extschema@.ff_keys_final(internal) RETURNS float8
	AS 'MODULE_PATHNAME', 'ff_keys_final'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_keys_final(internal) IS
	'final function of the order-level rates with a bigint order key: good orders / orders';

CREATE FUNCTION @extschema@.ff_keys_ci_final(internal) RETURNS @extschema@.rate_ci
	AS 'MODULE_PATHNAME', 'ff_keys_ci_final'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_keys_ci_final(internal) IS
	'final function of the order-level *_ci rates with a bigint order key';

CREATE AGGREGATE @extschema@.perfect_order_rate(order_key bigint, on_time boolean, in_full boolean, damage_free boolean, documents_ok boolean) (
	SFUNC = @extschema@.ff_perfect_key_trans,
	STYPE = internal,
	FINALFUNC = @extschema@.ff_keys_final,
	COMBINEFUNC = @extschema@.ff_keys_combine,
	SERIALFUNC = @extschema@.ff_keys_serial,
	DESERIALFUNC = @extschema@.ff_keys_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.perfect_order_rate(bigint, boolean, boolean, boolean, boolean) IS
	'SCOR perfect order rate from order lines: an order is perfect only when all its lines are on time, in full, damage free and with correct documents; memory about 8 bytes per order (text keys: 4 + key length)';

CREATE AGGREGATE @extschema@.perfect_order_rate_ci(order_key bigint, on_time boolean, in_full boolean, damage_free boolean, documents_ok boolean) (
	SFUNC = @extschema@.ff_perfect_key_trans,
	STYPE = internal,
	FINALFUNC = @extschema@.ff_keys_ci_final,
	COMBINEFUNC = @extschema@.ff_keys_combine,
	SERIALFUNC = @extschema@.ff_keys_serial,
	DESERIALFUNC = @extschema@.ff_keys_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.perfect_order_rate_ci(bigint, boolean, boolean, boolean, boolean) IS
	'perfect order rate from order lines with its 95% Wilson interval and order counts';

CREATE AGGREGATE @extschema@.order_fill_rate(order_key bigint, qty_ordered float8, qty_shipped float8) (
	SFUNC = @extschema@.ff_order_fill_key_trans,
	STYPE = internal,
	FINALFUNC = @extschema@.ff_keys_final,
	COMBINEFUNC = @extschema@.ff_keys_combine,
	SERIALFUNC = @extschema@.ff_keys_serial,
	DESERIALFUNC = @extschema@.ff_keys_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.order_fill_rate(bigint, float8, float8) IS
	'order fill rate: share of orders whose lines were all shipped complete; memory about 8 bytes per order (text keys: 4 + key length)';

CREATE AGGREGATE @extschema@.order_fill_rate_ci(order_key bigint, qty_ordered float8, qty_shipped float8) (
	SFUNC = @extschema@.ff_order_fill_key_trans,
	STYPE = internal,
	FINALFUNC = @extschema@.ff_keys_ci_final,
	COMBINEFUNC = @extschema@.ff_keys_combine,
	SERIALFUNC = @extschema@.ff_keys_serial,
	DESERIALFUNC = @extschema@.ff_keys_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.order_fill_rate_ci(bigint, float8, float8) IS
	'order fill rate with its 95% Wilson interval and order counts';

CREATE FUNCTION @extschema@.ff_perfect_tkey_trans(internal, text, boolean, boolean, boolean, boolean) RETURNS internal
	AS 'MODULE_PATHNAME', 'ff_perfect_tkey_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_perfect_tkey_trans(internal, text, boolean, boolean, boolean, boolean) IS
	'transition function of perfect_order_rate over order lines with a text order key';

CREATE FUNCTION @extschema@.ff_order_fill_tkey_trans(internal, text, float8, float8) RETURNS internal
	AS 'MODULE_PATHNAME', 'ff_order_fill_tkey_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_order_fill_tkey_trans(internal, text, float8, float8) IS
	'transition function of order_fill_rate with a text order key';

CREATE FUNCTION @extschema@.ff_tkeys_combine(internal, internal) RETURNS internal
	AS 'MODULE_PATHNAME', 'ff_tkeys_combine'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_tkeys_combine(internal, internal) IS
	'combine function of the order-level rates with a text order key';

CREATE FUNCTION @extschema@.ff_tkeys_serial(internal) RETURNS bytea
	AS 'MODULE_PATHNAME', 'ff_tkeys_serial'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_tkeys_serial(internal) IS
	'serialize function of the order-level rates with a text order key';

CREATE FUNCTION @extschema@.ff_tkeys_deserial(bytea, internal) RETURNS internal
	AS 'MODULE_PATHNAME', 'ff_tkeys_deserial'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_tkeys_deserial(bytea, internal) IS
	'deserialize function of the order-level rates with a text order key';

CREATE FUNCTION @extschema@.ff_tkeys_final(internal) RETURNS float8
	AS 'MODULE_PATHNAME', 'ff_tkeys_final'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_tkeys_final(internal) IS
	'final function of the order-level rates with a text order key: good orders / orders';

CREATE FUNCTION @extschema@.ff_tkeys_ci_final(internal) RETURNS @extschema@.rate_ci
	AS 'MODULE_PATHNAME', 'ff_tkeys_ci_final'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_tkeys_ci_final(internal) IS
	'final function of the order-level *_ci rates with a text order key';

CREATE AGGREGATE @extschema@.perfect_order_rate(order_key text, on_time boolean, in_full boolean, damage_free boolean, documents_ok boolean) (
	SFUNC = @extschema@.ff_perfect_tkey_trans,
	STYPE = internal,
	FINALFUNC = @extschema@.ff_tkeys_final,
	COMBINEFUNC = @extschema@.ff_tkeys_combine,
	SERIALFUNC = @extschema@.ff_tkeys_serial,
	DESERIALFUNC = @extschema@.ff_tkeys_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.perfect_order_rate(text, boolean, boolean, boolean, boolean) IS
	'SCOR perfect order rate from order lines: an order is perfect only when all its lines are on time, in full, damage free and with correct documents; memory about 8 bytes per order (text keys: 4 + key length)';

CREATE AGGREGATE @extschema@.perfect_order_rate_ci(order_key text, on_time boolean, in_full boolean, damage_free boolean, documents_ok boolean) (
	SFUNC = @extschema@.ff_perfect_tkey_trans,
	STYPE = internal,
	FINALFUNC = @extschema@.ff_tkeys_ci_final,
	COMBINEFUNC = @extschema@.ff_tkeys_combine,
	SERIALFUNC = @extschema@.ff_tkeys_serial,
	DESERIALFUNC = @extschema@.ff_tkeys_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.perfect_order_rate_ci(text, boolean, boolean, boolean, boolean) IS
	'perfect order rate from order lines with its 95% Wilson interval and order counts';

CREATE AGGREGATE @extschema@.order_fill_rate(order_key text, qty_ordered float8, qty_shipped float8) (
	SFUNC = @extschema@.ff_order_fill_tkey_trans,
	STYPE = internal,
	FINALFUNC = @extschema@.ff_tkeys_final,
	COMBINEFUNC = @extschema@.ff_tkeys_combine,
	SERIALFUNC = @extschema@.ff_tkeys_serial,
	DESERIALFUNC = @extschema@.ff_tkeys_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.order_fill_rate(text, float8, float8) IS
	'order fill rate: share of orders whose lines were all shipped complete; memory about 8 bytes per order (text keys: 4 + key length)';

CREATE AGGREGATE @extschema@.order_fill_rate_ci(order_key text, qty_ordered float8, qty_shipped float8) (
	SFUNC = @extschema@.ff_order_fill_tkey_trans,
	STYPE = internal,
	FINALFUNC = @extschema@.ff_tkeys_ci_final,
	COMBINEFUNC = @extschema@.ff_tkeys_combine,
	SERIALFUNC = @extschema@.ff_tkeys_serial,
	DESERIALFUNC = @extschema@.ff_tkeys_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.order_fill_rate_ci(text, float8, float8) IS
	'order fill rate with its 95% Wilson interval and order counts';

--
-- Cycle times and lateness
--

CREATE FUNCTION @extschema@.ff_dur_mean_trans(internal, timestamptz, timestamptz) RETURNS internal
	AS 'MODULE_PATHNAME', 'ff_dur_mean_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_dur_mean_trans(internal, timestamptz, timestamptz) IS
	'transition function of the mean cycle time (timestamptz)';

CREATE FUNCTION @extschema@.ff_dur_trans(internal, timestamptz, timestamptz) RETURNS internal
	AS 'MODULE_PATHNAME', 'ff_dur_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_dur_trans(internal, timestamptz, timestamptz) IS
	'transition function of cycle_time_summary (timestamptz)';

CREATE FUNCTION @extschema@.ff_dur_pct_trans(internal, timestamptz, timestamptz, float8) RETURNS internal
	AS 'MODULE_PATHNAME', 'ff_dur_pct_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_dur_pct_trans(internal, timestamptz, timestamptz, float8) IS
	'transition function of cycle_time_percentile (timestamptz)';

CREATE FUNCTION @extschema@.ff_dur_pcts_trans(internal, timestamptz, timestamptz, float8[]) RETURNS internal
	AS 'MODULE_PATHNAME', 'ff_dur_pcts_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_dur_pcts_trans(internal, timestamptz, timestamptz, float8[]) IS
	'transition function of cycle_time_percentile with an array of fractions (timestamptz)';

CREATE FUNCTION @extschema@.ff_late_trans(internal, timestamptz, timestamptz) RETURNS internal
	AS 'MODULE_PATHNAME', 'ff_late_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_late_trans(internal, timestamptz, timestamptz) IS
	'transition function of lateness_summary (timestamptz)';

CREATE FUNCTION @extschema@.ff_dur_mean_date_trans(internal, date, date) RETURNS internal
	AS 'MODULE_PATHNAME', 'ff_dur_mean_date_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_dur_mean_date_trans(internal, date, date) IS
	'transition function of the mean cycle time (date)';

CREATE FUNCTION @extschema@.ff_dur_date_trans(internal, date, date) RETURNS internal
	AS 'MODULE_PATHNAME', 'ff_dur_date_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_dur_date_trans(internal, date, date) IS
	'transition function of cycle_time_summary (date)';

CREATE FUNCTION @extschema@.ff_dur_pct_date_trans(internal, date, date, float8) RETURNS internal
	AS 'MODULE_PATHNAME', 'ff_dur_pct_date_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_dur_pct_date_trans(internal, date, date, float8) IS
	'transition function of cycle_time_percentile (date)';

CREATE FUNCTION @extschema@.ff_dur_pcts_date_trans(internal, date, date, float8[]) RETURNS internal
	AS 'MODULE_PATHNAME', 'ff_dur_pcts_date_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_dur_pcts_date_trans(internal, date, date, float8[]) IS
	'transition function of cycle_time_percentile with an array of fractions (date)';

CREATE FUNCTION @extschema@.ff_late_date_trans(internal, date, date) RETURNS internal
	AS 'MODULE_PATHNAME', 'ff_late_date_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_late_date_trans(internal, date, date) IS
	'transition function of lateness_summary (date)';

CREATE FUNCTION @extschema@.ff_dur_combine(internal, internal) RETURNS internal
	AS 'MODULE_PATHNAME', 'ff_dur_combine'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_dur_combine(internal, internal) IS
	'combine function of the cycle-time and lateness aggregates';

CREATE FUNCTION @extschema@.ff_dur_serial(internal) RETURNS bytea
	AS 'MODULE_PATHNAME', 'ff_dur_serial'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_dur_serial(internal) IS
	'serialize function of the cycle-time and lateness aggregates';

CREATE FUNCTION @extschema@.ff_dur_deserial(bytea, internal) RETURNS internal
	AS 'MODULE_PATHNAME', 'ff_dur_deserial'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_dur_deserial(bytea, internal) IS
	'deserialize function of the cycle-time and lateness aggregates';

CREATE FUNCTION @extschema@.ff_dur_interval_final(internal) RETURNS interval
	AS 'MODULE_PATHNAME', 'ff_dur_interval_final'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_dur_interval_final(internal) IS
	'final function of cycle_time: mean as an interval';

CREATE FUNCTION @extschema@.ff_dur_days_final(internal) RETURNS float8
	AS 'MODULE_PATHNAME', 'ff_dur_days_final'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_dur_days_final(internal) IS
	'final function of cycle_time_days: mean in days';

CREATE FUNCTION @extschema@.ff_dur_pct_final(internal) RETURNS float8
	AS 'MODULE_PATHNAME', 'ff_dur_pct_final'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_dur_pct_final(internal) IS
	'final function of cycle_time_percentile: percentile in days';

CREATE FUNCTION @extschema@.ff_dur_pcts_final(internal) RETURNS float8[]
	AS 'MODULE_PATHNAME', 'ff_dur_pcts_final'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_dur_pcts_final(internal) IS
	'final function of cycle_time_percentile with an array of fractions';

CREATE FUNCTION @extschema@.ff_dur_summary_final(internal) RETURNS @extschema@.duration_summary
	AS 'MODULE_PATHNAME', 'ff_dur_summary_final'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_dur_summary_final(internal) IS
	'final function of cycle_time_summary';

CREATE FUNCTION @extschema@.ff_late_summary_final(internal) RETURNS @extschema@.lateness_summary
	AS 'MODULE_PATHNAME', 'ff_late_summary_final'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_late_summary_final(internal) IS
	'final function of lateness_summary';

CREATE AGGREGATE @extschema@.cycle_time(start timestamptz, finish timestamptz) (
	SFUNC = @extschema@.ff_dur_mean_trans,
	STYPE = internal,
	FINALFUNC = @extschema@.ff_dur_interval_final,
	COMBINEFUNC = @extschema@.ff_dur_combine,
	SERIALFUNC = @extschema@.ff_dur_serial,
	DESERIALFUNC = @extschema@.ff_dur_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.cycle_time(timestamptz, timestamptz) IS
	'mean cycle time finish - start as an interval (exact; times)';

CREATE AGGREGATE @extschema@.cycle_time_days(start timestamptz, finish timestamptz) (
	SFUNC = @extschema@.ff_dur_mean_trans,
	STYPE = internal,
	FINALFUNC = @extschema@.ff_dur_days_final,
	COMBINEFUNC = @extschema@.ff_dur_combine,
	SERIALFUNC = @extschema@.ff_dur_serial,
	DESERIALFUNC = @extschema@.ff_dur_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.cycle_time_days(timestamptz, timestamptz) IS
	'mean cycle time finish - start in days (exact; times)';

CREATE AGGREGATE @extschema@.cycle_time_percentile(start timestamptz, finish timestamptz, fraction float8) (
	SFUNC = @extschema@.ff_dur_pct_trans,
	STYPE = internal,
	FINALFUNC = @extschema@.ff_dur_pct_final,
	COMBINEFUNC = @extschema@.ff_dur_combine,
	SERIALFUNC = @extschema@.ff_dur_serial,
	DESERIALFUNC = @extschema@.ff_dur_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.cycle_time_percentile(timestamptz, timestamptz, float8) IS
	'exact percentile (percentile_cont) of finish - start in days; memory 8 bytes per row';

CREATE AGGREGATE @extschema@.cycle_time_percentile(start timestamptz, finish timestamptz, fractions float8[]) (
	SFUNC = @extschema@.ff_dur_pcts_trans,
	STYPE = internal,
	FINALFUNC = @extschema@.ff_dur_pcts_final,
	COMBINEFUNC = @extschema@.ff_dur_combine,
	SERIALFUNC = @extschema@.ff_dur_serial,
	DESERIALFUNC = @extschema@.ff_dur_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.cycle_time_percentile(timestamptz, timestamptz, float8[]) IS
	'exact percentiles (percentile_cont) of finish - start in days, one per fraction; memory 8 bytes per row';

CREATE AGGREGATE @extschema@.cycle_time_summary(start timestamptz, finish timestamptz) (
	SFUNC = @extschema@.ff_dur_trans,
	STYPE = internal,
	FINALFUNC = @extschema@.ff_dur_summary_final,
	COMBINEFUNC = @extschema@.ff_dur_combine,
	SERIALFUNC = @extschema@.ff_dur_serial,
	DESERIALFUNC = @extschema@.ff_dur_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.cycle_time_summary(timestamptz, timestamptz) IS
	'distribution of finish - start in days: n, mean, min, p50, p90, p95, max, negatives; memory 8 bytes per row';

CREATE AGGREGATE @extschema@.lateness_summary(promised timestamptz, delivered timestamptz) (
	SFUNC = @extschema@.ff_late_trans,
	STYPE = internal,
	FINALFUNC = @extschema@.ff_late_summary_final,
	COMBINEFUNC = @extschema@.ff_dur_combine,
	SERIALFUNC = @extschema@.ff_dur_serial,
	DESERIALFUNC = @extschema@.ff_dur_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.lateness_summary(timestamptz, timestamptz) IS
	'lateness delivered - promised in days: counts early / on schedule / late / undelivered, on-time rate, mean, percentiles, mean days late; memory 8 bytes per delivered row';

CREATE AGGREGATE @extschema@.cycle_time(start date, finish date) (
	SFUNC = @extschema@.ff_dur_mean_date_trans,
	STYPE = internal,
	FINALFUNC = @extschema@.ff_dur_interval_final,
	COMBINEFUNC = @extschema@.ff_dur_combine,
	SERIALFUNC = @extschema@.ff_dur_serial,
	DESERIALFUNC = @extschema@.ff_dur_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.cycle_time(date, date) IS
	'mean cycle time finish - start as an interval (exact; dates)';

CREATE AGGREGATE @extschema@.cycle_time_days(start date, finish date) (
	SFUNC = @extschema@.ff_dur_mean_date_trans,
	STYPE = internal,
	FINALFUNC = @extschema@.ff_dur_days_final,
	COMBINEFUNC = @extschema@.ff_dur_combine,
	SERIALFUNC = @extschema@.ff_dur_serial,
	DESERIALFUNC = @extschema@.ff_dur_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.cycle_time_days(date, date) IS
	'mean cycle time finish - start in days (exact; dates)';

CREATE AGGREGATE @extschema@.cycle_time_percentile(start date, finish date, fraction float8) (
	SFUNC = @extschema@.ff_dur_pct_date_trans,
	STYPE = internal,
	FINALFUNC = @extschema@.ff_dur_pct_final,
	COMBINEFUNC = @extschema@.ff_dur_combine,
	SERIALFUNC = @extschema@.ff_dur_serial,
	DESERIALFUNC = @extschema@.ff_dur_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.cycle_time_percentile(date, date, float8) IS
	'exact percentile (percentile_cont) of finish - start in days; memory 8 bytes per row';

CREATE AGGREGATE @extschema@.cycle_time_percentile(start date, finish date, fractions float8[]) (
	SFUNC = @extschema@.ff_dur_pcts_date_trans,
	STYPE = internal,
	FINALFUNC = @extschema@.ff_dur_pcts_final,
	COMBINEFUNC = @extschema@.ff_dur_combine,
	SERIALFUNC = @extschema@.ff_dur_serial,
	DESERIALFUNC = @extschema@.ff_dur_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.cycle_time_percentile(date, date, float8[]) IS
	'exact percentiles (percentile_cont) of finish - start in days, one per fraction; memory 8 bytes per row';

CREATE AGGREGATE @extschema@.cycle_time_summary(start date, finish date) (
	SFUNC = @extschema@.ff_dur_date_trans,
	STYPE = internal,
	FINALFUNC = @extschema@.ff_dur_summary_final,
	COMBINEFUNC = @extschema@.ff_dur_combine,
	SERIALFUNC = @extschema@.ff_dur_serial,
	DESERIALFUNC = @extschema@.ff_dur_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.cycle_time_summary(date, date) IS
	'distribution of finish - start in days: n, mean, min, p50, p90, p95, max, negatives; memory 8 bytes per row';

CREATE AGGREGATE @extschema@.lateness_summary(promised date, delivered date) (
	SFUNC = @extschema@.ff_late_date_trans,
	STYPE = internal,
	FINALFUNC = @extschema@.ff_late_summary_final,
	COMBINEFUNC = @extschema@.ff_dur_combine,
	SERIALFUNC = @extschema@.ff_dur_serial,
	DESERIALFUNC = @extschema@.ff_dur_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.lateness_summary(date, date) IS
	'lateness delivered - promised in days: counts early / on schedule / late / undelivered, on-time rate, mean, percentiles, mean days late; memory 8 bytes per delivered row';

--
-- All KPIs of a group of order lines in one pass
--

CREATE FUNCTION @extschema@.ff_kpi_trans(internal, timestamptz, timestamptz, timestamptz, float8, float8, float8, boolean, boolean) RETURNS internal
	AS 'MODULE_PATHNAME', 'ff_kpi_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_kpi_trans(internal, timestamptz, timestamptz, timestamptz, float8, float8, float8, boolean, boolean) IS
	'transition function of fulfillment_kpis';

CREATE FUNCTION @extschema@.ff_kpi_combine(internal, internal) RETURNS internal
	AS 'MODULE_PATHNAME', 'ff_kpi_combine'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_kpi_combine(internal, internal) IS
	'combine function of fulfillment_kpis';

CREATE FUNCTION @extschema@.ff_kpi_serial(internal) RETURNS bytea
	AS 'MODULE_PATHNAME', 'ff_kpi_serial'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_kpi_serial(internal) IS
	'serialize function of fulfillment_kpis';

CREATE FUNCTION @extschema@.ff_kpi_deserial(bytea, internal) RETURNS internal
	AS 'MODULE_PATHNAME', 'ff_kpi_deserial'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_kpi_deserial(bytea, internal) IS
	'deserialize function of fulfillment_kpis';

CREATE FUNCTION @extschema@.ff_kpi_final(internal) RETURNS @extschema@.fulfillment_kpis
	AS 'MODULE_PATHNAME', 'ff_kpi_final'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ff_kpi_final(internal) IS
	'final function of fulfillment_kpis';

CREATE AGGREGATE @extschema@.fulfillment_kpis(ordered_at timestamptz, promised_at timestamptz, delivered_at timestamptz, qty_ordered float8, qty_shipped float8, qty_returned float8, damage_free boolean, documents_ok boolean) (
	SFUNC = @extschema@.ff_kpi_trans,
	STYPE = internal,
	FINALFUNC = @extschema@.ff_kpi_final,
	COMBINEFUNC = @extschema@.ff_kpi_combine,
	SERIALFUNC = @extschema@.ff_kpi_serial,
	DESERIALFUNC = @extschema@.ff_kpi_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fulfillment_kpis(timestamptz, timestamptz, timestamptz, float8, float8, float8, boolean, boolean) IS
	'all fulfilment KPIs of a group of order lines in one pass: on time, in full, OTIF, perfect lines, unit fill and return rates with 95% Wilson intervals, mean and percentile cycle time and lateness; memory 16 bytes per delivered line';

-- ---------------------------------------------------------------------------
-- Geodesics and routes: distances on the WGS84 ellipsoid (Karney's method)
-- and on the mean-radius sphere, distance matrices, route length and cost.
-- Coordinates are degrees, latitude first; distances are metres.
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.geodesic_distance(lat1 float8, lon1 float8,
											  lat2 float8, lon2 float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_geodesic_distance'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.geodesic_distance(float8, float8, float8, float8) IS
	'length in metres of the shortest path on the WGS84 ellipsoid between (lat1, lon1) and (lat2, lon2), degrees (Karney 2013; within 1e-8 m of GeographicLib)';

CREATE FUNCTION @extschema@.geodesic_distance(a geometry, b geometry)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_geodesic_distance_geometry'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.geodesic_distance(geometry, geometry) IS
	'geodesic distance in metres on WGS84 between two points in SRID 4326';

CREATE FUNCTION @extschema@.geodesic_distance(a geography, b geography)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_geodesic_distance_geography'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.geodesic_distance(geography, geography) IS
	'geodesic distance in metres on WGS84 between two geography points (SRID 4326)';

CREATE FUNCTION @extschema@.haversine_distance(lat1 float8, lon1 float8,
											   lat2 float8, lon2 float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_haversine_distance'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.haversine_distance(float8, float8, float8, float8) IS
	'great-circle distance in metres on the sphere of radius 6371008.8 m between (lat1, lon1) and (lat2, lon2), degrees (haversine formula)';

CREATE FUNCTION @extschema@.haversine_distance(a geometry, b geometry)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_haversine_distance_geometry'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.haversine_distance(geometry, geometry) IS
	'great-circle distance in metres (sphere R = 6371008.8 m) between two points in SRID 4326';

CREATE FUNCTION @extschema@.haversine_distance(a geography, b geography)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_haversine_distance_geography'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.haversine_distance(geography, geography) IS
	'great-circle distance in metres (sphere R = 6371008.8 m) between two geography points (SRID 4326)';

CREATE FUNCTION @extschema@.distance_matrix(lat float8[], lon float8[])
	RETURNS float8[]
	AS 'MODULE_PATHNAME', 'logistics_distance_matrix'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.distance_matrix(float8[], float8[]) IS
	'n x n matrix of geodesic distances in metres (WGS84) between the points (lat[i], lon[i]); at most 5000 points';

CREATE FUNCTION @extschema@.distance_matrix(points geometry[])
	RETURNS float8[]
	AS 'MODULE_PATHNAME', 'logistics_distance_matrix_geometry'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.distance_matrix(geometry[]) IS
	'n x n matrix of geodesic distances in metres (WGS84) between points in SRID 4326; at most 5000 points';

CREATE FUNCTION @extschema@.distance_matrix(points geography[])
	RETURNS float8[]
	AS 'MODULE_PATHNAME', 'logistics_distance_matrix_geography'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.distance_matrix(geography[]) IS
	'n x n matrix of geodesic distances in metres (WGS84) between geography points (SRID 4326); at most 5000 points';

-- route_length: the state is float8[6] {points, lat0, lon0, lat1, lon1,
-- metres}.  The combine function joins two consecutive stretches of the
-- path (first argument first); PostgreSQL never combines partial states of
-- an aggregate called with ORDER BY, see src/geodesic_fmgr.c.

CREATE FUNCTION @extschema@.route_length_trans(float8[], float8, float8)
	RETURNS float8[]
	AS 'MODULE_PATHNAME', 'logistics_route_length_trans'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.route_length_trans(float8[], float8, float8) IS
	'transition function of route_length(lat, lon)';

CREATE FUNCTION @extschema@.route_length_geom_trans(float8[], geometry)
	RETURNS float8[]
	AS 'MODULE_PATHNAME', 'logistics_route_length_geom_trans'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.route_length_geom_trans(float8[], geometry) IS
	'transition function of route_length(geometry)';

CREATE FUNCTION @extschema@.route_length_combine(float8[], float8[])
	RETURNS float8[]
	AS 'MODULE_PATHNAME', 'logistics_route_length_combine'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.route_length_combine(float8[], float8[]) IS
	'combine function of route_length: the path of the second state follows the path of the first';

CREATE FUNCTION @extschema@.route_length_final(float8[])
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_route_length_final'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.route_length_final(float8[]) IS
	'final function of route_length: metres, NULL without points';

CREATE AGGREGATE @extschema@.route_length(lat float8, lon float8) (
	SFUNC = @extschema@.route_length_trans,
	STYPE = float8[],
	INITCOND = '{0,0,0,0,0,0}',
	COMBINEFUNC = @extschema@.route_length_combine,
	FINALFUNC = @extschema@.route_length_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.route_length(float8, float8) IS
	'geodesic length in metres (WGS84) of the path through the points in aggregation order: call as route_length(lat, lon ORDER BY seq)';

CREATE AGGREGATE @extschema@.route_length(geometry) (
	SFUNC = @extschema@.route_length_geom_trans,
	STYPE = float8[],
	INITCOND = '{0,0,0,0,0,0}',
	COMBINEFUNC = @extschema@.route_length_combine,
	FINALFUNC = @extschema@.route_length_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.route_length(geometry) IS
	'geodesic length in metres (WGS84) of the path through the SRID 4326 points in aggregation order: call as route_length(geom ORDER BY seq)';

-- Cost model and route_cost.

CREATE TYPE @extschema@.cost_model AS (
	cost_per_km float8,
	cost_per_hour float8,
	cost_per_stop float8,
	fixed_cost float8,
	speed_kmh float8,
	service_min float8,
	co2_g_per_km float8
);
COMMENT ON TYPE @extschema@.cost_model IS
	'route cost parameters: cost per km, per hour (driving and service), per stop, fixed per route; average speed km/h; service minutes per stop; CO2 grams per km';

CREATE FUNCTION @extschema@.cost_model(cost_per_km float8 DEFAULT 0.35,
									   cost_per_hour float8 DEFAULT 30,
									   cost_per_stop float8 DEFAULT 0.5,
									   fixed_cost float8 DEFAULT 40,
									   speed_kmh float8 DEFAULT 35,
									   service_min float8 DEFAULT 5,
									   co2_g_per_km float8 DEFAULT 210)
	RETURNS @extschema@.cost_model
	AS 'MODULE_PATHNAME', 'logistics_cost_model_make'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.cost_model(float8, float8, float8, float8, float8, float8, float8) IS
	'a checked cost_model; defaults describe a diesel delivery van: 0.35/km, 30/hour, 0.5/stop, 40/route, 35 km/h, 5 min/stop, 210 g CO2/km';

CREATE TYPE @extschema@.route_cost_result AS (
	distance_m float8,
	duration interval,
	cost float8,
	co2_kg float8,
	stops int
);
COMMENT ON TYPE @extschema@.route_cost_result IS
	'result of route_cost: geodesic distance in metres, driving plus service time, cost, CO2 in kg, number of stops';

-- route_cost: the state is float8[14] {points, lat0, lon0, lat1, lon1,
-- metres, stops, the 7 cost model fields}.

CREATE FUNCTION @extschema@.route_cost_trans(float8[], float8, float8,
											 @extschema@.cost_model)
	RETURNS float8[]
	AS 'MODULE_PATHNAME', 'logistics_route_cost_trans'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.route_cost_trans(float8[], float8, float8, @extschema@.cost_model) IS
	'transition function of route_cost(lat, lon, model)';

CREATE FUNCTION @extschema@.route_cost_stop_trans(float8[], float8, float8,
												  @extschema@.cost_model, boolean)
	RETURNS float8[]
	AS 'MODULE_PATHNAME', 'logistics_route_cost_stop_trans'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.route_cost_stop_trans(float8[], float8, float8, @extschema@.cost_model, boolean) IS
	'transition function of route_cost(lat, lon, model, is_stop)';

CREATE FUNCTION @extschema@.route_cost_combine(float8[], float8[])
	RETURNS float8[]
	AS 'MODULE_PATHNAME', 'logistics_route_cost_combine'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.route_cost_combine(float8[], float8[]) IS
	'combine function of route_cost: the path of the second state follows the path of the first';

CREATE FUNCTION @extschema@.route_cost_final(float8[])
	RETURNS @extschema@.route_cost_result
	AS 'MODULE_PATHNAME', 'logistics_route_cost_final'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.route_cost_final(float8[]) IS
	'final function of route_cost: distance, duration, cost, CO2 and stops; NULL without points';

CREATE AGGREGATE @extschema@.route_cost(lat float8, lon float8,
										model @extschema@.cost_model) (
	SFUNC = @extschema@.route_cost_trans,
	STYPE = float8[],
	INITCOND = '{0,0,0,0,0,0,0,0,0,0,0,0,0,0}',
	COMBINEFUNC = @extschema@.route_cost_combine,
	FINALFUNC = @extschema@.route_cost_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.route_cost(float8, float8, @extschema@.cost_model) IS
	'distance, duration, cost and CO2 of the path through the points in aggregation order, every point a stop: call as route_cost(lat, lon, model ORDER BY seq)';

CREATE AGGREGATE @extschema@.route_cost(lat float8, lon float8,
										model @extschema@.cost_model,
										is_stop boolean) (
	SFUNC = @extschema@.route_cost_stop_trans,
	STYPE = float8[],
	INITCOND = '{0,0,0,0,0,0,0,0,0,0,0,0,0,0}',
	COMBINEFUNC = @extschema@.route_cost_combine,
	FINALFUNC = @extschema@.route_cost_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.route_cost(float8, float8, @extschema@.cost_model, boolean) IS
	'as route_cost(lat, lon, model) where only points with is_stop count as stops (false for the depot at the start and end of a tour)';

-- ---------------------------------------------------------------------------
-- Stop order (TSP): a good visiting order for a cost matrix or for points,
-- and the cost of a given order.  Stops are numbered 1..n by their position
-- in the matrix (or in the lat/lon arrays).  See src/tsp.c.
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.tsp_tour(dist float8[], closed boolean DEFAULT true,
									 start_index int DEFAULT 1,
									 end_index int DEFAULT NULL)
	RETURNS int[]
	AS 'MODULE_PATHNAME', 'logistics_tsp_tour'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tsp_tour(float8[], boolean, int, int) IS
	'short visiting order (1-based stop numbers, each once, from start_index; end_index last when given) for an n x n cost matrix, symmetric or not; closed: the tour returns to the start; exact up to 12 stops, chained Lin-Kernighan above; deterministic; at most 5000 stops';

CREATE FUNCTION @extschema@.tsp_tour(lat float8[], lon float8[],
									 closed boolean DEFAULT true,
									 start_index int DEFAULT 1,
									 end_index int DEFAULT NULL)
	RETURNS int[]
	AS 'MODULE_PATHNAME', 'logistics_tsp_tour_latlon'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tsp_tour(float8[], float8[], boolean, int, int) IS
	'tsp_tour on the geodesic distances (WGS84, metres) between the points (lat[i], lon[i]), degrees; at most 5000 points';

CREATE FUNCTION @extschema@.tour_length(dist float8[], tour int[],
										closed boolean DEFAULT true)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_tour_length'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tour_length(float8[], int[], boolean) IS
	'cost of visiting the stops in the order of tour (each stop once, the first may be repeated at the end) under the n x n cost matrix dist, plus the leg back to the first stop when closed';

-- ---------------------------------------------------------------------
-- Forecasting (forecast_fmgr.c, forecast_model_fmgr.c; kernels
-- fcmethods.c, intermittent.c, ets.c)
--
-- Fitting a model costs milliseconds, as much as reading thousands of
-- tuples: COST 10000 (units of cpu_operator_cost) lets the planner run the
-- fits in parallel workers.
-- ---------------------------------------------------------------------

CREATE TYPE @extschema@.forecast_model;

CREATE FUNCTION @extschema@.forecast_model_in(cstring)
	RETURNS @extschema@.forecast_model
	AS 'MODULE_PATHNAME', 'forecast_model_in'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.forecast_model_in(cstring) IS
	'text input of forecast_model: the JSON object that forecast_model_out writes';

CREATE FUNCTION @extschema@.forecast_model_out(@extschema@.forecast_model)
	RETURNS cstring
	AS 'MODULE_PATHNAME', 'forecast_model_out'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.forecast_model_out(@extschema@.forecast_model) IS
	'text output of forecast_model: a JSON object whose numbers read back exactly';

CREATE TYPE @extschema@.forecast_model (
	INPUT = @extschema@.forecast_model_in,
	OUTPUT = @extschema@.forecast_model_out,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = int4,
	STORAGE = extended
);
COMMENT ON TYPE @extschema@.forecast_model IS
	'a fitted forecasting model (method, parameters, final states, residual variance, information criteria), made by forecast_fit and used by forecast_predict';

CREATE FUNCTION @extschema@.forecast(y float8[], horizon int,
									 method text DEFAULT 'auto',
									 season_length int DEFAULT 1)
	RETURNS float8[]
	AS 'MODULE_PATHNAME', 'forecast_array'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10000;
COMMENT ON FUNCTION @extschema@.forecast(float8[], int, text, int) IS
	'point forecasts for the next horizon periods of the equally spaced series y (oldest first) by method (auto = ETS chosen by AICc)';

CREATE FUNCTION @extschema@.forecast(y float8[], horizon int, method text,
									 season_length int, params jsonb)
	RETURNS float8[]
	AS 'MODULE_PATHNAME', 'forecast_array'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10000;
COMMENT ON FUNCTION @extschema@.forecast(float8[], int, text, int, jsonb) IS
	'point forecasts with fixed parameters, e.g. ''{"alpha": 0.1, "beta": 0.1}'' (keys alpha, beta, gamma, phi, k)';

CREATE FUNCTION @extschema@.forecast_table(y float8[], horizon int,
										   method text DEFAULT 'auto',
										   season_length int DEFAULT 1,
										   level float8 DEFAULT 95)
	RETURNS TABLE (step int, point float8, lower float8, upper float8)
	AS 'MODULE_PATHNAME', 'forecast_table'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10000 ROWS 28;
COMMENT ON FUNCTION @extschema@.forecast_table(float8[], int, text, int, float8) IS
	'point forecasts and a central prediction interval at level percent, one row per step (bounds NULL for methods without intervals)';

CREATE FUNCTION @extschema@.forecast_table(y float8[], horizon int,
										   method text, season_length int,
										   level float8, params jsonb)
	RETURNS TABLE (step int, point float8, lower float8, upper float8)
	AS 'MODULE_PATHNAME', 'forecast_table'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10000 ROWS 28;
COMMENT ON FUNCTION @extschema@.forecast_table(float8[], int, text, int, float8, jsonb) IS
	'forecast_table with fixed parameters (jsonb keys alpha, beta, gamma, phi, k)';

CREATE FUNCTION @extschema@.forecast_fit(y float8[],
										 method text DEFAULT 'auto',
										 season_length int DEFAULT 1)
	RETURNS @extschema@.forecast_model
	AS 'MODULE_PATHNAME', 'forecast_fit'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10000;
COMMENT ON FUNCTION @extschema@.forecast_fit(float8[], text, int) IS
	'fit a forecasting method to the series y and return the model, to store and to forecast from with forecast_predict';

CREATE FUNCTION @extschema@.forecast_fit(y float8[], method text,
										 season_length int, params jsonb)
	RETURNS @extschema@.forecast_model
	AS 'MODULE_PATHNAME', 'forecast_fit'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10000;
COMMENT ON FUNCTION @extschema@.forecast_fit(float8[], text, int, jsonb) IS
	'forecast_fit with fixed parameters (jsonb keys alpha, beta, gamma, phi, k)';

CREATE FUNCTION @extschema@.forecast_predict(model @extschema@.forecast_model,
											 horizon int,
											 level float8 DEFAULT 95)
	RETURNS TABLE (step int, point float8, lower float8, upper float8)
	AS 'MODULE_PATHNAME', 'forecast_predict'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 100 ROWS 28;
COMMENT ON FUNCTION @extschema@.forecast_predict(@extschema@.forecast_model, int, float8) IS
	'forecasts and a prediction interval at level percent from a fitted model, one row per step';

CREATE FUNCTION @extschema@.forecast_predict_array(model @extschema@.forecast_model,
												   horizon int)
	RETURNS float8[]
	AS 'MODULE_PATHNAME', 'forecast_predict_array'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 100;
COMMENT ON FUNCTION @extschema@.forecast_predict_array(@extschema@.forecast_model, int) IS
	'point forecasts for the next horizon periods from a fitted model';

CREATE FUNCTION @extschema@.forecast_model_json(model @extschema@.forecast_model)
	RETURNS jsonb
	AS 'MODULE_PATHNAME', 'forecast_model_json'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.forecast_model_json(@extschema@.forecast_model) IS
	'a fitted model as jsonb: method, fallback, parameters, states, seasonal indices, sigma2, loglik, aic, aicc, bic, mse, ETS components';

--
-- Forecast accuracy, demand classification and demand series
-- (src/accuracy.c, src/accuracy_fmgr.c)
--

-- ---------------------------------------------------------------------
-- Accuracy aggregates: support functions (one shared internal state)
-- ---------------------------------------------------------------------

CREATE FUNCTION @extschema@._acc_point_trans(internal, float8, float8)
	RETURNS internal
	AS 'MODULE_PATHNAME', 'logistics_acc_point_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._acc_point_trans(internal, float8, float8) IS
	'transition function of the point accuracy aggregates (actual, forecast)';

CREATE FUNCTION @extschema@._acc_scaled_trans(internal, float8, float8, float8)
	RETURNS internal
	AS 'MODULE_PATHNAME', 'logistics_acc_scaled_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._acc_scaled_trans(internal, float8, float8, float8) IS
	'transition function of mase and accuracy (actual, forecast, scale)';

CREATE FUNCTION @extschema@._acc_pinball_trans(internal, float8, float8, float8)
	RETURNS internal
	AS 'MODULE_PATHNAME', 'logistics_acc_pinball_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._acc_pinball_trans(internal, float8, float8, float8) IS
	'transition function of pinball_loss (actual, forecast, quantile)';

CREATE FUNCTION @extschema@._acc_coverage_trans(internal, float8, float8, float8)
	RETURNS internal
	AS 'MODULE_PATHNAME', 'logistics_acc_coverage_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._acc_coverage_trans(internal, float8, float8, float8) IS
	'transition function of coverage (actual, lower, upper)';

CREATE FUNCTION @extschema@._acc_msis_trans(internal, float8, float8, float8, float8, float8)
	RETURNS internal
	AS 'MODULE_PATHNAME', 'logistics_acc_msis_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._acc_msis_trans(internal, float8, float8, float8, float8, float8) IS
	'transition function of msis (actual, lower, upper, scale, alpha)';

CREATE FUNCTION @extschema@._acc_combine(internal, internal)
	RETURNS internal
	AS 'MODULE_PATHNAME', 'logistics_acc_combine'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._acc_combine(internal, internal) IS
	'combine function of the accuracy aggregates';

CREATE FUNCTION @extschema@._acc_serial(internal)
	RETURNS bytea
	AS 'MODULE_PATHNAME', 'logistics_acc_serial'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._acc_serial(internal) IS
	'serialize function of the accuracy aggregates';

CREATE FUNCTION @extschema@._acc_deserial(bytea, internal)
	RETURNS internal
	AS 'MODULE_PATHNAME', 'logistics_acc_deserial'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._acc_deserial(bytea, internal) IS
	'deserialize function of the accuracy aggregates';

CREATE FUNCTION @extschema@._acc_mae_final(internal) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_acc_mae_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._acc_mae_final(internal) IS
	'final function of the mae aggregate';

CREATE FUNCTION @extschema@._acc_rmse_final(internal) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_acc_rmse_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._acc_rmse_final(internal) IS
	'final function of the rmse aggregate';

CREATE FUNCTION @extschema@._acc_mape_final(internal) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_acc_mape_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._acc_mape_final(internal) IS
	'final function of the mape aggregate';

CREATE FUNCTION @extschema@._acc_smape_final(internal) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_acc_smape_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._acc_smape_final(internal) IS
	'final function of the smape aggregate';

CREATE FUNCTION @extschema@._acc_wape_final(internal) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_acc_wape_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._acc_wape_final(internal) IS
	'final function of the wape aggregate';

CREATE FUNCTION @extschema@._acc_bias_final(internal) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_acc_bias_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._acc_bias_final(internal) IS
	'final function of the bias aggregate';

CREATE FUNCTION @extschema@._acc_loss_final(internal) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_acc_loss_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._acc_loss_final(internal) IS
	'final function of the mase, pinball_loss and msis aggregates (mean loss)';

CREATE FUNCTION @extschema@._acc_coverage_final(internal) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_acc_coverage_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._acc_coverage_final(internal) IS
	'final function of the coverage aggregate';

-- ---------------------------------------------------------------------
-- Accuracy aggregates over (actual, forecast) rows
-- ---------------------------------------------------------------------

CREATE AGGREGATE @extschema@.mae(actual float8, forecast float8) (
	SFUNC = @extschema@._acc_point_trans, STYPE = internal,
	FINALFUNC = @extschema@._acc_mae_final,
	COMBINEFUNC = @extschema@._acc_combine,
	SERIALFUNC = @extschema@._acc_serial,
	DESERIALFUNC = @extschema@._acc_deserial,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.mae(float8, float8) IS
	'mean absolute error: avg(|forecast - actual|)';

CREATE AGGREGATE @extschema@.rmse(actual float8, forecast float8) (
	SFUNC = @extschema@._acc_point_trans, STYPE = internal,
	FINALFUNC = @extschema@._acc_rmse_final,
	COMBINEFUNC = @extschema@._acc_combine,
	SERIALFUNC = @extschema@._acc_serial,
	DESERIALFUNC = @extschema@._acc_deserial,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.rmse(float8, float8) IS
	'root mean squared error: sqrt(avg((forecast - actual)^2))';

CREATE AGGREGATE @extschema@.mape(actual float8, forecast float8) (
	SFUNC = @extschema@._acc_point_trans, STYPE = internal,
	FINALFUNC = @extschema@._acc_mape_final,
	COMBINEFUNC = @extschema@._acc_combine,
	SERIALFUNC = @extschema@._acc_serial,
	DESERIALFUNC = @extschema@._acc_deserial,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.mape(float8, float8) IS
	'mean absolute percentage error in percent, 100 avg(|forecast - actual| / |actual|), over rows with actual <> 0 (NULL if none)';

CREATE AGGREGATE @extschema@.smape(actual float8, forecast float8) (
	SFUNC = @extschema@._acc_point_trans, STYPE = internal,
	FINALFUNC = @extschema@._acc_smape_final,
	COMBINEFUNC = @extschema@._acc_combine,
	SERIALFUNC = @extschema@._acc_serial,
	DESERIALFUNC = @extschema@._acc_deserial,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.smape(float8, float8) IS
	'symmetric MAPE of M3/M4 in percent, avg(200 |forecast - actual| / (|actual| + |forecast|)), a 0/0 term counting 0';

CREATE AGGREGATE @extschema@.wape(actual float8, forecast float8) (
	SFUNC = @extschema@._acc_point_trans, STYPE = internal,
	FINALFUNC = @extschema@._acc_wape_final,
	COMBINEFUNC = @extschema@._acc_combine,
	SERIALFUNC = @extschema@._acc_serial,
	DESERIALFUNC = @extschema@._acc_deserial,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.wape(float8, float8) IS
	'weighted absolute percentage error in percent, 100 sum(|forecast - actual|) / sum(|actual|) (NULL if every actual is 0)';

CREATE AGGREGATE @extschema@.bias(actual float8, forecast float8) (
	SFUNC = @extschema@._acc_point_trans, STYPE = internal,
	FINALFUNC = @extschema@._acc_bias_final,
	COMBINEFUNC = @extschema@._acc_combine,
	SERIALFUNC = @extschema@._acc_serial,
	DESERIALFUNC = @extschema@._acc_deserial,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.bias(float8, float8) IS
	'mean error, forecast minus actual: avg(forecast - actual); positive means over-forecasting (R''s ME has the opposite sign)';

CREATE AGGREGATE @extschema@.mase(actual float8, forecast float8, scale float8) (
	SFUNC = @extschema@._acc_scaled_trans, STYPE = internal,
	FINALFUNC = @extschema@._acc_loss_final,
	COMBINEFUNC = @extschema@._acc_combine,
	SERIALFUNC = @extschema@._acc_serial,
	DESERIALFUNC = @extschema@._acc_deserial,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.mase(float8, float8, float8) IS
	'mean absolute scaled error: avg(|forecast - actual| / scale), scale from logistics.mase_scale(train, m); may vary by row (one per series)';

CREATE AGGREGATE @extschema@.pinball_loss(actual float8, forecast float8, quantile float8) (
	SFUNC = @extschema@._acc_pinball_trans, STYPE = internal,
	FINALFUNC = @extschema@._acc_loss_final,
	COMBINEFUNC = @extschema@._acc_combine,
	SERIALFUNC = @extschema@._acc_serial,
	DESERIALFUNC = @extschema@._acc_deserial,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.pinball_loss(float8, float8, float8) IS
	'mean pinball (quantile) loss of forecasts of the quantile q: q (actual - forecast) if actual >= forecast, else (1 - q) (forecast - actual)';

CREATE AGGREGATE @extschema@.coverage(actual float8, lower float8, upper float8) (
	SFUNC = @extschema@._acc_coverage_trans, STYPE = internal,
	FINALFUNC = @extschema@._acc_coverage_final,
	COMBINEFUNC = @extschema@._acc_combine,
	SERIALFUNC = @extschema@._acc_serial,
	DESERIALFUNC = @extschema@._acc_deserial,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.coverage(float8, float8, float8) IS
	'share (0..1) of rows whose actual lies in the prediction interval [lower, upper]';

CREATE AGGREGATE @extschema@.msis(actual float8, lower float8, upper float8, scale float8, alpha float8) (
	SFUNC = @extschema@._acc_msis_trans, STYPE = internal,
	FINALFUNC = @extschema@._acc_loss_final,
	COMBINEFUNC = @extschema@._acc_combine,
	SERIALFUNC = @extschema@._acc_serial,
	DESERIALFUNC = @extschema@._acc_deserial,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.msis(float8, float8, float8, float8, float8) IS
	'mean scaled interval score of M4 for (1 - alpha) prediction intervals: avg(((upper - lower) + 2/alpha (lower - actual)[actual < lower] + 2/alpha (actual - upper)[actual > upper]) / scale)';

-- ---------------------------------------------------------------------
-- All point measures at once
-- ---------------------------------------------------------------------

CREATE TYPE @extschema@.accuracy_measures AS (
	n bigint,
	mae float8,
	rmse float8,
	mape float8,
	smape float8,
	wape float8,
	bias float8,
	mase float8
);
COMMENT ON TYPE @extschema@.accuracy_measures IS
	'forecast accuracy of a set of (actual, forecast) pairs: count, MAE, RMSE, MAPE %, sMAPE %, WAPE %, bias (forecast - actual), MASE';

CREATE FUNCTION @extschema@._acc_accuracy_final(internal)
	RETURNS @extschema@.accuracy_measures
	AS 'MODULE_PATHNAME', 'logistics_acc_accuracy_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._acc_accuracy_final(internal) IS
	'final function of the accuracy aggregate without a scale';

CREATE FUNCTION @extschema@._acc_accuracy_scaled_final(internal)
	RETURNS @extschema@.accuracy_measures
	AS 'MODULE_PATHNAME', 'logistics_acc_accuracy_scaled_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._acc_accuracy_scaled_final(internal) IS
	'final function of the accuracy aggregate with a scale';

CREATE AGGREGATE @extschema@.accuracy(actual float8, forecast float8) (
	SFUNC = @extschema@._acc_point_trans, STYPE = internal,
	FINALFUNC = @extschema@._acc_accuracy_final,
	COMBINEFUNC = @extschema@._acc_combine,
	SERIALFUNC = @extschema@._acc_serial,
	DESERIALFUNC = @extschema@._acc_deserial,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.accuracy(float8, float8) IS
	'every point accuracy measure of the group as a logistics.accuracy_measures (mase NULL)';

CREATE AGGREGATE @extschema@.accuracy(actual float8, forecast float8, scale float8) (
	SFUNC = @extschema@._acc_scaled_trans, STYPE = internal,
	FINALFUNC = @extschema@._acc_accuracy_scaled_final,
	COMBINEFUNC = @extschema@._acc_combine,
	SERIALFUNC = @extschema@._acc_serial,
	DESERIALFUNC = @extschema@._acc_deserial,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.accuracy(float8, float8, float8) IS
	'every point accuracy measure of the group and MASE with the given scale, as a logistics.accuracy_measures';

-- ---------------------------------------------------------------------
-- The same measures over arrays (actual, forecast of equal length)
-- ---------------------------------------------------------------------

CREATE FUNCTION @extschema@.mae(actual float8[], forecast float8[]) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_mae_array'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.mae(float8[], float8[]) IS
	'mean absolute error of two equally long arrays';

CREATE FUNCTION @extschema@.rmse(actual float8[], forecast float8[]) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_rmse_array'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rmse(float8[], float8[]) IS
	'root mean squared error of two equally long arrays';

CREATE FUNCTION @extschema@.mape(actual float8[], forecast float8[]) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_mape_array'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.mape(float8[], float8[]) IS
	'mean absolute percentage error in percent over the elements with actual <> 0';

CREATE FUNCTION @extschema@.smape(actual float8[], forecast float8[]) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_smape_array'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.smape(float8[], float8[]) IS
	'symmetric MAPE of M3/M4 in percent (0/0 counts 0)';

CREATE FUNCTION @extschema@.wape(actual float8[], forecast float8[]) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_wape_array'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.wape(float8[], float8[]) IS
	'weighted absolute percentage error in percent: 100 sum|e| / sum|actual|';

CREATE FUNCTION @extschema@.bias(actual float8[], forecast float8[]) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_bias_array'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.bias(float8[], float8[]) IS
	'mean error, forecast minus actual';

CREATE FUNCTION @extschema@.mase_scale(train float8[], m int DEFAULT 1) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_mase_scale'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.mase_scale(float8[], int) IS
	'in-sample MAE of the seasonal naive forecast with lag m, the scale of MASE and MSIS (NULL if the series is constant at lag m)';

CREATE FUNCTION @extschema@.mase(actual float8[], forecast float8[], train float8[], m int DEFAULT 1)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_mase_array'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.mase(float8[], float8[], float8[], int) IS
	'mean absolute scaled error: MAE / mase_scale(train, m)';

CREATE FUNCTION @extschema@.pinball_loss(actual float8[], forecast float8[], quantile float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_pinball_array'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.pinball_loss(float8[], float8[], float8) IS
	'mean pinball loss of forecasts of the quantile q';

CREATE FUNCTION @extschema@.coverage(actual float8[], lower float8[], upper float8[])
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_coverage_array'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.coverage(float8[], float8[], float8[]) IS
	'share (0..1) of actuals inside [lower, upper]';

CREATE FUNCTION @extschema@.msis(actual float8[], lower float8[], upper float8[], train float8[],
								 m int DEFAULT 1, alpha float8 DEFAULT 0.05)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_msis_array'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.msis(float8[], float8[], float8[], float8[], int, float8) IS
	'mean scaled interval score of M4: mean interval score / mase_scale(train, m)';

CREATE FUNCTION @extschema@.accuracy(actual float8[], forecast float8[])
	RETURNS @extschema@.accuracy_measures
	AS 'MODULE_PATHNAME', 'logistics_accuracy_array'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.accuracy(float8[], float8[]) IS
	'every point accuracy measure of two equally long arrays (mase NULL)';

CREATE FUNCTION @extschema@.accuracy(actual float8[], forecast float8[], train float8[], m int DEFAULT 1)
	RETURNS @extschema@.accuracy_measures
	AS 'MODULE_PATHNAME', 'logistics_accuracy_array_scaled'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.accuracy(float8[], float8[], float8[], int) IS
	'every point accuracy measure of two equally long arrays and MASE scaled by mase_scale(train, m)';

-- ---------------------------------------------------------------------
-- Demand classification (Syntetos, Boylan & Croston 2005)
-- ---------------------------------------------------------------------

CREATE FUNCTION @extschema@.demand_class(y float8[]) RETURNS text
	AS 'MODULE_PATHNAME', 'logistics_demand_class'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.demand_class(float8[]) IS
	'Syntetos-Boylan-Croston class of a demand series: smooth, erratic, intermittent or lumpy (ADI = n / non-zero periods, cut-off 1.32; CV^2 of non-zero sizes, cut-off 0.49); NULL without demand';

CREATE FUNCTION @extschema@.demand_profile(y float8[], OUT n int, OUT nonzero int,
										   OUT adi float8, OUT cv2 float8, OUT class text)
	AS 'MODULE_PATHNAME', 'logistics_demand_profile'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.demand_profile(float8[]) IS
	'periods, non-zero periods, ADI, CV^2 of the non-zero sizes and the Syntetos-Boylan-Croston class of a demand series';

-- ---------------------------------------------------------------------
-- demand_series: order lines to an equally spaced demand series
-- ---------------------------------------------------------------------

-- STABLE: bucket starts with days or months follow the session TimeZone.
CREATE FUNCTION @extschema@._demand_series_trans(internal, timestamptz, float8, interval,
												 timestamptz, timestamptz)
	RETURNS internal
	AS 'MODULE_PATHNAME', 'logistics_demand_series_trans'
	LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._demand_series_trans(internal, timestamptz, float8, interval, timestamptz, timestamptz) IS
	'transition function of demand_series';

CREATE FUNCTION @extschema@._demand_series_combine(internal, internal)
	RETURNS internal
	AS 'MODULE_PATHNAME', 'logistics_demand_series_combine'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._demand_series_combine(internal, internal) IS
	'combine function of demand_series';

CREATE FUNCTION @extschema@._demand_series_serial(internal)
	RETURNS bytea
	AS 'MODULE_PATHNAME', 'logistics_demand_series_serial'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._demand_series_serial(internal) IS
	'serialize function of demand_series';

CREATE FUNCTION @extschema@._demand_series_deserial(bytea, internal)
	RETURNS internal
	AS 'MODULE_PATHNAME', 'logistics_demand_series_deserial'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._demand_series_deserial(bytea, internal) IS
	'deserialize function of demand_series';

CREATE FUNCTION @extschema@._demand_series_final(internal)
	RETURNS float8[]
	AS 'MODULE_PATHNAME', 'logistics_demand_series_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._demand_series_final(internal) IS
	'final function of demand_series';

CREATE AGGREGATE @extschema@.demand_series(ts timestamptz, qty float8, bucket interval,
										   from_ts timestamptz, to_ts timestamptz) (
	SFUNC = @extschema@._demand_series_trans, STYPE = internal,
	FINALFUNC = @extschema@._demand_series_final,
	COMBINEFUNC = @extschema@._demand_series_combine,
	SERIALFUNC = @extschema@._demand_series_serial,
	DESERIALFUNC = @extschema@._demand_series_deserial,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.demand_series(timestamptz, float8, interval, timestamptz, timestamptz) IS
	'sums qty into the buckets [from_ts + k bucket, from_ts + (k+1) bucket) covering [from_ts, to_ts), zero-filled; rows outside the range are ignored; at most 100000 buckets';
