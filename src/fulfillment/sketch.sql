
-- ---------------------------------------------------------------------
-- Approximate percentiles of cycle times from a mergeable KLL sketch
-- (src/common/kll.c, src/fulfillment/sketch_fmgr.c; issue 17): a real
-- state type, so that parallel workers and Citus nodes ship a few hundred
-- values per group instead of every duration (doc/fulfillment.md).
-- ---------------------------------------------------------------------

-- The state: a KLL sketch with k = 200 and the requested fractions.  Text
-- form (k,n,coin,min,max,F,f1..fF,H,s0..s(H-1),values), values in
-- microseconds, top level first; the input checks what rows can produce.
CREATE TYPE @extschema@.quantile_sketch;

CREATE FUNCTION @extschema@.quantile_sketch_in(cstring) RETURNS @extschema@.quantile_sketch
	AS 'MODULE_PATHNAME', 'logistics_quantile_sketch_in'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.quantile_sketch_in(cstring) IS
	'input function of quantile_sketch';

CREATE FUNCTION @extschema@.quantile_sketch_out(@extschema@.quantile_sketch) RETURNS cstring
	AS 'MODULE_PATHNAME', 'logistics_quantile_sketch_out'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.quantile_sketch_out(@extschema@.quantile_sketch) IS
	'output function of quantile_sketch';

CREATE FUNCTION @extschema@.quantile_sketch_recv(internal) RETURNS @extschema@.quantile_sketch
	AS 'MODULE_PATHNAME', 'logistics_quantile_sketch_recv'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.quantile_sketch_recv(internal) IS
	'binary input function of quantile_sketch';

CREATE FUNCTION @extschema@.quantile_sketch_send(@extschema@.quantile_sketch) RETURNS bytea
	AS 'MODULE_PATHNAME', 'logistics_quantile_sketch_send'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.quantile_sketch_send(@extschema@.quantile_sketch) IS
	'binary output function of quantile_sketch';

CREATE TYPE @extschema@.quantile_sketch (
	INPUT = @extschema@.quantile_sketch_in,
	OUTPUT = @extschema@.quantile_sketch_out,
	RECEIVE = @extschema@.quantile_sketch_recv,
	SEND = @extschema@.quantile_sketch_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);
COMMENT ON TYPE @extschema@.quantile_sketch IS
	'state of cycle_time_percentile_approx: a KLL quantile sketch (k = 200) of durations in microseconds with the requested fractions';

CREATE FUNCTION @extschema@._ff_dur_sketch_trans(@extschema@.quantile_sketch, timestamptz, timestamptz, float8) RETURNS @extschema@.quantile_sketch
	AS 'MODULE_PATHNAME', 'logistics_ff_dur_sketch_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_dur_sketch_trans(@extschema@.quantile_sketch, timestamptz, timestamptz, float8) IS
	'transition function of cycle_time_percentile_approx (timestamptz)';

CREATE FUNCTION @extschema@._ff_dur_sketches_trans(@extschema@.quantile_sketch, timestamptz, timestamptz, float8[]) RETURNS @extschema@.quantile_sketch
	AS 'MODULE_PATHNAME', 'logistics_ff_dur_sketches_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_dur_sketches_trans(@extschema@.quantile_sketch, timestamptz, timestamptz, float8[]) IS
	'transition function of cycle_time_percentile_approx with an array of fractions (timestamptz)';

CREATE FUNCTION @extschema@._ff_dur_sketch_date_trans(@extschema@.quantile_sketch, date, date, float8) RETURNS @extschema@.quantile_sketch
	AS 'MODULE_PATHNAME', 'logistics_ff_dur_sketch_date_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_dur_sketch_date_trans(@extschema@.quantile_sketch, date, date, float8) IS
	'transition function of cycle_time_percentile_approx (date)';

CREATE FUNCTION @extschema@._ff_dur_sketches_date_trans(@extschema@.quantile_sketch, date, date, float8[]) RETURNS @extschema@.quantile_sketch
	AS 'MODULE_PATHNAME', 'logistics_ff_dur_sketches_date_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_dur_sketches_date_trans(@extschema@.quantile_sketch, date, date, float8[]) IS
	'transition function of cycle_time_percentile_approx with an array of fractions (date)';

