
--
-- Inventory analytics (inventory.c, inventory_fmgr.c; the aggregates in
-- snapshot_fmgr.c, movement_fmgr.c, demand_cv_fmgr.c).
--

-- Ratios ---------------------------------------------------------------

CREATE FUNCTION @extschema@.inventory_turnover(cogs float8, avg_inventory float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_inventory_turnover'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.inventory_turnover(float8, float8) IS
	'inventory turnover: cost of goods sold / average inventory (same money unit); NULL when the average inventory is 0';

CREATE FUNCTION @extschema@.days_of_supply(on_hand float8, avg_daily_demand float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_days_of_supply'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.days_of_supply(float8, float8) IS
	'days of supply: units on hand / average units demanded per day; NULL when demand is 0';

CREATE FUNCTION @extschema@.gmroi(gross_margin float8, avg_inventory_cost float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_gmroi'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.gmroi(float8, float8) IS
	'gross margin return on inventory investment: gross margin / average inventory at cost; NULL when the inventory cost is 0';

CREATE FUNCTION @extschema@.sell_through(units_sold float8, units_received float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_sell_through'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.sell_through(float8, float8) IS
	'sell-through rate: units sold / units received (a fraction); NULL when nothing was received';

-- Snapshot aggregates (last observation carried forward) ------------------

CREATE FUNCTION @extschema@._inv_series_trans(internal, timestamptz, float8, timestamptz)
	RETURNS internal
	AS 'MODULE_PATHNAME', 'logistics_inv_series_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._inv_series_trans(internal, timestamptz, float8, timestamptz) IS
	'transition function of time_weighted_avg and stockout_rate';

CREATE FUNCTION @extschema@._inv_turnover_trans(internal, timestamptz, float8, float8, timestamptz)
	RETURNS internal
	AS 'MODULE_PATHNAME', 'logistics_inv_turnover_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._inv_turnover_trans(internal, timestamptz, float8, float8, timestamptz) IS
	'transition function of the inventory_turnover aggregate';

CREATE FUNCTION @extschema@._inv_series_combine(internal, internal)
	RETURNS internal
	AS 'MODULE_PATHNAME', 'logistics_inv_series_combine'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._inv_series_combine(internal, internal) IS
	'combine function of the snapshot aggregates';

CREATE FUNCTION @extschema@._inv_series_serial(internal)
	RETURNS bytea
	AS 'MODULE_PATHNAME', 'logistics_inv_series_serial'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._inv_series_serial(internal) IS
	'serialize function of the snapshot aggregates';

CREATE FUNCTION @extschema@._inv_series_deserial(bytea, internal)
	RETURNS internal
	AS 'MODULE_PATHNAME', 'logistics_inv_series_deserial'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._inv_series_deserial(bytea, internal) IS
	'deserialize function of the snapshot aggregates';

CREATE FUNCTION @extschema@._inv_twa_final(internal)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_inv_twa_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._inv_twa_final(internal) IS
	'final function of time_weighted_avg';

CREATE FUNCTION @extschema@._inv_stockout_final(internal)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_inv_stockout_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._inv_stockout_final(internal) IS
	'final function of stockout_rate';

CREATE FUNCTION @extschema@._inv_turnover_final(internal)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_inv_turnover_final'
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
	AS 'MODULE_PATHNAME', 'logistics_inv_series_trans_noend'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._inv_series_trans_noend(internal, timestamptz, float8) IS
	'transition function of time_weighted_avg_linear';

CREATE FUNCTION @extschema@._inv_twa_linear_final(internal)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_inv_twa_linear_final'
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

-- The state of ledger_avg_level: (n, weighted, opening, start, end), the
-- sum of delta (end - ts) in microseconds and the period in microseconds
-- since 2000.  A real type rather than internal, so that Citus can ship
-- partial states between nodes as text (doc/citus.md).
CREATE TYPE @extschema@.ledger_avg_state;

CREATE FUNCTION @extschema@.ledger_avg_state_in(cstring) RETURNS @extschema@.ledger_avg_state
	AS 'MODULE_PATHNAME', 'logistics_ledger_avg_state_in'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ledger_avg_state_in(cstring) IS
	'input function of ledger_avg_state';

CREATE FUNCTION @extschema@.ledger_avg_state_out(@extschema@.ledger_avg_state) RETURNS cstring
	AS 'MODULE_PATHNAME', 'logistics_ledger_avg_state_out'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ledger_avg_state_out(@extschema@.ledger_avg_state) IS
	'output function of ledger_avg_state';

CREATE FUNCTION @extschema@.ledger_avg_state_recv(internal) RETURNS @extschema@.ledger_avg_state
	AS 'MODULE_PATHNAME', 'logistics_ledger_avg_state_recv'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ledger_avg_state_recv(internal) IS
	'binary input function of ledger_avg_state';

CREATE FUNCTION @extschema@.ledger_avg_state_send(@extschema@.ledger_avg_state) RETURNS bytea
	AS 'MODULE_PATHNAME', 'logistics_ledger_avg_state_send'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ledger_avg_state_send(@extschema@.ledger_avg_state) IS
	'binary output function of ledger_avg_state';

CREATE TYPE @extschema@.ledger_avg_state (
	INPUT = @extschema@.ledger_avg_state_in,
	OUTPUT = @extschema@.ledger_avg_state_out,
	RECEIVE = @extschema@.ledger_avg_state_recv,
	SEND = @extschema@.ledger_avg_state_send,
	INTERNALLENGTH = 40,
	ALIGNMENT = double
);
COMMENT ON TYPE @extschema@.ledger_avg_state IS
	'state of ledger_avg_level: (n,weighted,opening_level,period_start,period_end), times in microseconds since 2000-01-01 UTC';

-- Ledger aggregates ---------------------------------------------------

CREATE FUNCTION @extschema@._inv_ledger_trans(@extschema@.ledger_avg_state, timestamptz, float8, float8, timestamptz, timestamptz)
	RETURNS @extschema@.ledger_avg_state
	AS 'MODULE_PATHNAME', 'logistics_inv_ledger_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._inv_ledger_trans(@extschema@.ledger_avg_state, timestamptz, float8, float8, timestamptz, timestamptz) IS
	'transition function of ledger_avg_level';

CREATE FUNCTION @extschema@._inv_ledger_combine(@extschema@.ledger_avg_state, @extschema@.ledger_avg_state)
	RETURNS @extschema@.ledger_avg_state
	AS 'MODULE_PATHNAME', 'logistics_inv_ledger_combine'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._inv_ledger_combine(@extschema@.ledger_avg_state, @extschema@.ledger_avg_state) IS
	'combine function of ledger_avg_level';

CREATE FUNCTION @extschema@._inv_ledger_final(@extschema@.ledger_avg_state)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_inv_ledger_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._inv_ledger_final(@extschema@.ledger_avg_state) IS
	'final function of ledger_avg_level';

CREATE AGGREGATE @extschema@.ledger_avg_level(ts timestamptz, delta float8, opening_level float8, period_start timestamptz, period_end timestamptz) (
	SFUNC = @extschema@._inv_ledger_trans,
	STYPE = @extschema@.ledger_avg_state,
	FINALFUNC = @extschema@._inv_ledger_final,
	COMBINEFUNC = @extschema@._inv_ledger_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.ledger_avg_level(timestamptz, float8, float8, timestamptz, timestamptz) IS
	'time-weighted average level over [period_start, period_end] from a movement ledger: opening_level plus the running sum of deltas; rows in any order, fixed-size state';

-- The state of inventory_aging: (n,as_of,nbounds,bounds[32],recv[33],
-- issued), receipts by age bucket and the units issued, as_of in
-- microseconds since 2000-01-01 UTC; unused bounds and buckets are 0.  A
-- real type rather than internal, so that Citus can ship partial states
-- between nodes as text and split the aggregate grouped by any column into
-- worker partials and a coordinator combine (doc/citus.md).
CREATE TYPE @extschema@.aging_state;

CREATE FUNCTION @extschema@.aging_state_in(cstring) RETURNS @extschema@.aging_state
	AS 'MODULE_PATHNAME', 'logistics_aging_state_in'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.aging_state_in(cstring) IS
	'input function of aging_state';

CREATE FUNCTION @extschema@.aging_state_out(@extschema@.aging_state) RETURNS cstring
	AS 'MODULE_PATHNAME', 'logistics_aging_state_out'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.aging_state_out(@extschema@.aging_state) IS
	'output function of aging_state';

CREATE FUNCTION @extschema@.aging_state_recv(internal) RETURNS @extschema@.aging_state
	AS 'MODULE_PATHNAME', 'logistics_aging_state_recv'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.aging_state_recv(internal) IS
	'binary input function of aging_state';

CREATE FUNCTION @extschema@.aging_state_send(@extschema@.aging_state) RETURNS bytea
	AS 'MODULE_PATHNAME', 'logistics_aging_state_send'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.aging_state_send(@extschema@.aging_state) IS
	'binary output function of aging_state';

CREATE TYPE @extschema@.aging_state (
	INPUT = @extschema@.aging_state_in,
	OUTPUT = @extschema@.aging_state_out,
	RECEIVE = @extschema@.aging_state_recv,
	SEND = @extschema@.aging_state_send,
	INTERNALLENGTH = 552,
	ALIGNMENT = double
);
COMMENT ON TYPE @extschema@.aging_state IS
	'state of inventory_aging: (n,as_of,nbounds, 32 bounds, 33 receipts by bucket, issued)';

CREATE FUNCTION @extschema@._inv_aging_trans(@extschema@.aging_state, timestamptz, float8, timestamptz)
	RETURNS @extschema@.aging_state
	AS 'MODULE_PATHNAME', 'logistics_inv_aging_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._inv_aging_trans(@extschema@.aging_state, timestamptz, float8, timestamptz) IS
	'transition function of inventory_aging with the default buckets';

CREATE FUNCTION @extschema@._inv_aging_trans(@extschema@.aging_state, timestamptz, float8, timestamptz, float8[])
	RETURNS @extschema@.aging_state
	AS 'MODULE_PATHNAME', 'logistics_inv_aging_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._inv_aging_trans(@extschema@.aging_state, timestamptz, float8, timestamptz, float8[]) IS
	'transition function of inventory_aging';

CREATE FUNCTION @extschema@._inv_aging_combine(@extschema@.aging_state, @extschema@.aging_state)
	RETURNS @extschema@.aging_state
	AS 'MODULE_PATHNAME', 'logistics_inv_aging_combine'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._inv_aging_combine(@extschema@.aging_state, @extschema@.aging_state) IS
	'combine function of inventory_aging';

CREATE FUNCTION @extschema@._inv_aging_final(@extschema@.aging_state)
	RETURNS float8[]
	AS 'MODULE_PATHNAME', 'logistics_inv_aging_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._inv_aging_final(@extschema@.aging_state) IS
	'final function of inventory_aging';

CREATE AGGREGATE @extschema@.inventory_aging(ts timestamptz, qty float8, as_of timestamptz, bucket_days float8[]) (
	SFUNC = @extschema@._inv_aging_trans,
	STYPE = @extschema@.aging_state,
	FINALFUNC = @extschema@._inv_aging_final,
	COMBINEFUNC = @extschema@._inv_aging_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.inventory_aging(timestamptz, float8, timestamptz, float8[]) IS
	'units on hand at as_of by age bucket (youngest first), consuming receipts first-in-first-out; bucket_days are the increasing bucket boundaries in days';

CREATE AGGREGATE @extschema@.inventory_aging(ts timestamptz, qty float8, as_of timestamptz) (
	SFUNC = @extschema@._inv_aging_trans,
	STYPE = @extschema@.aging_state,
	FINALFUNC = @extschema@._inv_aging_final,
	COMBINEFUNC = @extschema@._inv_aging_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.inventory_aging(timestamptz, float8, timestamptz) IS
	'units on hand at as_of in the age buckets 0-30, 30-60, 60-90 and 90+ days, consuming receipts first-in-first-out';

-- Classification --------------------------------------------------------

-- The state of demand_cv: (n, mean, m2, n_periods or -1), Welford's running
-- mean and sum of squared deviations.  A real type rather than internal, so
-- that Citus can ship partial states between nodes as text (doc/citus.md).
CREATE TYPE @extschema@.demand_cv_state;

CREATE FUNCTION @extschema@.demand_cv_state_in(cstring) RETURNS @extschema@.demand_cv_state
	AS 'MODULE_PATHNAME', 'logistics_demand_cv_state_in'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.demand_cv_state_in(cstring) IS
	'input function of demand_cv_state';

CREATE FUNCTION @extschema@.demand_cv_state_out(@extschema@.demand_cv_state) RETURNS cstring
	AS 'MODULE_PATHNAME', 'logistics_demand_cv_state_out'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.demand_cv_state_out(@extschema@.demand_cv_state) IS
	'output function of demand_cv_state';

CREATE FUNCTION @extschema@.demand_cv_state_recv(internal) RETURNS @extschema@.demand_cv_state
	AS 'MODULE_PATHNAME', 'logistics_demand_cv_state_recv'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.demand_cv_state_recv(internal) IS
	'binary input function of demand_cv_state';

CREATE FUNCTION @extschema@.demand_cv_state_send(@extschema@.demand_cv_state) RETURNS bytea
	AS 'MODULE_PATHNAME', 'logistics_demand_cv_state_send'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.demand_cv_state_send(@extschema@.demand_cv_state) IS
	'binary output function of demand_cv_state';

CREATE TYPE @extschema@.demand_cv_state (
	INPUT = @extschema@.demand_cv_state_in,
	OUTPUT = @extschema@.demand_cv_state_out,
	RECEIVE = @extschema@.demand_cv_state_recv,
	SEND = @extschema@.demand_cv_state_send,
	INTERNALLENGTH = 32,
	ALIGNMENT = double
);
COMMENT ON TYPE @extschema@.demand_cv_state IS
	'state of demand_cv: (n,mean,sum of squared deviations,n_periods or -1)';

CREATE FUNCTION @extschema@._inv_cv_trans(@extschema@.demand_cv_state, float8)
	RETURNS @extschema@.demand_cv_state
	AS 'MODULE_PATHNAME', 'logistics_inv_cv_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._inv_cv_trans(@extschema@.demand_cv_state, float8) IS
	'transition function of demand_cv';

CREATE FUNCTION @extschema@._inv_cv_trans(@extschema@.demand_cv_state, float8, bigint)
	RETURNS @extschema@.demand_cv_state
	AS 'MODULE_PATHNAME', 'logistics_inv_cv_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._inv_cv_trans(@extschema@.demand_cv_state, float8, bigint) IS
	'transition function of demand_cv with a number of periods';

CREATE FUNCTION @extschema@._inv_cv_combine(@extschema@.demand_cv_state, @extschema@.demand_cv_state)
	RETURNS @extschema@.demand_cv_state
	AS 'MODULE_PATHNAME', 'logistics_inv_cv_combine'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._inv_cv_combine(@extschema@.demand_cv_state, @extschema@.demand_cv_state) IS
	'combine function of demand_cv';

CREATE FUNCTION @extschema@._inv_cv_final(@extschema@.demand_cv_state)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_inv_cv_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._inv_cv_final(@extschema@.demand_cv_state) IS
	'final function of demand_cv';

CREATE AGGREGATE @extschema@.demand_cv(qty float8) (
	SFUNC = @extschema@._inv_cv_trans,
	STYPE = @extschema@.demand_cv_state,
	FINALFUNC = @extschema@._inv_cv_final,
	COMBINEFUNC = @extschema@._inv_cv_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.demand_cv(float8) IS
	'coefficient of variation of demand: sample standard deviation / mean of the rows';

CREATE AGGREGATE @extschema@.demand_cv(qty float8, n_periods bigint) (
	SFUNC = @extschema@._inv_cv_trans,
	STYPE = @extschema@.demand_cv_state,
	FINALFUNC = @extschema@._inv_cv_final,
	COMBINEFUNC = @extschema@._inv_cv_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.demand_cv(float8, bigint) IS
	'coefficient of variation of demand over n_periods periods, the periods without a row counting as zero demand';

CREATE FUNCTION @extschema@.xyz_class(cv float8, x float8 DEFAULT 0.5, y float8 DEFAULT 1.0)
	RETURNS text
	AS 'MODULE_PATHNAME', 'logistics_xyz_class'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.xyz_class(float8, float8, float8) IS
	'XYZ class of a demand coefficient of variation: X if cv <= x, Y if cv <= y, else Z';

CREATE FUNCTION @extschema@.abc_class(value float8, a_share float8 DEFAULT 0.8, b_share float8 DEFAULT 0.95)
	RETURNS text
	AS 'MODULE_PATHNAME', 'logistics_abc_class'
	LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.abc_class(float8, float8, float8) IS
	'window function: ABC class of each row''s value within its partition (Pareto on the cumulative share of value, largest first; equal values share a class)';

-- Safety stock and reorder points -----------------------------------------

CREATE FUNCTION @extschema@.safety_stock(service_level float8, demand_mean float8, demand_sd float8, lead_time float8, lead_time_sd float8 DEFAULT 0)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_safety_stock'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.safety_stock(float8, float8, float8, float8, float8) IS
	'safety stock for a cycle service level: z sqrt(L sd^2 + d^2 sd_L^2), z = Phi^-1(service_level); demand per period, lead time in periods';

CREATE FUNCTION @extschema@.reorder_point(service_level float8, demand_mean float8, demand_sd float8, lead_time float8, lead_time_sd float8 DEFAULT 0)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_reorder_point'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.reorder_point(float8, float8, float8, float8, float8) IS
	'reorder point for a cycle service level: d L + safety_stock(...)';

CREATE FUNCTION @extschema@.safety_stock_fill_rate(fill_rate float8, order_quantity float8, demand_mean float8, demand_sd float8, lead_time float8, lead_time_sd float8 DEFAULT 0)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_safety_stock_fill_rate'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.safety_stock_fill_rate(float8, float8, float8, float8, float8, float8) IS
	'safety stock for a fill rate (beta service): k sigma_L with L(k) = Q (1 - fill_rate) / sigma_L, L the standard normal loss function';

CREATE FUNCTION @extschema@.reorder_point_fill_rate(fill_rate float8, order_quantity float8, demand_mean float8, demand_sd float8, lead_time float8, lead_time_sd float8 DEFAULT 0)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_reorder_point_fill_rate'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.reorder_point_fill_rate(float8, float8, float8, float8, float8, float8) IS
	'reorder point for a fill rate: d L + safety_stock_fill_rate(...)';

CREATE FUNCTION @extschema@.expected_units_short(service_level float8, demand_mean float8, demand_sd float8, lead_time float8, lead_time_sd float8 DEFAULT 0)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_expected_units_short'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.expected_units_short(float8, float8, float8, float8, float8) IS
	'expected units short per replenishment cycle at a cycle service level: sigma_L L(z)';

CREATE FUNCTION @extschema@.expected_fill_rate(service_level float8, order_quantity float8, demand_mean float8, demand_sd float8, lead_time float8, lead_time_sd float8 DEFAULT 0)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_expected_fill_rate'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.expected_fill_rate(float8, float8, float8, float8, float8, float8) IS
	'fill rate implied by a cycle service level and an order quantity: 1 - sigma_L L(z) / Q';

-- Order quantities ------------------------------------------------------

CREATE FUNCTION @extschema@.eoq(annual_demand float8, order_cost float8, holding_cost float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_eoq'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.eoq(float8, float8, float8) IS
	'economic order quantity sqrt(2 D K / h): D units per year, K per order, h per unit per year';

CREATE FUNCTION @extschema@.eoq_cost(annual_demand float8, order_cost float8, holding_cost float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_eoq_cost_opt'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.eoq_cost(float8, float8, float8) IS
	'annual ordering plus holding cost at the economic order quantity: sqrt(2 D K h)';

CREATE FUNCTION @extschema@.eoq_cost(annual_demand float8, order_cost float8, holding_cost float8, order_quantity float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_eoq_cost'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.eoq_cost(float8, float8, float8, float8) IS
	'annual ordering plus holding cost of order quantity Q: K D / Q + h Q / 2';

CREATE FUNCTION @extschema@.eoq_backorder(annual_demand float8, order_cost float8, holding_cost float8, backorder_cost float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_eoq_backorder'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.eoq_backorder(float8, float8, float8, float8) IS
	'EOQ with planned backorders: sqrt(2 K D (h + p) / (h p)), p per unit backordered per year';

CREATE FUNCTION @extschema@.eoq_backorder_cost(annual_demand float8, order_cost float8, holding_cost float8, backorder_cost float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_eoq_backorder_cost_opt'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.eoq_backorder_cost(float8, float8, float8, float8) IS
	'optimal annual cost with planned backorders: sqrt(2 K D h p / (h + p))';

CREATE FUNCTION @extschema@.eoq_backorder_cost(annual_demand float8, order_cost float8, holding_cost float8, backorder_cost float8, order_quantity float8, backorder_fraction float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_eoq_backorder_cost'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.eoq_backorder_cost(float8, float8, float8, float8, float8, float8) IS
	'annual cost with order quantity Q and a fraction x of each cycle backordered: h (Q(1-x))^2/(2Q) + p (Qx)^2/(2Q) + K D / Q';

CREATE FUNCTION @extschema@.epq(annual_demand float8, order_cost float8, holding_cost float8, production_rate float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_epq'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.epq(float8, float8, float8, float8) IS
	'economic production quantity (finite production rate P > D, units per year): sqrt(2 K D / (h (1 - D/P)))';

CREATE FUNCTION @extschema@.epq_cost(annual_demand float8, order_cost float8, holding_cost float8, production_rate float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_epq_cost_opt'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.epq_cost(float8, float8, float8, float8) IS
	'optimal annual setup plus holding cost with a finite production rate: sqrt(2 K D h (1 - D/P))';

CREATE FUNCTION @extschema@.epq_cost(annual_demand float8, order_cost float8, holding_cost float8, production_rate float8, order_quantity float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_epq_cost'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.epq_cost(float8, float8, float8, float8, float8) IS
	'annual setup plus holding cost of batch size Q with a finite production rate: K D / Q + h (1 - D/P) Q / 2';

CREATE FUNCTION @extschema@.eoq_all_units(annual_demand float8, order_cost float8, holding_rate float8, breakpoints float8[], unit_costs float8[])
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_eoq_all_units'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.eoq_all_units(float8, float8, float8, float8[], float8[]) IS
	'optimal order quantity under all-units quantity discounts: unit_costs[j] applies to every unit when Q >= breakpoints[j]; holding cost = holding_rate * unit cost';

CREATE FUNCTION @extschema@.eoq_all_units_cost(annual_demand float8, order_cost float8, holding_rate float8, breakpoints float8[], unit_costs float8[])
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_eoq_all_units_cost'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.eoq_all_units_cost(float8, float8, float8, float8[], float8[]) IS
	'annual cost at the optimal all-units discount order quantity, purchase cost included: c D + K D / Q + i c Q / 2';

CREATE FUNCTION @extschema@.eoq_incremental(annual_demand float8, order_cost float8, holding_rate float8, breakpoints float8[], unit_costs float8[])
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_eoq_incremental'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.eoq_incremental(float8, float8, float8, float8[], float8[]) IS
	'optimal order quantity under incremental quantity discounts: unit_costs[j] applies to the units beyond breakpoints[j]; holding cost = holding_rate * average unit cost';

CREATE FUNCTION @extschema@.eoq_incremental_cost(annual_demand float8, order_cost float8, holding_rate float8, breakpoints float8[], unit_costs float8[])
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_eoq_incremental_cost'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.eoq_incremental_cost(float8, float8, float8, float8[], float8[]) IS
	'annual cost at the optimal incremental-discount order quantity, purchase cost included';

-- Newsvendor ------------------------------------------------------------

CREATE FUNCTION @extschema@.newsvendor(demand_mean float8, demand_sd float8, underage_cost float8, overage_cost float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_newsvendor'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.newsvendor(float8, float8, float8, float8) IS
	'newsvendor order quantity for normal demand: mean + sd Phi^-1(cu / (cu + co))';

CREATE FUNCTION @extschema@.newsvendor_cost(demand_mean float8, demand_sd float8, underage_cost float8, overage_cost float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_newsvendor_cost_opt'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.newsvendor_cost(float8, float8, float8, float8) IS
	'expected overage plus underage cost at the newsvendor quantity: (cu + co) sd phi(z)';

CREATE FUNCTION @extschema@.newsvendor_cost(demand_mean float8, demand_sd float8, underage_cost float8, overage_cost float8, stock float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_newsvendor_cost'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.newsvendor_cost(float8, float8, float8, float8, float8) IS
	'expected overage plus underage cost of stocking S against normal demand: co E[(S-D)+] + cu E[(D-S)+]';

CREATE FUNCTION @extschema@.newsvendor_profit(demand_mean float8, demand_sd float8, price float8, unit_cost float8, salvage float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_newsvendor_profit'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.newsvendor_profit(float8, float8, float8, float8, float8) IS
	'expected profit at the newsvendor quantity with price r, unit cost c and salvage value v: (r - c) mean - newsvendor_cost(mean, sd, r - c, c - v)';

CREATE FUNCTION @extschema@.newsvendor_profit(demand_mean float8, demand_sd float8, price float8, unit_cost float8, salvage float8, stock float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_newsvendor_profit'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.newsvendor_profit(float8, float8, float8, float8, float8, float8) IS
	'expected profit of stocking S with price r, unit cost c and salvage value v: (r - c) mean - newsvendor_cost(mean, sd, r - c, c - v, S)';

CREATE FUNCTION @extschema@.newsvendor_fill_rate(demand_mean float8, demand_sd float8, stock float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_newsvendor_fill_rate'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.newsvendor_fill_rate(float8, float8, float8) IS
	'expected share of normal demand met from stock S: 1 - sd L((S - mean)/sd) / mean';

-- Dynamic lot sizing -------------------------------------------------------

CREATE FUNCTION @extschema@.wagner_whitin(demand float8[], order_cost float8, holding_cost float8)
	RETURNS float8[]
	AS 'MODULE_PATHNAME', 'logistics_wagner_whitin'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10000;
COMMENT ON FUNCTION @extschema@.wagner_whitin(float8[], float8, float8) IS
	'Wagner-Whitin lot sizing: the order quantity of each period that meets every period''s demand at least fixed plus holding cost (holding per unit per period carried)';

CREATE FUNCTION @extschema@.wagner_whitin(demand float8[], order_cost float8, holding_cost float8, unit_costs float8[])
	RETURNS float8[]
	AS 'MODULE_PATHNAME', 'logistics_wagner_whitin'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10000;
COMMENT ON FUNCTION @extschema@.wagner_whitin(float8[], float8, float8, float8[]) IS
	'Wagner-Whitin lot sizing with a purchase cost per unit that depends on the period of the order';

CREATE FUNCTION @extschema@.wagner_whitin_cost(demand float8[], order_cost float8, holding_cost float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_wagner_whitin_cost'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10000;
COMMENT ON FUNCTION @extschema@.wagner_whitin_cost(float8[], float8, float8) IS
	'total fixed plus holding cost of the Wagner-Whitin plan';

CREATE FUNCTION @extschema@.wagner_whitin_cost(demand float8[], order_cost float8, holding_cost float8, unit_costs float8[])
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_wagner_whitin_cost'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10000;
COMMENT ON FUNCTION @extschema@.wagner_whitin_cost(float8[], float8, float8, float8[]) IS
	'total fixed, holding and purchase cost of the Wagner-Whitin plan with period unit costs';

-- Poisson demand, (s, S) and (r, Q) policies --------------------------------

CREATE FUNCTION @extschema@.newsvendor_poisson(demand_mean float8, underage_cost float8, overage_cost float8)
	RETURNS bigint
	AS 'MODULE_PATHNAME', 'logistics_newsvendor_poisson'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.newsvendor_poisson(float8, float8, float8) IS
	'newsvendor quantity for Poisson demand: the smallest S with P(D <= S) >= cu / (cu + co)';

CREATE FUNCTION @extschema@.newsvendor_poisson_cost(demand_mean float8, underage_cost float8, overage_cost float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_newsvendor_poisson_cost'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.newsvendor_poisson_cost(float8, float8, float8) IS
	'expected overage plus underage cost at the Poisson newsvendor quantity';

CREATE FUNCTION @extschema@.newsvendor_poisson_cost(demand_mean float8, underage_cost float8, overage_cost float8, stock bigint)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_newsvendor_poisson_cost'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.newsvendor_poisson_cost(float8, float8, float8, bigint) IS
	'expected overage plus underage cost of stocking S against Poisson demand: co E[(S-D)+] + cu E[(D-S)+]';

CREATE FUNCTION @extschema@.ss_policy_poisson(demand_mean float8, holding_cost float8, backorder_cost float8, order_cost float8,
		OUT reorder_point bigint, OUT order_up_to bigint, OUT cost float8)
	AS 'MODULE_PATHNAME', 'logistics_ss_policy_poisson'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10000;
COMMENT ON FUNCTION @extschema@.ss_policy_poisson(float8, float8, float8, float8) IS
	'optimal periodic-review (s, S) policy for Poisson period demand, zero lead time, backorders (Zheng and Federgruen 1991): reorder point s, order-up-to level S, average cost per period';

CREATE FUNCTION @extschema@.ss_policy_poisson_cost(demand_mean float8, holding_cost float8, backorder_cost float8, order_cost float8, reorder_point bigint, order_up_to bigint)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_ss_policy_poisson_cost'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10000;
COMMENT ON FUNCTION @extschema@.ss_policy_poisson_cost(float8, float8, float8, float8, bigint, bigint) IS
	'average cost per period of a given (s, S) policy for Poisson period demand, zero lead time';

CREATE FUNCTION @extschema@.ss_policy_power(demand_mean float8, demand_sd float8, holding_cost float8, backorder_cost float8, order_cost float8, lead_time float8 DEFAULT 0,
		OUT reorder_point float8, OUT order_up_to float8)
	AS 'MODULE_PATHNAME', 'logistics_ss_policy_power'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ss_policy_power(float8, float8, float8, float8, float8, float8) IS
	'(s, S) policy by Ehrhardt''s power approximation for any period demand with mean and sd; lead time in periods';

CREATE FUNCTION @extschema@.rq_cost(demand_rate float8, demand_sd float8, lead_time float8, holding_cost float8, backorder_cost float8, order_cost float8, reorder_point float8, order_quantity float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_rq_cost'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rq_cost(float8, float8, float8, float8, float8, float8, float8, float8) IS
	'exact average cost per time of a continuous-review (r, Q) policy with normal lead-time demand N(rate L, sd^2 L) and backorders';

CREATE FUNCTION @extschema@.rq_policy(demand_rate float8, demand_sd float8, lead_time float8, holding_cost float8, backorder_cost float8, order_cost float8,
		OUT reorder_point float8, OUT order_quantity float8, OUT cost float8)
	AS 'MODULE_PATHNAME', 'logistics_rq_policy'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rq_policy(float8, float8, float8, float8, float8, float8) IS
	'(r, Q) policy by the expected-inventory-level approximation: r = F^-1(1 - Q h / (p rate)), Q = sqrt(2 rate (K + p n(r)) / h), iterated from the EOQ';
