-- ---------------------------------------------------------------------
-- fulfillment_rates: every column of fulfillment_kpis that needs no list
-- of values (counts, rates with 95% Wilson intervals, unit fill and return
-- rates, mean cycle time and lateness) in one aggregate call, on a
-- fixed-size real state type (kpi_rates_fmgr.c; issue 17): on Citus one
-- aggregate in place of many, each of which costs a per-row wrapper.
-- ---------------------------------------------------------------------

CREATE TYPE @extschema@.fulfillment_rates AS (
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
	late bigint,
	lateness_days_mean float8,
	days_late_mean float8
);
COMMENT ON TYPE @extschema@.fulfillment_rates IS
	'the fulfillment_kpis columns that need no list of values: counts, rates with 95% Wilson intervals, unit fill and return rates, mean cycle time and lateness in days';

-- The state: the counts and sums of fulfillment_kpis, 152 bytes.  Text
-- form: 9 counts, 4 unit sums, 3 sums of microseconds as (high, low) words;
-- the input checks what order lines can produce.
CREATE TYPE @extschema@.fulfillment_rates_state;

CREATE FUNCTION @extschema@.fulfillment_rates_state_in(cstring) RETURNS @extschema@.fulfillment_rates_state
	AS 'MODULE_PATHNAME', 'logistics_fulfillment_rates_state_in'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.fulfillment_rates_state_in(cstring) IS
	'input function of fulfillment_rates_state';

CREATE FUNCTION @extschema@.fulfillment_rates_state_out(@extschema@.fulfillment_rates_state) RETURNS cstring
	AS 'MODULE_PATHNAME', 'logistics_fulfillment_rates_state_out'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.fulfillment_rates_state_out(@extschema@.fulfillment_rates_state) IS
	'output function of fulfillment_rates_state';

CREATE FUNCTION @extschema@.fulfillment_rates_state_recv(internal) RETURNS @extschema@.fulfillment_rates_state
	AS 'MODULE_PATHNAME', 'logistics_fulfillment_rates_state_recv'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.fulfillment_rates_state_recv(internal) IS
	'binary input function of fulfillment_rates_state';

CREATE FUNCTION @extschema@.fulfillment_rates_state_send(@extschema@.fulfillment_rates_state) RETURNS bytea
	AS 'MODULE_PATHNAME', 'logistics_fulfillment_rates_state_send'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.fulfillment_rates_state_send(@extschema@.fulfillment_rates_state) IS
	'binary output function of fulfillment_rates_state';

CREATE TYPE @extschema@.fulfillment_rates_state (
	INPUT = @extschema@.fulfillment_rates_state_in,
	OUTPUT = @extschema@.fulfillment_rates_state_out,
	RECEIVE = @extschema@.fulfillment_rates_state_recv,
	SEND = @extschema@.fulfillment_rates_state_send,
	INTERNALLENGTH = 152,
	ALIGNMENT = double
);
COMMENT ON TYPE @extschema@.fulfillment_rates_state IS
	'state of fulfillment_rates: the counts and sums of fulfillment_kpis, (9 counts,4 unit sums,3 sums of microseconds as high,low words)';

CREATE FUNCTION @extschema@._ff_rates_trans(@extschema@.fulfillment_rates_state, timestamptz, timestamptz, timestamptz, float8, float8, float8, boolean, boolean) RETURNS @extschema@.fulfillment_rates_state
	AS 'MODULE_PATHNAME', 'logistics_ff_rates_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_rates_trans(@extschema@.fulfillment_rates_state, timestamptz, timestamptz, timestamptz, float8, float8, float8, boolean, boolean) IS
	'transition function of fulfillment_rates';

CREATE FUNCTION @extschema@._ff_rates_combine(@extschema@.fulfillment_rates_state, @extschema@.fulfillment_rates_state) RETURNS @extschema@.fulfillment_rates_state
	AS 'MODULE_PATHNAME', 'logistics_ff_rates_combine'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_rates_combine(@extschema@.fulfillment_rates_state, @extschema@.fulfillment_rates_state) IS
	'combine function of fulfillment_rates: adds the counts and sums';

