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
	AS 'MODULE_PATHNAME', 'logistics_wilson_interval'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.wilson_interval(bigint, bigint, float8) IS
	'Wilson score interval (lower, upper) of the proportion successes / trials at a two-sided confidence level; NULL when trials = 0';

--
-- Rates of lines, orders or units: successes over trials
--

-- The state of the rate aggregates: successes, trials and whether
-- successes are bounded by trials (every rate but returns).  A real type
-- rather than internal, so that Citus can ship partial states between nodes
-- as text and split a rate grouped by any column into worker partials and a
-- coordinator combine (doc/citus.md).  Text form "(successes,trials,0|1)".
CREATE TYPE @extschema@.rate_state;

CREATE FUNCTION @extschema@.rate_state_in(cstring) RETURNS @extschema@.rate_state
	AS 'MODULE_PATHNAME', 'logistics_rate_state_in'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rate_state_in(cstring) IS
	'input function of rate_state';

CREATE FUNCTION @extschema@.rate_state_out(@extschema@.rate_state) RETURNS cstring
	AS 'MODULE_PATHNAME', 'logistics_rate_state_out'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rate_state_out(@extschema@.rate_state) IS
	'output function of rate_state';

CREATE FUNCTION @extschema@.rate_state_recv(internal) RETURNS @extschema@.rate_state
	AS 'MODULE_PATHNAME', 'logistics_rate_state_recv'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rate_state_recv(internal) IS
	'binary input function of rate_state';

CREATE FUNCTION @extschema@.rate_state_send(@extschema@.rate_state) RETURNS bytea
	AS 'MODULE_PATHNAME', 'logistics_rate_state_send'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rate_state_send(@extschema@.rate_state) IS
	'binary output function of rate_state';

CREATE TYPE @extschema@.rate_state (
	INPUT = @extschema@.rate_state_in,
	OUTPUT = @extschema@.rate_state_out,
	RECEIVE = @extschema@.rate_state_recv,
	SEND = @extschema@.rate_state_send,
	INTERNALLENGTH = 24,
	ALIGNMENT = double
);
COMMENT ON TYPE @extschema@.rate_state IS
	'state of the rate aggregates (otif, fill_rate, ...): (successes,trials,bounded)';

CREATE FUNCTION @extschema@._ff_accuracy_trans(@extschema@.rate_state, boolean) RETURNS @extschema@.rate_state
	AS 'MODULE_PATHNAME', 'logistics_ff_accuracy_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_accuracy_trans(@extschema@.rate_state, boolean) IS
	'transition function of order_accuracy';

CREATE FUNCTION @extschema@._ff_perfect_trans(@extschema@.rate_state, boolean, boolean, boolean, boolean) RETURNS @extschema@.rate_state
	AS 'MODULE_PATHNAME', 'logistics_ff_perfect_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_perfect_trans(@extschema@.rate_state, boolean, boolean, boolean, boolean) IS
	'transition function of perfect_order_rate (one row per order)';

CREATE FUNCTION @extschema@._ff_on_time_trans(@extschema@.rate_state, timestamptz, timestamptz) RETURNS @extschema@.rate_state
	AS 'MODULE_PATHNAME', 'logistics_ff_on_time_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_on_time_trans(@extschema@.rate_state, timestamptz, timestamptz) IS
	'transition function of on_time_rate';

CREATE FUNCTION @extschema@._ff_otif_trans(@extschema@.rate_state, timestamptz, timestamptz, float8, float8) RETURNS @extschema@.rate_state
	AS 'MODULE_PATHNAME', 'logistics_ff_otif_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_otif_trans(@extschema@.rate_state, timestamptz, timestamptz, float8, float8) IS
	'transition function of otif';

CREATE FUNCTION @extschema@._ff_otif_tol_trans(@extschema@.rate_state, timestamptz, timestamptz, float8, float8, interval, float8) RETURNS @extschema@.rate_state
	AS 'MODULE_PATHNAME', 'logistics_ff_otif_tol_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_otif_tol_trans(@extschema@.rate_state, timestamptz, timestamptz, float8, float8, interval, float8) IS
	'transition function of otif with a tolerance';

CREATE FUNCTION @extschema@._ff_otif_window_trans(@extschema@.rate_state, timestamptz, timestamptz, float8, float8, interval, interval, float8) RETURNS @extschema@.rate_state
	AS 'MODULE_PATHNAME', 'logistics_ff_otif_window_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_otif_window_trans(@extschema@.rate_state, timestamptz, timestamptz, float8, float8, interval, interval, float8) IS
	'transition function of otif with early and late tolerances';

CREATE FUNCTION @extschema@._ff_fill_trans(@extschema@.rate_state, float8, float8) RETURNS @extschema@.rate_state
	AS 'MODULE_PATHNAME', 'logistics_ff_fill_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_fill_trans(@extschema@.rate_state, float8, float8) IS
	'transition function of fill_rate';

CREATE FUNCTION @extschema@._ff_line_fill_trans(@extschema@.rate_state, float8, float8) RETURNS @extschema@.rate_state
	AS 'MODULE_PATHNAME', 'logistics_ff_line_fill_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_line_fill_trans(@extschema@.rate_state, float8, float8) IS
	'transition function of line_fill_rate';

CREATE FUNCTION @extschema@._ff_return_trans(@extschema@.rate_state, float8, float8) RETURNS @extschema@.rate_state
	AS 'MODULE_PATHNAME', 'logistics_ff_return_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_return_trans(@extschema@.rate_state, float8, float8) IS
	'transition function of return_rate';

CREATE FUNCTION @extschema@._ff_rate_combine(@extschema@.rate_state, @extschema@.rate_state) RETURNS @extschema@.rate_state
	AS 'MODULE_PATHNAME', 'logistics_ff_rate_combine'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_rate_combine(@extschema@.rate_state, @extschema@.rate_state) IS
	'combine function of the rate aggregates';

CREATE FUNCTION @extschema@._ff_rate_final(@extschema@.rate_state) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_ff_rate_final'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_rate_final(@extschema@.rate_state) IS
	'final function of the rate aggregates: successes / trials';