CREATE FUNCTION @extschema@._ff_sketch_combine(@extschema@.quantile_sketch, @extschema@.quantile_sketch) RETURNS @extschema@.quantile_sketch
	AS 'MODULE_PATHNAME', 'logistics_ff_sketch_combine'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_sketch_combine(@extschema@.quantile_sketch, @extschema@.quantile_sketch) IS
	'combine function of cycle_time_percentile_approx: merges two KLL sketches';

CREATE FUNCTION @extschema@._ff_dur_sketch_final(@extschema@.quantile_sketch) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_ff_dur_sketch_final'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_dur_sketch_final(@extschema@.quantile_sketch) IS
	'final function of cycle_time_percentile_approx: percentile in days';

CREATE FUNCTION @extschema@._ff_dur_sketches_final(@extschema@.quantile_sketch) RETURNS float8[]
	AS 'MODULE_PATHNAME', 'logistics_ff_dur_sketches_final'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_dur_sketches_final(@extschema@.quantile_sketch) IS
	'final function of cycle_time_percentile_approx with an array of fractions: percentiles in days';

CREATE AGGREGATE @extschema@.cycle_time_percentile_approx(start timestamptz, finish timestamptz, fraction float8) (
	SFUNC = @extschema@._ff_dur_sketch_trans,
	STYPE = @extschema@.quantile_sketch,
	FINALFUNC = @extschema@._ff_dur_sketch_final,
	COMBINEFUNC = @extschema@._ff_sketch_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.cycle_time_percentile_approx(timestamptz, timestamptz, float8) IS
	'approximate percentile of finish - start in days from a mergeable KLL sketch: rank error at most about 1.65% of the rows (99% confidence), exact up to 200 rows; splits across parallel workers and Citus nodes';

CREATE AGGREGATE @extschema@.cycle_time_percentile_approx(start timestamptz, finish timestamptz, fractions float8[]) (
	SFUNC = @extschema@._ff_dur_sketches_trans,
	STYPE = @extschema@.quantile_sketch,
	FINALFUNC = @extschema@._ff_dur_sketches_final,
	COMBINEFUNC = @extschema@._ff_sketch_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.cycle_time_percentile_approx(timestamptz, timestamptz, float8[]) IS
	'approximate percentiles of finish - start in days, one per fraction, from a mergeable KLL sketch: rank error at most about 1.65% of the rows (99% confidence), exact up to 200 rows';

CREATE AGGREGATE @extschema@.cycle_time_percentile_approx(start date, finish date, fraction float8) (
	SFUNC = @extschema@._ff_dur_sketch_date_trans,
	STYPE = @extschema@.quantile_sketch,
	FINALFUNC = @extschema@._ff_dur_sketch_final,
	COMBINEFUNC = @extschema@._ff_sketch_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.cycle_time_percentile_approx(date, date, float8) IS
	'approximate percentile of finish - start in days (dates) from a mergeable KLL sketch: rank error at most about 1.65% of the rows (99% confidence), exact up to 200 rows';

CREATE AGGREGATE @extschema@.cycle_time_percentile_approx(start date, finish date, fractions float8[]) (
	SFUNC = @extschema@._ff_dur_sketches_date_trans,
	STYPE = @extschema@.quantile_sketch,
	FINALFUNC = @extschema@._ff_dur_sketches_final,
	COMBINEFUNC = @extschema@._ff_sketch_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.cycle_time_percentile_approx(date, date, float8[]) IS
	'approximate percentiles of finish - start in days (dates), one per fraction, from a mergeable KLL sketch: rank error at most about 1.65% of the rows (99% confidence), exact up to 200 rows';

-- ---------------------------------------------------------------------
-- fulfillment_kpis_approx: the fulfillment_kpis row with the cycle time
-- and lateness percentiles from two KLL sketches (kpis_approx_fmgr.c;
-- issue 17), on a real state type, so that it splits across parallel
-- workers and Citus nodes where fulfillment_kpis ships every value.
-- ---------------------------------------------------------------------

-- The state: the counts and sums of fulfillment_kpis and two KLL sketches
-- (k = 200) of durations in microseconds.  Text form: 9 counts, 4 unit
-- sums, 3 sums of microseconds as (high, low) words, then for each sketch
-- (cycle times, lateness) coin,min,max,H,level sizes,values; the input
-- checks what order lines can produce.
CREATE TYPE @extschema@.kpis_state;

CREATE FUNCTION @extschema@.kpis_state_in(cstring) RETURNS @extschema@.kpis_state
	AS 'MODULE_PATHNAME', 'logistics_kpis_state_in'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.kpis_state_in(cstring) IS
	'input function of kpis_state';

CREATE FUNCTION @extschema@.kpis_state_out(@extschema@.kpis_state) RETURNS cstring
	AS 'MODULE_PATHNAME', 'logistics_kpis_state_out'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.kpis_state_out(@extschema@.kpis_state) IS
	'output function of kpis_state';

CREATE FUNCTION @extschema@.kpis_state_recv(internal) RETURNS @extschema@.kpis_state
	AS 'MODULE_PATHNAME', 'logistics_kpis_state_recv'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.kpis_state_recv(internal) IS
	'binary input function of kpis_state';

CREATE FUNCTION @extschema@.kpis_state_send(@extschema@.kpis_state) RETURNS bytea
	AS 'MODULE_PATHNAME', 'logistics_kpis_state_send'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.kpis_state_send(@extschema@.kpis_state) IS
	'binary output function of kpis_state';

CREATE TYPE @extschema@.kpis_state (
	INPUT = @extschema@.kpis_state_in,
	OUTPUT = @extschema@.kpis_state_out,
	RECEIVE = @extschema@.kpis_state_recv,
	SEND = @extschema@.kpis_state_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);
COMMENT ON TYPE @extschema@.kpis_state IS
	'state of fulfillment_kpis_approx: the counts and sums of fulfillment_kpis and KLL sketches (k = 200) of the cycle times and the lateness in microseconds';

CREATE FUNCTION @extschema@._ff_kpa_trans(@extschema@.kpis_state, timestamptz, timestamptz, timestamptz, float8, float8, float8, boolean, boolean) RETURNS @extschema@.kpis_state
	AS 'MODULE_PATHNAME', 'logistics_ff_kpa_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_kpa_trans(@extschema@.kpis_state, timestamptz, timestamptz, timestamptz, float8, float8, float8, boolean, boolean) IS
	'transition function of fulfillment_kpis_approx';

CREATE FUNCTION @extschema@._ff_kpa_combine(@extschema@.kpis_state, @extschema@.kpis_state) RETURNS @extschema@.kpis_state
	AS 'MODULE_PATHNAME', 'logistics_ff_kpa_combine'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_kpa_combine(@extschema@.kpis_state, @extschema@.kpis_state) IS
	'combine function of fulfillment_kpis_approx: adds the counts, merges the sketches';

CREATE FUNCTION @extschema@._ff_kpa_final(@extschema@.kpis_state) RETURNS @extschema@.fulfillment_kpis
	AS 'MODULE_PATHNAME', 'logistics_ff_kpa_final'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._ff_kpa_final(@extschema@.kpis_state) IS
	'final function of fulfillment_kpis_approx';

CREATE AGGREGATE @extschema@.fulfillment_kpis_approx(ordered_at timestamptz, promised_at timestamptz, delivered_at timestamptz, qty_ordered float8, qty_shipped float8, qty_returned float8, damage_free boolean, documents_ok boolean) (
	SFUNC = @extschema@._ff_kpa_trans,
	STYPE = @extschema@.kpis_state,
	FINALFUNC = @extschema@._ff_kpa_final,
	COMBINEFUNC = @extschema@._ff_kpa_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.fulfillment_kpis_approx(timestamptz, timestamptz, timestamptz, float8, float8, float8, boolean, boolean) IS
	'fulfillment_kpis with approximate cycle time and lateness percentiles from mergeable KLL sketches (rank error at most about 1.65% of the lines, 99% confidence; exact up to 200 delivered lines); every other column equal to fulfillment_kpis; splits across parallel workers and Citus nodes; memory from 1 kB for a new group, growing with the values the sketches retain, at most 22 kB';