CREATE FUNCTION @extschema@._ff_rates_final(@extschema@.fulfillment_rates_state) RETURNS @extschema@.fulfillment_rates
	AS 'MODULE_PATHNAME', 'logistics_ff_rates_final'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_rates_final(@extschema@.fulfillment_rates_state) IS
	'final function of fulfillment_rates';

CREATE AGGREGATE @extschema@.fulfillment_rates(ordered_at timestamptz, promised_at timestamptz, delivered_at timestamptz, qty_ordered float8, qty_shipped float8, qty_returned float8, damage_free boolean, documents_ok boolean) (
	SFUNC = @extschema@._ff_rates_trans,
	STYPE = @extschema@.fulfillment_rates_state,
	FINALFUNC = @extschema@._ff_rates_final,
	COMBINEFUNC = @extschema@._ff_rates_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.fulfillment_rates(timestamptz, timestamptz, timestamptz, float8, float8, float8, boolean, boolean) IS
	'the columns of fulfillment_kpis that need no list of values (counts, on-time, in-full, OTIF, perfect order, fill and return rates with 95% Wilson intervals, mean cycle time and lateness in days), equal to those of fulfillment_kpis, in one call on a 152-byte state: splits across parallel workers and Citus nodes; on Citus the way to get many rates at once';

-- The flat form for BI tools (doc/bi.md): the columns of fulfillment_rates
-- under the names fulfillment_kpis_flat gives them.
CREATE FUNCTION @extschema@.fulfillment_rates_flat(r @extschema@.fulfillment_rates,
		OUT order_lines bigint, OUT delivered_lines bigint,
		OUT on_time_lines bigint, OUT on_time_rate float8,
		OUT on_time_lower float8, OUT on_time_upper float8,
		OUT in_full_lines bigint, OUT in_full_rate float8,
		OUT in_full_lower float8, OUT in_full_upper float8,
		OUT otif_lines bigint, OUT otif_rate float8,
		OUT otif_lower float8, OUT otif_upper float8,
		OUT perfect_known_lines bigint, OUT perfect_lines bigint,
		OUT perfect_rate float8, OUT perfect_lower float8,
		OUT perfect_upper float8,
		OUT units_ordered float8, OUT units_filled float8,
		OUT fill_rate float8, OUT fill_lower float8, OUT fill_upper float8,
		OUT units_shipped float8, OUT units_returned float8,
		OUT return_rate float8, OUT return_lower float8,
		OUT return_upper float8,
		OUT cycle_lines bigint, OUT cycle_days_mean float8,
		OUT late_lines bigint, OUT lateness_days_mean float8,
		OUT days_late_mean float8)
	RETURNS record
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
	SELECT r.lines, r.delivered, r.on_time, r.on_time_rate, r.on_time_lower,
		   r.on_time_upper, r.in_full, r.in_full_rate, r.in_full_lower,
		   r.in_full_upper, r.otif, r.otif_rate, r.otif_lower, r.otif_upper,
		   r.perfect_lines, r.perfect, r.perfect_rate, r.perfect_lower,
		   r.perfect_upper, r.units_ordered, r.units_filled, r.fill_rate,
		   r.fill_lower, r.fill_upper, r.units_shipped, r.units_returned,
		   r.return_rate, r.return_lower, r.return_upper, r.cycle_lines,
		   r.cycle_days_mean, r.late, r.lateness_days_mean, r.days_late_mean;
END;
COMMENT ON FUNCTION @extschema@.fulfillment_rates_flat(@extschema@.fulfillment_rates) IS
	'all fields of fulfillment_rates as flat columns, named as in fulfillment_kpis_flat (order_lines, delivered_lines, on_time_lines, in_full_lines, otif_lines, perfect_known_lines, perfect_lines, late_lines for the bare counts)';