CREATE FUNCTION @extschema@._ff_rate_ci_final(@extschema@.rate_state) RETURNS @extschema@.rate_ci
	AS 'MODULE_PATHNAME', 'logistics_ff_rate_ci_final'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_rate_ci_final(@extschema@.rate_state) IS
	'final function of the *_ci rate aggregates: rate, Wilson interval and counts';

CREATE AGGREGATE @extschema@.order_accuracy(correct boolean) (
	SFUNC = @extschema@._ff_accuracy_trans,
	STYPE = @extschema@.rate_state,
	FINALFUNC = @extschema@._ff_rate_final,
	COMBINEFUNC = @extschema@._ff_rate_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.order_accuracy(boolean) IS
	'order accuracy: share of true among the non-NULL values';

CREATE AGGREGATE @extschema@.order_accuracy_ci(correct boolean) (
	SFUNC = @extschema@._ff_accuracy_trans,
	STYPE = @extschema@.rate_state,
	FINALFUNC = @extschema@._ff_rate_ci_final,
	COMBINEFUNC = @extschema@._ff_rate_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.order_accuracy_ci(boolean) IS
	'order accuracy with its 95% Wilson interval and counts';

CREATE AGGREGATE @extschema@.perfect_order_rate(on_time boolean, in_full boolean, damage_free boolean, documents_ok boolean) (
	SFUNC = @extschema@._ff_perfect_trans,
	STYPE = @extschema@.rate_state,
	FINALFUNC = @extschema@._ff_rate_final,
	COMBINEFUNC = @extschema@._ff_rate_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.perfect_order_rate(boolean, boolean, boolean, boolean) IS
	'SCOR perfect order rate (RL.1.1), one row per order: share of orders on time, in full, damage free and with correct documents';

CREATE AGGREGATE @extschema@.perfect_order_rate_ci(on_time boolean, in_full boolean, damage_free boolean, documents_ok boolean) (
	SFUNC = @extschema@._ff_perfect_trans,
	STYPE = @extschema@.rate_state,
	FINALFUNC = @extschema@._ff_rate_ci_final,
	COMBINEFUNC = @extschema@._ff_rate_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.perfect_order_rate_ci(boolean, boolean, boolean, boolean) IS
	'SCOR perfect order rate (one row per order) with its 95% Wilson interval and counts';

CREATE AGGREGATE @extschema@.on_time_rate(promised timestamptz, delivered timestamptz) (
	SFUNC = @extschema@._ff_on_time_trans,
	STYPE = @extschema@.rate_state,
	FINALFUNC = @extschema@._ff_rate_final,
	COMBINEFUNC = @extschema@._ff_rate_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.on_time_rate(timestamptz, timestamptz) IS
	'share of lines delivered at or before the promised time; undelivered (delivered NULL) lines count as late';

CREATE AGGREGATE @extschema@.on_time_rate_ci(promised timestamptz, delivered timestamptz) (
	SFUNC = @extschema@._ff_on_time_trans,
	STYPE = @extschema@.rate_state,
	FINALFUNC = @extschema@._ff_rate_ci_final,
	COMBINEFUNC = @extschema@._ff_rate_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.on_time_rate_ci(timestamptz, timestamptz) IS
	'on-time rate with its 95% Wilson interval and counts';

CREATE AGGREGATE @extschema@.otif(promised timestamptz, delivered timestamptz, qty_ordered float8, qty_delivered float8) (
	SFUNC = @extschema@._ff_otif_trans,
	STYPE = @extschema@.rate_state,
	FINALFUNC = @extschema@._ff_rate_final,
	COMBINEFUNC = @extschema@._ff_rate_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.otif(timestamptz, timestamptz, float8, float8) IS
	'on time in full: share of lines delivered at or before the promised time with qty_delivered >= qty_ordered';

CREATE AGGREGATE @extschema@.otif_ci(promised timestamptz, delivered timestamptz, qty_ordered float8, qty_delivered float8) (
	SFUNC = @extschema@._ff_otif_trans,
	STYPE = @extschema@.rate_state,
	FINALFUNC = @extschema@._ff_rate_ci_final,
	COMBINEFUNC = @extschema@._ff_rate_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.otif_ci(timestamptz, timestamptz, float8, float8) IS
	'OTIF with its 95% Wilson interval and counts';

CREATE AGGREGATE @extschema@.otif(promised timestamptz, delivered timestamptz, qty_ordered float8, qty_delivered float8, tolerance interval, in_full_tolerance float8) (
	SFUNC = @extschema@._ff_otif_tol_trans,
	STYPE = @extschema@.rate_state,
	FINALFUNC = @extschema@._ff_rate_final,
	COMBINEFUNC = @extschema@._ff_rate_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.otif(timestamptz, timestamptz, float8, float8, interval, float8) IS
	'on time in full with tolerances: delivered within promised +/- tolerance and shortfall (qty_ordered - qty_delivered) / qty_ordered <= in_full_tolerance';

CREATE AGGREGATE @extschema@.otif_ci(promised timestamptz, delivered timestamptz, qty_ordered float8, qty_delivered float8, tolerance interval, in_full_tolerance float8) (
	SFUNC = @extschema@._ff_otif_tol_trans,
	STYPE = @extschema@.rate_state,
	FINALFUNC = @extschema@._ff_rate_ci_final,
	COMBINEFUNC = @extschema@._ff_rate_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.otif_ci(timestamptz, timestamptz, float8, float8, interval, float8) IS
	'OTIF with tolerances, its 95% Wilson interval and counts';

CREATE AGGREGATE @extschema@.otif(promised timestamptz, delivered timestamptz, qty_ordered float8, qty_delivered float8, early_tolerance interval, late_tolerance interval, in_full_tolerance float8) (
	SFUNC = @extschema@._ff_otif_window_trans,
	STYPE = @extschema@.rate_state,
	FINALFUNC = @extschema@._ff_rate_final,
	COMBINEFUNC = @extschema@._ff_rate_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.otif(timestamptz, timestamptz, float8, float8, interval, interval, float8) IS
	'on time in full with a delivery window: delivered within [promised - early_tolerance, promised + late_tolerance] and shortfall (qty_ordered - qty_delivered) / qty_ordered <= in_full_tolerance';

CREATE AGGREGATE @extschema@.otif_ci(promised timestamptz, delivered timestamptz, qty_ordered float8, qty_delivered float8, early_tolerance interval, late_tolerance interval, in_full_tolerance float8) (
	SFUNC = @extschema@._ff_otif_window_trans,
	STYPE = @extschema@.rate_state,
	FINALFUNC = @extschema@._ff_rate_ci_final,
	COMBINEFUNC = @extschema@._ff_rate_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.otif_ci(timestamptz, timestamptz, float8, float8, interval, interval, float8) IS
	'OTIF with a delivery window, its 95% Wilson interval and counts';

CREATE AGGREGATE @extschema@.fill_rate(qty_ordered float8, qty_shipped float8) (
	SFUNC = @extschema@._ff_fill_trans,
	STYPE = @extschema@.rate_state,
	FINALFUNC = @extschema@._ff_rate_final,
	COMBINEFUNC = @extschema@._ff_rate_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fill_rate(float8, float8) IS
	'unit fill rate: sum(least(qty_shipped, qty_ordered)) / sum(qty_ordered)';

CREATE AGGREGATE @extschema@.fill_rate_ci(qty_ordered float8, qty_shipped float8) (
	SFUNC = @extschema@._ff_fill_trans,
	STYPE = @extschema@.rate_state,
	FINALFUNC = @extschema@._ff_rate_ci_final,
	COMBINEFUNC = @extschema@._ff_rate_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fill_rate_ci(float8, float8) IS
	'unit fill rate with its 95% Wilson interval (units as trials) and the unit sums';

CREATE AGGREGATE @extschema@.line_fill_rate(qty_ordered float8, qty_shipped float8) (
	SFUNC = @extschema@._ff_line_fill_trans,
	STYPE = @extschema@.rate_state,
	FINALFUNC = @extschema@._ff_rate_final,
	COMBINEFUNC = @extschema@._ff_rate_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.line_fill_rate(float8, float8) IS
	'line fill rate: share of order lines shipped complete (qty_shipped >= qty_ordered)';

CREATE AGGREGATE @extschema@.line_fill_rate_ci(qty_ordered float8, qty_shipped float8) (
	SFUNC = @extschema@._ff_line_fill_trans,
	STYPE = @extschema@.rate_state,
	FINALFUNC = @extschema@._ff_rate_ci_final,
	COMBINEFUNC = @extschema@._ff_rate_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.line_fill_rate_ci(float8, float8) IS
	'line fill rate with its 95% Wilson interval and counts';

CREATE AGGREGATE @extschema@.return_rate(qty_sold float8, qty_returned float8) (
	SFUNC = @extschema@._ff_return_trans,
	STYPE = @extschema@.rate_state,
	FINALFUNC = @extschema@._ff_rate_final,
	COMBINEFUNC = @extschema@._ff_rate_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.return_rate(float8, float8) IS
	'return rate: sum(qty_returned) / sum(qty_sold)';

CREATE AGGREGATE @extschema@.return_rate_ci(qty_sold float8, qty_returned float8) (
	SFUNC = @extschema@._ff_return_trans,
	STYPE = @extschema@.rate_state,
	FINALFUNC = @extschema@._ff_rate_ci_final,
	COMBINEFUNC = @extschema@._ff_rate_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.return_rate_ci(float8, float8) IS
	'return rate with its 95% Wilson interval (units as trials) and the unit sums';

--
-- Order-level rates from order lines with an order key
--

-- The state of the order-level rates with a bigint order key: every order
-- and every order with a failing line, sorted, unique and delta-encoded in
-- text, "(orders,failing,first key,differences...,first failing,differences...)",
-- so that Citus splits them (doc/citus.md); the input checks what rows can
-- produce.
CREATE TYPE @extschema@.order_keys_state;

CREATE FUNCTION @extschema@.order_keys_state_in(cstring) RETURNS @extschema@.order_keys_state
	AS 'MODULE_PATHNAME', 'logistics_order_keys_state_in'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.order_keys_state_in(cstring) IS
	'input function of order_keys_state';

CREATE FUNCTION @extschema@.order_keys_state_out(@extschema@.order_keys_state) RETURNS cstring
	AS 'MODULE_PATHNAME', 'logistics_order_keys_state_out'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.order_keys_state_out(@extschema@.order_keys_state) IS
	'output function of order_keys_state';

CREATE FUNCTION @extschema@.order_keys_state_recv(internal) RETURNS @extschema@.order_keys_state
	AS 'MODULE_PATHNAME', 'logistics_order_keys_state_recv'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.order_keys_state_recv(internal) IS
	'binary input function of order_keys_state';

CREATE FUNCTION @extschema@.order_keys_state_send(@extschema@.order_keys_state) RETURNS bytea
	AS 'MODULE_PATHNAME', 'logistics_order_keys_state_send'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.order_keys_state_send(@extschema@.order_keys_state) IS
	'binary output function of order_keys_state';

CREATE TYPE @extschema@.order_keys_state (
	INPUT = @extschema@.order_keys_state_in,
	OUTPUT = @extschema@.order_keys_state_out,
	RECEIVE = @extschema@.order_keys_state_recv,
	SEND = @extschema@.order_keys_state_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);
COMMENT ON TYPE @extschema@.order_keys_state IS
	'state of perfect_order_rate and order_fill_rate with a bigint order key: the distinct orders and those with a failing line';

CREATE FUNCTION @extschema@._ff_okeys_perfect_trans(@extschema@.order_keys_state, bigint, boolean, boolean, boolean, boolean) RETURNS @extschema@.order_keys_state
	AS 'MODULE_PATHNAME', 'logistics_ff_okeys_perfect_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_okeys_perfect_trans(@extschema@.order_keys_state, bigint, boolean, boolean, boolean, boolean) IS
	'transition function of perfect_order_rate over order lines with a bigint order key';

CREATE FUNCTION @extschema@._ff_okeys_fill_trans(@extschema@.order_keys_state, bigint, float8, float8) RETURNS @extschema@.order_keys_state
	AS 'MODULE_PATHNAME', 'logistics_ff_okeys_fill_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_okeys_fill_trans(@extschema@.order_keys_state, bigint, float8, float8) IS
	'transition function of order_fill_rate with a bigint order key';

CREATE FUNCTION @extschema@._ff_okeys_combine(@extschema@.order_keys_state, @extschema@.order_keys_state) RETURNS @extschema@.order_keys_state
	AS 'MODULE_PATHNAME', 'logistics_ff_okeys_combine'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_okeys_combine(@extschema@.order_keys_state, @extschema@.order_keys_state) IS
	'combine function of the order-level rates with a bigint order key: the union of the key lists';

CREATE FUNCTION @extschema@._ff_okeys_final(@extschema@.order_keys_state) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_ff_okeys_final'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_okeys_final(@extschema@.order_keys_state) IS
	'final function of the order-level rates with a bigint order key: good orders / orders';

CREATE FUNCTION @extschema@._ff_okeys_ci_final(@extschema@.order_keys_state) RETURNS @extschema@.rate_ci
	AS 'MODULE_PATHNAME', 'logistics_ff_okeys_ci_final'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_okeys_ci_final(@extschema@.order_keys_state) IS
	'final function of the order-level *_ci rates with a bigint order key';

CREATE AGGREGATE @extschema@.perfect_order_rate(order_key bigint, on_time boolean, in_full boolean, damage_free boolean, documents_ok boolean) (
	SFUNC = @extschema@._ff_okeys_perfect_trans,
	STYPE = @extschema@.order_keys_state,
	FINALFUNC = @extschema@._ff_okeys_final,
	COMBINEFUNC = @extschema@._ff_okeys_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.perfect_order_rate(bigint, boolean, boolean, boolean, boolean) IS
	'SCOR perfect order rate from order lines: an order is perfect only when all its lines are on time, in full, damage free and with correct documents; memory about 8 bytes per order (text keys: 4 + key length)';

CREATE AGGREGATE @extschema@.perfect_order_rate_ci(order_key bigint, on_time boolean, in_full boolean, damage_free boolean, documents_ok boolean) (
	SFUNC = @extschema@._ff_okeys_perfect_trans,
	STYPE = @extschema@.order_keys_state,
	FINALFUNC = @extschema@._ff_okeys_ci_final,
	COMBINEFUNC = @extschema@._ff_okeys_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.perfect_order_rate_ci(bigint, boolean, boolean, boolean, boolean) IS
	'perfect order rate from order lines with its 95% Wilson interval and order counts';

CREATE AGGREGATE @extschema@.order_fill_rate(order_key bigint, qty_ordered float8, qty_shipped float8) (
	SFUNC = @extschema@._ff_okeys_fill_trans,
	STYPE = @extschema@.order_keys_state,
	FINALFUNC = @extschema@._ff_okeys_final,
	COMBINEFUNC = @extschema@._ff_okeys_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.order_fill_rate(bigint, float8, float8) IS
	'order fill rate: share of orders whose lines were all shipped complete; memory about 8 bytes per order (text keys: 4 + key length)';

CREATE AGGREGATE @extschema@.order_fill_rate_ci(order_key bigint, qty_ordered float8, qty_shipped float8) (
	SFUNC = @extschema@._ff_okeys_fill_trans,
	STYPE = @extschema@.order_keys_state,
	FINALFUNC = @extschema@._ff_okeys_ci_final,
	COMBINEFUNC = @extschema@._ff_okeys_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.order_fill_rate_ci(bigint, float8, float8) IS
	'order fill rate with its 95% Wilson interval and order counts';

-- The state of the order-level rates with a text order key: every order and
-- every order with a failing line, sorted and unique, each key front-coded in
-- text as [bytes shared with the previous key]"rest of the key",
-- "(orders,failing,"SO-1001",6"2",...)", so that Citus splits them
-- (doc/citus.md); the input checks what rows can produce.
CREATE TYPE @extschema@.order_text_keys_state;

CREATE FUNCTION @extschema@.order_text_keys_state_in(cstring) RETURNS @extschema@.order_text_keys_state
	AS 'MODULE_PATHNAME', 'logistics_order_text_keys_state_in'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.order_text_keys_state_in(cstring) IS
	'input function of order_text_keys_state';

CREATE FUNCTION @extschema@.order_text_keys_state_out(@extschema@.order_text_keys_state) RETURNS cstring
	AS 'MODULE_PATHNAME', 'logistics_order_text_keys_state_out'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.order_text_keys_state_out(@extschema@.order_text_keys_state) IS
	'output function of order_text_keys_state';

CREATE FUNCTION @extschema@.order_text_keys_state_recv(internal) RETURNS @extschema@.order_text_keys_state
	AS 'MODULE_PATHNAME', 'logistics_order_text_keys_state_recv'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.order_text_keys_state_recv(internal) IS
	'binary input function of order_text_keys_state';

CREATE FUNCTION @extschema@.order_text_keys_state_send(@extschema@.order_text_keys_state) RETURNS bytea
	AS 'MODULE_PATHNAME', 'logistics_order_text_keys_state_send'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.order_text_keys_state_send(@extschema@.order_text_keys_state) IS
	'binary output function of order_text_keys_state';

CREATE TYPE @extschema@.order_text_keys_state (
	INPUT = @extschema@.order_text_keys_state_in,
	OUTPUT = @extschema@.order_text_keys_state_out,
	RECEIVE = @extschema@.order_text_keys_state_recv,
	SEND = @extschema@.order_text_keys_state_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);
COMMENT ON TYPE @extschema@.order_text_keys_state IS
	'state of perfect_order_rate and order_fill_rate with a text order key: the distinct orders and those with a failing line, sorted and front-coded in text';

CREATE FUNCTION @extschema@._ff_otkeys_perfect_trans(@extschema@.order_text_keys_state, text, boolean, boolean, boolean, boolean) RETURNS @extschema@.order_text_keys_state
	AS 'MODULE_PATHNAME', 'logistics_ff_otkeys_perfect_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_otkeys_perfect_trans(@extschema@.order_text_keys_state, text, boolean, boolean, boolean, boolean) IS
	'transition function of perfect_order_rate over order lines with a text order key';

CREATE FUNCTION @extschema@._ff_otkeys_fill_trans(@extschema@.order_text_keys_state, text, float8, float8) RETURNS @extschema@.order_text_keys_state
	AS 'MODULE_PATHNAME', 'logistics_ff_otkeys_fill_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_otkeys_fill_trans(@extschema@.order_text_keys_state, text, float8, float8) IS
	'transition function of order_fill_rate with a text order key';

CREATE FUNCTION @extschema@._ff_otkeys_combine(@extschema@.order_text_keys_state, @extschema@.order_text_keys_state) RETURNS @extschema@.order_text_keys_state
	AS 'MODULE_PATHNAME', 'logistics_ff_otkeys_combine'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_otkeys_combine(@extschema@.order_text_keys_state, @extschema@.order_text_keys_state) IS
	'combine function of the order-level rates with a text order key: the union of the key lists';

CREATE FUNCTION @extschema@._ff_otkeys_final(@extschema@.order_text_keys_state) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_ff_otkeys_final'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_otkeys_final(@extschema@.order_text_keys_state) IS
	'final function of the order-level rates with a text order key: good orders / orders';

CREATE FUNCTION @extschema@._ff_otkeys_ci_final(@extschema@.order_text_keys_state) RETURNS @extschema@.rate_ci
	AS 'MODULE_PATHNAME', 'logistics_ff_otkeys_ci_final'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_otkeys_ci_final(@extschema@.order_text_keys_state) IS
	'final function of the order-level *_ci rates with a text order key';

CREATE AGGREGATE @extschema@.perfect_order_rate(order_key text, on_time boolean, in_full boolean, damage_free boolean, documents_ok boolean) (
	SFUNC = @extschema@._ff_otkeys_perfect_trans,
	STYPE = @extschema@.order_text_keys_state,
	FINALFUNC = @extschema@._ff_otkeys_final,
	COMBINEFUNC = @extschema@._ff_otkeys_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.perfect_order_rate(text, boolean, boolean, boolean, boolean) IS
	'SCOR perfect order rate from order lines: an order is perfect only when all its lines are on time, in full, damage free and with correct documents; memory about 8 bytes per order (text keys: 4 + key length)';

CREATE AGGREGATE @extschema@.perfect_order_rate_ci(order_key text, on_time boolean, in_full boolean, damage_free boolean, documents_ok boolean) (
	SFUNC = @extschema@._ff_otkeys_perfect_trans,
	STYPE = @extschema@.order_text_keys_state,
	FINALFUNC = @extschema@._ff_otkeys_ci_final,
	COMBINEFUNC = @extschema@._ff_otkeys_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.perfect_order_rate_ci(text, boolean, boolean, boolean, boolean) IS
	'perfect order rate from order lines with its 95% Wilson interval and order counts';

CREATE AGGREGATE @extschema@.order_fill_rate(order_key text, qty_ordered float8, qty_shipped float8) (
	SFUNC = @extschema@._ff_otkeys_fill_trans,
	STYPE = @extschema@.order_text_keys_state,
	FINALFUNC = @extschema@._ff_otkeys_final,
	COMBINEFUNC = @extschema@._ff_otkeys_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.order_fill_rate(text, float8, float8) IS
	'order fill rate: share of orders whose lines were all shipped complete; memory about 8 bytes per order (text keys: 4 + key length)';

CREATE AGGREGATE @extschema@.order_fill_rate_ci(order_key text, qty_ordered float8, qty_shipped float8) (
	SFUNC = @extschema@._ff_otkeys_fill_trans,
	STYPE = @extschema@.order_text_keys_state,
	FINALFUNC = @extschema@._ff_otkeys_ci_final,
	COMBINEFUNC = @extschema@._ff_otkeys_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.order_fill_rate_ci(text, float8, float8) IS
	'order fill rate with its 95% Wilson interval and order counts';

--
-- Cycle times and lateness
--

-- The state of cycle_time and cycle_time_days: the number of durations and
-- their exact sum in microseconds (128 bits as two int64 words, high first).
-- A real type rather than internal, so that Citus can ship partial states
-- between nodes as text and split the mean grouped by any column into
-- worker partials and a coordinator combine (doc/citus.md).  Text form
-- "(n,sum_hi,sum_lo)".
CREATE TYPE @extschema@.cycle_time_state;

CREATE FUNCTION @extschema@.cycle_time_state_in(cstring) RETURNS @extschema@.cycle_time_state
	AS 'MODULE_PATHNAME', 'logistics_cycle_time_state_in'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.cycle_time_state_in(cstring) IS
	'input function of cycle_time_state';

CREATE FUNCTION @extschema@.cycle_time_state_out(@extschema@.cycle_time_state) RETURNS cstring
	AS 'MODULE_PATHNAME', 'logistics_cycle_time_state_out'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.cycle_time_state_out(@extschema@.cycle_time_state) IS
	'output function of cycle_time_state';

CREATE FUNCTION @extschema@.cycle_time_state_recv(internal) RETURNS @extschema@.cycle_time_state
	AS 'MODULE_PATHNAME', 'logistics_cycle_time_state_recv'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.cycle_time_state_recv(internal) IS
	'binary input function of cycle_time_state';

CREATE FUNCTION @extschema@.cycle_time_state_send(@extschema@.cycle_time_state) RETURNS bytea
	AS 'MODULE_PATHNAME', 'logistics_cycle_time_state_send'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.cycle_time_state_send(@extschema@.cycle_time_state) IS
	'binary output function of cycle_time_state';

CREATE TYPE @extschema@.cycle_time_state (
	INPUT = @extschema@.cycle_time_state_in,
	OUTPUT = @extschema@.cycle_time_state_out,
	RECEIVE = @extschema@.cycle_time_state_recv,
	SEND = @extschema@.cycle_time_state_send,
	INTERNALLENGTH = 24,
	ALIGNMENT = double
);
COMMENT ON TYPE @extschema@.cycle_time_state IS
	'state of cycle_time and cycle_time_days: (n,sum_hi,sum_lo), the count and 128-bit sum of the durations in microseconds';

CREATE FUNCTION @extschema@._ff_dur_avg_trans(@extschema@.cycle_time_state, timestamptz, timestamptz) RETURNS @extschema@.cycle_time_state
	AS 'MODULE_PATHNAME', 'logistics_ff_dur_avg_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_dur_avg_trans(@extschema@.cycle_time_state, timestamptz, timestamptz) IS
	'transition function of cycle_time and cycle_time_days (timestamptz)';

CREATE FUNCTION @extschema@._ff_dur_avg_date_trans(@extschema@.cycle_time_state, date, date) RETURNS @extschema@.cycle_time_state
	AS 'MODULE_PATHNAME', 'logistics_ff_dur_avg_date_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_dur_avg_date_trans(@extschema@.cycle_time_state, date, date) IS
	'transition function of cycle_time and cycle_time_days (date)';

CREATE FUNCTION @extschema@._ff_dur_avg_combine(@extschema@.cycle_time_state, @extschema@.cycle_time_state) RETURNS @extschema@.cycle_time_state
	AS 'MODULE_PATHNAME', 'logistics_ff_dur_avg_combine'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_dur_avg_combine(@extschema@.cycle_time_state, @extschema@.cycle_time_state) IS
	'combine function of cycle_time and cycle_time_days';

CREATE FUNCTION @extschema@._ff_dur_avg_interval_final(@extschema@.cycle_time_state) RETURNS interval
	AS 'MODULE_PATHNAME', 'logistics_ff_dur_avg_interval_final'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_dur_avg_interval_final(@extschema@.cycle_time_state) IS
	'final function of cycle_time: mean as an interval';

CREATE FUNCTION @extschema@._ff_dur_avg_days_final(@extschema@.cycle_time_state) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_ff_dur_avg_days_final'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_dur_avg_days_final(@extschema@.cycle_time_state) IS
	'final function of cycle_time_days: mean in days';

CREATE FUNCTION @extschema@._ff_dur_trans(internal, timestamptz, timestamptz) RETURNS internal
	AS 'MODULE_PATHNAME', 'logistics_ff_dur_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_dur_trans(internal, timestamptz, timestamptz) IS
	'transition function of cycle_time_summary (timestamptz)';

CREATE FUNCTION @extschema@._ff_dur_pct_trans(internal, timestamptz, timestamptz, float8) RETURNS internal
	AS 'MODULE_PATHNAME', 'logistics_ff_dur_pct_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_dur_pct_trans(internal, timestamptz, timestamptz, float8) IS
	'transition function of cycle_time_percentile (timestamptz)';

CREATE FUNCTION @extschema@._ff_dur_pcts_trans(internal, timestamptz, timestamptz, float8[]) RETURNS internal
	AS 'MODULE_PATHNAME', 'logistics_ff_dur_pcts_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_dur_pcts_trans(internal, timestamptz, timestamptz, float8[]) IS
	'transition function of cycle_time_percentile with an array of fractions (timestamptz)';

CREATE FUNCTION @extschema@._ff_late_trans(internal, timestamptz, timestamptz) RETURNS internal
	AS 'MODULE_PATHNAME', 'logistics_ff_late_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_late_trans(internal, timestamptz, timestamptz) IS
	'transition function of lateness_summary (timestamptz)';

CREATE FUNCTION @extschema@._ff_dur_date_trans(internal, date, date) RETURNS internal
	AS 'MODULE_PATHNAME', 'logistics_ff_dur_date_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_dur_date_trans(internal, date, date) IS
	'transition function of cycle_time_summary (date)';

CREATE FUNCTION @extschema@._ff_dur_pct_date_trans(internal, date, date, float8) RETURNS internal
	AS 'MODULE_PATHNAME', 'logistics_ff_dur_pct_date_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_dur_pct_date_trans(internal, date, date, float8) IS
	'transition function of cycle_time_percentile (date)';

CREATE FUNCTION @extschema@._ff_dur_pcts_date_trans(internal, date, date, float8[]) RETURNS internal
	AS 'MODULE_PATHNAME', 'logistics_ff_dur_pcts_date_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_dur_pcts_date_trans(internal, date, date, float8[]) IS
	'transition function of cycle_time_percentile with an array of fractions (date)';

CREATE FUNCTION @extschema@._ff_late_date_trans(internal, date, date) RETURNS internal
	AS 'MODULE_PATHNAME', 'logistics_ff_late_date_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_late_date_trans(internal, date, date) IS
	'transition function of lateness_summary (date)';

CREATE FUNCTION @extschema@._ff_dur_combine(internal, internal) RETURNS internal
	AS 'MODULE_PATHNAME', 'logistics_ff_dur_combine'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_dur_combine(internal, internal) IS
	'combine function of the cycle-time and lateness aggregates';

CREATE FUNCTION @extschema@._ff_dur_serial(internal) RETURNS bytea
	AS 'MODULE_PATHNAME', 'logistics_ff_dur_serial'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_dur_serial(internal) IS
	'serialize function of the cycle-time and lateness aggregates';

CREATE FUNCTION @extschema@._ff_dur_deserial(bytea, internal) RETURNS internal
	AS 'MODULE_PATHNAME', 'logistics_ff_dur_deserial'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_dur_deserial(bytea, internal) IS
	'deserialize function of the cycle-time and lateness aggregates';

CREATE FUNCTION @extschema@._ff_dur_pct_final(internal) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_ff_dur_pct_final'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_dur_pct_final(internal) IS
	'final function of cycle_time_percentile: percentile in days';

CREATE FUNCTION @extschema@._ff_dur_pcts_final(internal) RETURNS float8[]
	AS 'MODULE_PATHNAME', 'logistics_ff_dur_pcts_final'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_dur_pcts_final(internal) IS
	'final function of cycle_time_percentile with an array of fractions';

CREATE FUNCTION @extschema@._ff_dur_summary_final(internal) RETURNS @extschema@.duration_summary
	AS 'MODULE_PATHNAME', 'logistics_ff_dur_summary_final'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_dur_summary_final(internal) IS
	'final function of cycle_time_summary';

CREATE FUNCTION @extschema@._ff_late_summary_final(internal) RETURNS @extschema@.lateness_summary
	AS 'MODULE_PATHNAME', 'logistics_ff_late_summary_final'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_late_summary_final(internal) IS
	'final function of lateness_summary';

CREATE AGGREGATE @extschema@.cycle_time(start timestamptz, finish timestamptz) (
	SFUNC = @extschema@._ff_dur_avg_trans,
	STYPE = @extschema@.cycle_time_state,
	FINALFUNC = @extschema@._ff_dur_avg_interval_final,
	COMBINEFUNC = @extschema@._ff_dur_avg_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.cycle_time(timestamptz, timestamptz) IS
	'mean cycle time finish - start as an interval (exact; times)';

CREATE AGGREGATE @extschema@.cycle_time_days(start timestamptz, finish timestamptz) (
	SFUNC = @extschema@._ff_dur_avg_trans,
	STYPE = @extschema@.cycle_time_state,
	FINALFUNC = @extschema@._ff_dur_avg_days_final,
	COMBINEFUNC = @extschema@._ff_dur_avg_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.cycle_time_days(timestamptz, timestamptz) IS
	'mean cycle time finish - start in days (exact; times)';

CREATE AGGREGATE @extschema@.cycle_time_percentile(start timestamptz, finish timestamptz, fraction float8) (
	SFUNC = @extschema@._ff_dur_pct_trans,
	STYPE = internal,
	FINALFUNC = @extschema@._ff_dur_pct_final,
	COMBINEFUNC = @extschema@._ff_dur_combine,
	SERIALFUNC = @extschema@._ff_dur_serial,
	DESERIALFUNC = @extschema@._ff_dur_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.cycle_time_percentile(timestamptz, timestamptz, float8) IS
	'exact percentile (percentile_cont) of finish - start in days; memory 8 bytes per row';

CREATE AGGREGATE @extschema@.cycle_time_percentile(start timestamptz, finish timestamptz, fractions float8[]) (
	SFUNC = @extschema@._ff_dur_pcts_trans,
	STYPE = internal,
	FINALFUNC = @extschema@._ff_dur_pcts_final,
	COMBINEFUNC = @extschema@._ff_dur_combine,
	SERIALFUNC = @extschema@._ff_dur_serial,
	DESERIALFUNC = @extschema@._ff_dur_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.cycle_time_percentile(timestamptz, timestamptz, float8[]) IS
	'exact percentiles (percentile_cont) of finish - start in days, one per fraction; memory 8 bytes per row';

CREATE AGGREGATE @extschema@.cycle_time_summary(start timestamptz, finish timestamptz) (
	SFUNC = @extschema@._ff_dur_trans,
	STYPE = internal,
	FINALFUNC = @extschema@._ff_dur_summary_final,
	COMBINEFUNC = @extschema@._ff_dur_combine,
	SERIALFUNC = @extschema@._ff_dur_serial,
	DESERIALFUNC = @extschema@._ff_dur_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.cycle_time_summary(timestamptz, timestamptz) IS
	'distribution of finish - start in days: n, mean, min, p50, p90, p95, max, negatives; memory 8 bytes per row';

CREATE AGGREGATE @extschema@.lateness_summary(promised timestamptz, delivered timestamptz) (
	SFUNC = @extschema@._ff_late_trans,
	STYPE = internal,
	FINALFUNC = @extschema@._ff_late_summary_final,
	COMBINEFUNC = @extschema@._ff_dur_combine,
	SERIALFUNC = @extschema@._ff_dur_serial,
	DESERIALFUNC = @extschema@._ff_dur_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.lateness_summary(timestamptz, timestamptz) IS
	'lateness delivered - promised in days: counts early / on schedule / late / undelivered, on-time rate, mean, percentiles, mean days late; memory 8 bytes per delivered row';

CREATE AGGREGATE @extschema@.cycle_time(start date, finish date) (
	SFUNC = @extschema@._ff_dur_avg_date_trans,
	STYPE = @extschema@.cycle_time_state,
	FINALFUNC = @extschema@._ff_dur_avg_interval_final,
	COMBINEFUNC = @extschema@._ff_dur_avg_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.cycle_time(date, date) IS
	'mean cycle time finish - start as an interval (exact; dates)';

CREATE AGGREGATE @extschema@.cycle_time_days(start date, finish date) (
	SFUNC = @extschema@._ff_dur_avg_date_trans,
	STYPE = @extschema@.cycle_time_state,
	FINALFUNC = @extschema@._ff_dur_avg_days_final,
	COMBINEFUNC = @extschema@._ff_dur_avg_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.cycle_time_days(date, date) IS
	'mean cycle time finish - start in days (exact; dates)';

CREATE AGGREGATE @extschema@.cycle_time_percentile(start date, finish date, fraction float8) (
	SFUNC = @extschema@._ff_dur_pct_date_trans,
	STYPE = internal,
	FINALFUNC = @extschema@._ff_dur_pct_final,
	COMBINEFUNC = @extschema@._ff_dur_combine,
	SERIALFUNC = @extschema@._ff_dur_serial,
	DESERIALFUNC = @extschema@._ff_dur_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.cycle_time_percentile(date, date, float8) IS
	'exact percentile (percentile_cont) of finish - start in days; memory 8 bytes per row';

CREATE AGGREGATE @extschema@.cycle_time_percentile(start date, finish date, fractions float8[]) (
	SFUNC = @extschema@._ff_dur_pcts_date_trans,
	STYPE = internal,
	FINALFUNC = @extschema@._ff_dur_pcts_final,
	COMBINEFUNC = @extschema@._ff_dur_combine,
	SERIALFUNC = @extschema@._ff_dur_serial,
	DESERIALFUNC = @extschema@._ff_dur_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.cycle_time_percentile(date, date, float8[]) IS
	'exact percentiles (percentile_cont) of finish - start in days, one per fraction; memory 8 bytes per row';

CREATE AGGREGATE @extschema@.cycle_time_summary(start date, finish date) (
	SFUNC = @extschema@._ff_dur_date_trans,
	STYPE = internal,
	FINALFUNC = @extschema@._ff_dur_summary_final,
	COMBINEFUNC = @extschema@._ff_dur_combine,
	SERIALFUNC = @extschema@._ff_dur_serial,
	DESERIALFUNC = @extschema@._ff_dur_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.cycle_time_summary(date, date) IS
	'distribution of finish - start in days: n, mean, min, p50, p90, p95, max, negatives; memory 8 bytes per row';

CREATE AGGREGATE @extschema@.lateness_summary(promised date, delivered date) (
	SFUNC = @extschema@._ff_late_date_trans,
	STYPE = internal,
	FINALFUNC = @extschema@._ff_late_summary_final,
	COMBINEFUNC = @extschema@._ff_dur_combine,
	SERIALFUNC = @extschema@._ff_dur_serial,
	DESERIALFUNC = @extschema@._ff_dur_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.lateness_summary(date, date) IS
	'lateness delivered - promised in days: counts early / on schedule / late / undelivered, on-time rate, mean, percentiles, mean days late; memory 8 bytes per delivered row';

--
-- All KPIs of a group of order lines in one pass
--

-- The state of fulfillment_kpis: the counts and sums of fulfillment_rates
-- and the lateness and cycle times of the delivered lines in microseconds.
-- A real type rather than internal, so that Citus ships each worker's
-- partial state as text and splits fulfillment_kpis grouped by any column
-- into worker partials and a coordinator combine (doc/citus.md).  Text
-- form: the counts as kpis_state's, then each list sorted and
-- delta-encoded, "(...,late_lo,first lateness,unit,differences / unit...,
-- first cycle time,unit,differences / unit...)".
CREATE TYPE @extschema@.fulfillment_kpis_state;

CREATE FUNCTION @extschema@.fulfillment_kpis_state_in(cstring) RETURNS @extschema@.fulfillment_kpis_state
	AS 'MODULE_PATHNAME', 'logistics_fulfillment_kpis_state_in'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.fulfillment_kpis_state_in(cstring) IS
	'input function of fulfillment_kpis_state';

CREATE FUNCTION @extschema@.fulfillment_kpis_state_out(@extschema@.fulfillment_kpis_state) RETURNS cstring
	AS 'MODULE_PATHNAME', 'logistics_fulfillment_kpis_state_out'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.fulfillment_kpis_state_out(@extschema@.fulfillment_kpis_state) IS
	'output function of fulfillment_kpis_state';

CREATE FUNCTION @extschema@.fulfillment_kpis_state_recv(internal) RETURNS @extschema@.fulfillment_kpis_state
	AS 'MODULE_PATHNAME', 'logistics_fulfillment_kpis_state_recv'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.fulfillment_kpis_state_recv(internal) IS
	'binary input function of fulfillment_kpis_state';

CREATE FUNCTION @extschema@.fulfillment_kpis_state_send(@extschema@.fulfillment_kpis_state) RETURNS bytea
	AS 'MODULE_PATHNAME', 'logistics_fulfillment_kpis_state_send'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.fulfillment_kpis_state_send(@extschema@.fulfillment_kpis_state) IS
	'binary output function of fulfillment_kpis_state';

CREATE TYPE @extschema@.fulfillment_kpis_state (
	INPUT = @extschema@.fulfillment_kpis_state_in,
	OUTPUT = @extschema@.fulfillment_kpis_state_out,
	RECEIVE = @extschema@.fulfillment_kpis_state_recv,
	SEND = @extschema@.fulfillment_kpis_state_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);
COMMENT ON TYPE @extschema@.fulfillment_kpis_state IS
	'state of fulfillment_kpis: the counts and sums of fulfillment_rates and the lateness and cycle times of the delivered lines in microseconds, each list sorted and delta-encoded in text';

CREATE FUNCTION @extschema@._ff_kpis_trans(@extschema@.fulfillment_kpis_state, timestamptz, timestamptz, timestamptz, float8, float8, float8, boolean, boolean) RETURNS @extschema@.fulfillment_kpis_state
	AS 'MODULE_PATHNAME', 'logistics_ff_kpis_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_kpis_trans(@extschema@.fulfillment_kpis_state, timestamptz, timestamptz, timestamptz, float8, float8, float8, boolean, boolean) IS
	'transition function of fulfillment_kpis';

CREATE FUNCTION @extschema@._ff_kpis_combine(@extschema@.fulfillment_kpis_state, @extschema@.fulfillment_kpis_state) RETURNS @extschema@.fulfillment_kpis_state
	AS 'MODULE_PATHNAME', 'logistics_ff_kpis_combine'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_kpis_combine(@extschema@.fulfillment_kpis_state, @extschema@.fulfillment_kpis_state) IS
	'combine function of fulfillment_kpis: the counts added, the value lists merged';

CREATE FUNCTION @extschema@._ff_kpis_final(@extschema@.fulfillment_kpis_state) RETURNS @extschema@.fulfillment_kpis
	AS 'MODULE_PATHNAME', 'logistics_ff_kpis_final'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_kpis_final(@extschema@.fulfillment_kpis_state) IS
	'final function of fulfillment_kpis';

CREATE AGGREGATE @extschema@.fulfillment_kpis(ordered_at timestamptz, promised_at timestamptz, delivered_at timestamptz, qty_ordered float8, qty_shipped float8, qty_returned float8, damage_free boolean, documents_ok boolean) (
	SFUNC = @extschema@._ff_kpis_trans,
	STYPE = @extschema@.fulfillment_kpis_state,
	FINALFUNC = @extschema@._ff_kpis_final,
	COMBINEFUNC = @extschema@._ff_kpis_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fulfillment_kpis(timestamptz, timestamptz, timestamptz, float8, float8, float8, boolean, boolean) IS
	'all fulfilment KPIs of a group of order lines in one pass: on time, in full, OTIF, perfect lines, unit fill and return rates with 95% Wilson intervals, mean and percentile cycle time and lateness; memory 16 bytes per delivered line; a real state type, so it splits across parallel workers and Citus nodes (each ships its values, a few characters per line)';
