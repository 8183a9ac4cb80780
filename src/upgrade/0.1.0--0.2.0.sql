-- logistics 0.1.0 -> 0.2.0
-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION logistics UPDATE TO '0.2.0'" to load this file. \quit

-- Changes to the objects that 0.1.0 had come first; the SQL files of what is
-- new in 0.2.0 follow (the Makefile appends them: NEW_IN_0_2_0).

-- issue 10: markings.  version() reads the loaded library, which a
-- reinstall can change: STABLE, not IMMUTABLE.  Expensive functions say so
-- (COST 10000, as forecast already did) so that the planner evaluates them
-- late and rarely.  A NULL params no longer nulls a forecast: it means no
-- fixed parameters ('{}').
ALTER FUNCTION @extschema@.version() STABLE;
ALTER FUNCTION @extschema@.wagner_whitin(float8[], float8, float8) COST 10000;
ALTER FUNCTION @extschema@.wagner_whitin(float8[], float8, float8, float8[]) COST 10000;
ALTER FUNCTION @extschema@.wagner_whitin_cost(float8[], float8, float8) COST 10000;
ALTER FUNCTION @extschema@.wagner_whitin_cost(float8[], float8, float8, float8[]) COST 10000;
ALTER FUNCTION @extschema@.ss_policy_poisson(float8, float8, float8, float8) COST 10000;
ALTER FUNCTION @extschema@.ss_policy_poisson_cost(float8, float8, float8, float8, bigint, bigint) COST 10000;
ALTER FUNCTION @extschema@.tsp_tour(float8[], boolean, int, int) COST 10000;
ALTER FUNCTION @extschema@.tsp_tour(float8[], float8[], boolean, int, int) COST 10000;
ALTER FUNCTION @extschema@.distance_matrix(float8[], float8[]) COST 10000;
ALTER FUNCTION @extschema@.distance_matrix(geometry[]) COST 10000;
ALTER FUNCTION @extschema@.distance_matrix(geography[]) COST 10000;
ALTER FUNCTION @extschema@.forecast(float8[], int, text, int, jsonb) CALLED ON NULL INPUT;
ALTER FUNCTION @extschema@.forecast_table(float8[], int, text, int, float8, jsonb) CALLED ON NULL INPUT;
ALTER FUNCTION @extschema@.forecast_fit(float8[], text, int, jsonb) CALLED ON NULL INPUT;

-- Aggregate support functions start with "_" (doc/CONTRIBUTING.md, Naming),
-- so that BI tools' function lists show only what users call.  The C
-- symbols keep their 0.1.0 names.
ALTER FUNCTION @extschema@.ff_accuracy_trans(internal, boolean)
	RENAME TO _ff_accuracy_trans;
ALTER FUNCTION @extschema@.ff_dur_combine(internal, internal)
	RENAME TO _ff_dur_combine;
ALTER FUNCTION @extschema@.ff_dur_date_trans(internal, date, date)
	RENAME TO _ff_dur_date_trans;
ALTER FUNCTION @extschema@.ff_dur_days_final(internal)
	RENAME TO _ff_dur_days_final;
ALTER FUNCTION @extschema@.ff_dur_deserial(bytea, internal)
	RENAME TO _ff_dur_deserial;
ALTER FUNCTION @extschema@.ff_dur_interval_final(internal)
	RENAME TO _ff_dur_interval_final;
ALTER FUNCTION @extschema@.ff_dur_mean_date_trans(internal, date, date)
	RENAME TO _ff_dur_mean_date_trans;
ALTER FUNCTION @extschema@.ff_dur_mean_trans(internal, timestamp with time zone, timestamp with time zone)
	RENAME TO _ff_dur_mean_trans;
ALTER FUNCTION @extschema@.ff_dur_pct_date_trans(internal, date, date, double precision)
	RENAME TO _ff_dur_pct_date_trans;
ALTER FUNCTION @extschema@.ff_dur_pct_final(internal)
	RENAME TO _ff_dur_pct_final;
ALTER FUNCTION @extschema@.ff_dur_pct_trans(internal, timestamp with time zone, timestamp with time zone, double precision)
	RENAME TO _ff_dur_pct_trans;
ALTER FUNCTION @extschema@.ff_dur_pcts_date_trans(internal, date, date, double precision[])
	RENAME TO _ff_dur_pcts_date_trans;
ALTER FUNCTION @extschema@.ff_dur_pcts_final(internal)
	RENAME TO _ff_dur_pcts_final;
ALTER FUNCTION @extschema@.ff_dur_pcts_trans(internal, timestamp with time zone, timestamp with time zone, double precision[])
	RENAME TO _ff_dur_pcts_trans;
ALTER FUNCTION @extschema@.ff_dur_serial(internal)
	RENAME TO _ff_dur_serial;
ALTER FUNCTION @extschema@.ff_dur_summary_final(internal)
	RENAME TO _ff_dur_summary_final;
ALTER FUNCTION @extschema@.ff_dur_trans(internal, timestamp with time zone, timestamp with time zone)
	RENAME TO _ff_dur_trans;
ALTER FUNCTION @extschema@.ff_fill_trans(internal, double precision, double precision)
	RENAME TO _ff_fill_trans;
ALTER FUNCTION @extschema@.ff_keys_ci_final(internal)
	RENAME TO _ff_keys_ci_final;
ALTER FUNCTION @extschema@.ff_keys_combine(internal, internal)
	RENAME TO _ff_keys_combine;
ALTER FUNCTION @extschema@.ff_keys_deserial(bytea, internal)
	RENAME TO _ff_keys_deserial;
ALTER FUNCTION @extschema@.ff_keys_final(internal)
	RENAME TO _ff_keys_final;
ALTER FUNCTION @extschema@.ff_keys_serial(internal)
	RENAME TO _ff_keys_serial;
ALTER FUNCTION @extschema@.ff_kpi_combine(internal, internal)
	RENAME TO _ff_kpi_combine;
ALTER FUNCTION @extschema@.ff_kpi_deserial(bytea, internal)
	RENAME TO _ff_kpi_deserial;
ALTER FUNCTION @extschema@.ff_kpi_final(internal)
	RENAME TO _ff_kpi_final;
ALTER FUNCTION @extschema@.ff_kpi_serial(internal)
	RENAME TO _ff_kpi_serial;
ALTER FUNCTION @extschema@.ff_kpi_trans(internal, timestamp with time zone, timestamp with time zone, timestamp with time zone, double precision, double precision, double precision, boolean, boolean)
	RENAME TO _ff_kpi_trans;
ALTER FUNCTION @extschema@.ff_late_date_trans(internal, date, date)
	RENAME TO _ff_late_date_trans;
ALTER FUNCTION @extschema@.ff_late_summary_final(internal)
	RENAME TO _ff_late_summary_final;
ALTER FUNCTION @extschema@.ff_late_trans(internal, timestamp with time zone, timestamp with time zone)
	RENAME TO _ff_late_trans;
ALTER FUNCTION @extschema@.ff_line_fill_trans(internal, double precision, double precision)
	RENAME TO _ff_line_fill_trans;
ALTER FUNCTION @extschema@.ff_on_time_trans(internal, timestamp with time zone, timestamp with time zone)
	RENAME TO _ff_on_time_trans;
ALTER FUNCTION @extschema@.ff_order_fill_key_trans(internal, bigint, double precision, double precision)
	RENAME TO _ff_order_fill_key_trans;
ALTER FUNCTION @extschema@.ff_order_fill_tkey_trans(internal, text, double precision, double precision)
	RENAME TO _ff_order_fill_tkey_trans;
ALTER FUNCTION @extschema@.ff_otif_tol_trans(internal, timestamp with time zone, timestamp with time zone, double precision, double precision, interval, double precision)
	RENAME TO _ff_otif_tol_trans;
ALTER FUNCTION @extschema@.ff_otif_trans(internal, timestamp with time zone, timestamp with time zone, double precision, double precision)
	RENAME TO _ff_otif_trans;
ALTER FUNCTION @extschema@.ff_otif_window_trans(internal, timestamp with time zone, timestamp with time zone, double precision, double precision, interval, interval, double precision)
	RENAME TO _ff_otif_window_trans;
ALTER FUNCTION @extschema@.ff_perfect_key_trans(internal, bigint, boolean, boolean, boolean, boolean)
	RENAME TO _ff_perfect_key_trans;
ALTER FUNCTION @extschema@.ff_perfect_tkey_trans(internal, text, boolean, boolean, boolean, boolean)
	RENAME TO _ff_perfect_tkey_trans;
ALTER FUNCTION @extschema@.ff_perfect_trans(internal, boolean, boolean, boolean, boolean)
	RENAME TO _ff_perfect_trans;
ALTER FUNCTION @extschema@.ff_rate_ci_final(internal)
	RENAME TO _ff_rate_ci_final;
ALTER FUNCTION @extschema@.ff_rate_combine(internal, internal)
	RENAME TO _ff_rate_combine;
ALTER FUNCTION @extschema@.ff_rate_deserial(bytea, internal)
	RENAME TO _ff_rate_deserial;
ALTER FUNCTION @extschema@.ff_rate_final(internal)
	RENAME TO _ff_rate_final;
ALTER FUNCTION @extschema@.ff_rate_serial(internal)
	RENAME TO _ff_rate_serial;
ALTER FUNCTION @extschema@.ff_return_trans(internal, double precision, double precision)
	RENAME TO _ff_return_trans;
ALTER FUNCTION @extschema@.ff_tkeys_ci_final(internal)
	RENAME TO _ff_tkeys_ci_final;
ALTER FUNCTION @extschema@.ff_tkeys_combine(internal, internal)
	RENAME TO _ff_tkeys_combine;
ALTER FUNCTION @extschema@.ff_tkeys_deserial(bytea, internal)
	RENAME TO _ff_tkeys_deserial;
ALTER FUNCTION @extschema@.ff_tkeys_final(internal)
	RENAME TO _ff_tkeys_final;
ALTER FUNCTION @extschema@.ff_tkeys_serial(internal)
	RENAME TO _ff_tkeys_serial;
ALTER FUNCTION @extschema@.route_cost_combine(double precision[], double precision[])
	RENAME TO _route_cost_combine;
ALTER FUNCTION @extschema@.route_cost_final(double precision[])
	RENAME TO _route_cost_final;
ALTER FUNCTION @extschema@.route_cost_stop_trans(double precision[], double precision, double precision, @extschema@.cost_model, boolean)
	RENAME TO _route_cost_stop_trans;
ALTER FUNCTION @extschema@.route_cost_trans(double precision[], double precision, double precision, @extschema@.cost_model)
	RENAME TO _route_cost_trans;
ALTER FUNCTION @extschema@.route_length_combine(double precision[], double precision[])
	RENAME TO _route_length_combine;
ALTER FUNCTION @extschema@.route_length_final(double precision[])
	RENAME TO _route_length_final;
ALTER FUNCTION @extschema@.route_length_geom_trans(double precision[], geometry)
	RENAME TO _route_length_geom_trans;
ALTER FUNCTION @extschema@.route_length_trans(double precision[], double precision, double precision)
	RENAME TO _route_length_trans;

-- issue 16: no interval inside result types (BI tools cannot show one):
-- route_cost_result gets duration_h (float8 hours) after its 0.1.0 fields
-- and loses "duration interval" (an incompatible change, CHANGELOG: read
-- (r).duration_h instead of (r).duration).  The final function builds the
-- row by field name from its call's row type, so the dropped attribute
-- this leaves behind is harmless.  A user view that reads the type's
-- "duration" makes this ALTER fail and the whole update roll back (change
-- the view first); values stored in a table column of the type lose the
-- field and have a NULL duration_h (PostgreSQL does not rewrite them).
ALTER TYPE @extschema@.route_cost_result ADD ATTRIBUTE duration_h float8;
ALTER TYPE @extschema@.route_cost_result DROP ATTRIBUTE duration RESTRICT;
COMMENT ON TYPE @extschema@.route_cost_result IS
	'result of route_cost: geodesic distance in metres, cost (currency of the cost model), CO2 in kg, number of stops, driving plus service time in hours (duration_h)';
COMMENT ON FUNCTION @extschema@._route_cost_final(float8[]) IS
	'final function of route_cost: distance, cost, CO2, stops and duration in hours; NULL without points';

-- issue 17: the rate aggregates get a real state type, logistics.rate_state,
-- so that Citus splits them (doc/citus.md); the support functions on
-- internal go.
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

CREATE OR REPLACE AGGREGATE @extschema@.order_accuracy(correct boolean) (
	SFUNC = @extschema@._ff_accuracy_trans,
	STYPE = @extschema@.rate_state,
	FINALFUNC = @extschema@._ff_rate_final,
	COMBINEFUNC = @extschema@._ff_rate_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.order_accuracy(boolean) IS
	'order accuracy: share of true among the non-NULL values';

CREATE OR REPLACE AGGREGATE @extschema@.order_accuracy_ci(correct boolean) (
	SFUNC = @extschema@._ff_accuracy_trans,
	STYPE = @extschema@.rate_state,
	FINALFUNC = @extschema@._ff_rate_ci_final,
	COMBINEFUNC = @extschema@._ff_rate_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.order_accuracy_ci(boolean) IS
	'order accuracy with its 95% Wilson interval and counts';

CREATE OR REPLACE AGGREGATE @extschema@.perfect_order_rate(on_time boolean, in_full boolean, damage_free boolean, documents_ok boolean) (
	SFUNC = @extschema@._ff_perfect_trans,
	STYPE = @extschema@.rate_state,
	FINALFUNC = @extschema@._ff_rate_final,
	COMBINEFUNC = @extschema@._ff_rate_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.perfect_order_rate(boolean, boolean, boolean, boolean) IS
	'SCOR perfect order rate (RL.1.1), one row per order: share of orders on time, in full, damage free and with correct documents';

CREATE OR REPLACE AGGREGATE @extschema@.perfect_order_rate_ci(on_time boolean, in_full boolean, damage_free boolean, documents_ok boolean) (
	SFUNC = @extschema@._ff_perfect_trans,
	STYPE = @extschema@.rate_state,
	FINALFUNC = @extschema@._ff_rate_ci_final,
	COMBINEFUNC = @extschema@._ff_rate_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.perfect_order_rate_ci(boolean, boolean, boolean, boolean) IS
	'SCOR perfect order rate (one row per order) with its 95% Wilson interval and counts';

CREATE OR REPLACE AGGREGATE @extschema@.on_time_rate(promised timestamptz, delivered timestamptz) (
	SFUNC = @extschema@._ff_on_time_trans,
	STYPE = @extschema@.rate_state,
	FINALFUNC = @extschema@._ff_rate_final,
	COMBINEFUNC = @extschema@._ff_rate_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.on_time_rate(timestamptz, timestamptz) IS
	'share of lines delivered at or before the promised time; undelivered (delivered NULL) lines count as late';

CREATE OR REPLACE AGGREGATE @extschema@.on_time_rate_ci(promised timestamptz, delivered timestamptz) (
	SFUNC = @extschema@._ff_on_time_trans,
	STYPE = @extschema@.rate_state,
	FINALFUNC = @extschema@._ff_rate_ci_final,
	COMBINEFUNC = @extschema@._ff_rate_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.on_time_rate_ci(timestamptz, timestamptz) IS
	'on-time rate with its 95% Wilson interval and counts';

CREATE OR REPLACE AGGREGATE @extschema@.otif(promised timestamptz, delivered timestamptz, qty_ordered float8, qty_delivered float8) (
	SFUNC = @extschema@._ff_otif_trans,
	STYPE = @extschema@.rate_state,
	FINALFUNC = @extschema@._ff_rate_final,
	COMBINEFUNC = @extschema@._ff_rate_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.otif(timestamptz, timestamptz, float8, float8) IS
	'on time in full: share of lines delivered at or before the promised time with qty_delivered >= qty_ordered';

CREATE OR REPLACE AGGREGATE @extschema@.otif_ci(promised timestamptz, delivered timestamptz, qty_ordered float8, qty_delivered float8) (
	SFUNC = @extschema@._ff_otif_trans,
	STYPE = @extschema@.rate_state,
	FINALFUNC = @extschema@._ff_rate_ci_final,
	COMBINEFUNC = @extschema@._ff_rate_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.otif_ci(timestamptz, timestamptz, float8, float8) IS
	'OTIF with its 95% Wilson interval and counts';

CREATE OR REPLACE AGGREGATE @extschema@.otif(promised timestamptz, delivered timestamptz, qty_ordered float8, qty_delivered float8, tolerance interval, in_full_tolerance float8) (
	SFUNC = @extschema@._ff_otif_tol_trans,
	STYPE = @extschema@.rate_state,
	FINALFUNC = @extschema@._ff_rate_final,
	COMBINEFUNC = @extschema@._ff_rate_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.otif(timestamptz, timestamptz, float8, float8, interval, float8) IS
	'on time in full with tolerances: delivered within promised +/- tolerance and shortfall (qty_ordered - qty_delivered) / qty_ordered <= in_full_tolerance';

CREATE OR REPLACE AGGREGATE @extschema@.otif_ci(promised timestamptz, delivered timestamptz, qty_ordered float8, qty_delivered float8, tolerance interval, in_full_tolerance float8) (
	SFUNC = @extschema@._ff_otif_tol_trans,
	STYPE = @extschema@.rate_state,
	FINALFUNC = @extschema@._ff_rate_ci_final,
	COMBINEFUNC = @extschema@._ff_rate_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.otif_ci(timestamptz, timestamptz, float8, float8, interval, float8) IS
	'OTIF with tolerances, its 95% Wilson interval and counts';

CREATE OR REPLACE AGGREGATE @extschema@.otif(promised timestamptz, delivered timestamptz, qty_ordered float8, qty_delivered float8, early_tolerance interval, late_tolerance interval, in_full_tolerance float8) (
	SFUNC = @extschema@._ff_otif_window_trans,
	STYPE = @extschema@.rate_state,
	FINALFUNC = @extschema@._ff_rate_final,
	COMBINEFUNC = @extschema@._ff_rate_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.otif(timestamptz, timestamptz, float8, float8, interval, interval, float8) IS
	'on time in full with a delivery window: delivered within [promised - early_tolerance, promised + late_tolerance] and shortfall (qty_ordered - qty_delivered) / qty_ordered <= in_full_tolerance';

CREATE OR REPLACE AGGREGATE @extschema@.otif_ci(promised timestamptz, delivered timestamptz, qty_ordered float8, qty_delivered float8, early_tolerance interval, late_tolerance interval, in_full_tolerance float8) (
	SFUNC = @extschema@._ff_otif_window_trans,
	STYPE = @extschema@.rate_state,
	FINALFUNC = @extschema@._ff_rate_ci_final,
	COMBINEFUNC = @extschema@._ff_rate_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.otif_ci(timestamptz, timestamptz, float8, float8, interval, interval, float8) IS
	'OTIF with a delivery window, its 95% Wilson interval and counts';

CREATE OR REPLACE AGGREGATE @extschema@.fill_rate(qty_ordered float8, qty_shipped float8) (
	SFUNC = @extschema@._ff_fill_trans,
	STYPE = @extschema@.rate_state,
	FINALFUNC = @extschema@._ff_rate_final,
	COMBINEFUNC = @extschema@._ff_rate_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fill_rate(float8, float8) IS
	'unit fill rate: sum(least(qty_shipped, qty_ordered)) / sum(qty_ordered)';

CREATE OR REPLACE AGGREGATE @extschema@.fill_rate_ci(qty_ordered float8, qty_shipped float8) (
	SFUNC = @extschema@._ff_fill_trans,
	STYPE = @extschema@.rate_state,
	FINALFUNC = @extschema@._ff_rate_ci_final,
	COMBINEFUNC = @extschema@._ff_rate_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fill_rate_ci(float8, float8) IS
	'unit fill rate with its 95% Wilson interval (units as trials) and the unit sums';

CREATE OR REPLACE AGGREGATE @extschema@.line_fill_rate(qty_ordered float8, qty_shipped float8) (
	SFUNC = @extschema@._ff_line_fill_trans,
	STYPE = @extschema@.rate_state,
	FINALFUNC = @extschema@._ff_rate_final,
	COMBINEFUNC = @extschema@._ff_rate_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.line_fill_rate(float8, float8) IS
	'line fill rate: share of order lines shipped complete (qty_shipped >= qty_ordered)';

CREATE OR REPLACE AGGREGATE @extschema@.line_fill_rate_ci(qty_ordered float8, qty_shipped float8) (
	SFUNC = @extschema@._ff_line_fill_trans,
	STYPE = @extschema@.rate_state,
	FINALFUNC = @extschema@._ff_rate_ci_final,
	COMBINEFUNC = @extschema@._ff_rate_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.line_fill_rate_ci(float8, float8) IS
	'line fill rate with its 95% Wilson interval and counts';

CREATE OR REPLACE AGGREGATE @extschema@.return_rate(qty_sold float8, qty_returned float8) (
	SFUNC = @extschema@._ff_return_trans,
	STYPE = @extschema@.rate_state,
	FINALFUNC = @extschema@._ff_rate_final,
	COMBINEFUNC = @extschema@._ff_rate_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.return_rate(float8, float8) IS
	'return rate: sum(qty_returned) / sum(qty_sold)';

CREATE OR REPLACE AGGREGATE @extschema@.return_rate_ci(qty_sold float8, qty_returned float8) (
	SFUNC = @extschema@._ff_return_trans,
	STYPE = @extschema@.rate_state,
	FINALFUNC = @extschema@._ff_rate_ci_final,
	COMBINEFUNC = @extschema@._ff_rate_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.return_rate_ci(float8, float8) IS
	'return rate with its 95% Wilson interval (units as trials) and the unit sums';

DROP FUNCTION @extschema@._ff_accuracy_trans(internal, boolean);
DROP FUNCTION @extschema@._ff_perfect_trans(internal, boolean, boolean, boolean, boolean);
DROP FUNCTION @extschema@._ff_on_time_trans(internal, timestamptz, timestamptz);
DROP FUNCTION @extschema@._ff_otif_trans(internal, timestamptz, timestamptz, float8, float8);
DROP FUNCTION @extschema@._ff_otif_tol_trans(internal, timestamptz, timestamptz, float8, float8, interval, float8);
DROP FUNCTION @extschema@._ff_otif_window_trans(internal, timestamptz, timestamptz, float8, float8, interval, interval, float8);
DROP FUNCTION @extschema@._ff_fill_trans(internal, float8, float8);
DROP FUNCTION @extschema@._ff_line_fill_trans(internal, float8, float8);
DROP FUNCTION @extschema@._ff_return_trans(internal, float8, float8);
DROP FUNCTION @extschema@._ff_rate_combine(internal, internal);
DROP FUNCTION @extschema@._ff_rate_serial(internal);
DROP FUNCTION @extschema@._ff_rate_deserial(bytea, internal);
DROP FUNCTION @extschema@._ff_rate_final(internal);
DROP FUNCTION @extschema@._ff_rate_ci_final(internal);

-- issue 17: real state type accuracy_state (doc/citus.md); the support functions on
-- internal go.
CREATE TYPE @extschema@.accuracy_state;

CREATE FUNCTION @extschema@.accuracy_state_in(cstring) RETURNS @extschema@.accuracy_state
	AS 'MODULE_PATHNAME', 'logistics_accuracy_state_in'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.accuracy_state_in(cstring) IS
	'input function of accuracy_state';

CREATE FUNCTION @extschema@.accuracy_state_out(@extschema@.accuracy_state) RETURNS cstring
	AS 'MODULE_PATHNAME', 'logistics_accuracy_state_out'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.accuracy_state_out(@extschema@.accuracy_state) IS
	'output function of accuracy_state';

CREATE FUNCTION @extschema@.accuracy_state_recv(internal) RETURNS @extschema@.accuracy_state
	AS 'MODULE_PATHNAME', 'logistics_accuracy_state_recv'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.accuracy_state_recv(internal) IS
	'binary input function of accuracy_state';

CREATE FUNCTION @extschema@.accuracy_state_send(@extschema@.accuracy_state) RETURNS bytea
	AS 'MODULE_PATHNAME', 'logistics_accuracy_state_send'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.accuracy_state_send(@extschema@.accuracy_state) IS
	'binary output function of accuracy_state';

CREATE TYPE @extschema@.accuracy_state (
	INPUT = @extschema@.accuracy_state_in,
	OUTPUT = @extschema@.accuracy_state_out,
	RECEIVE = @extschema@.accuracy_state_recv,
	SEND = @extschema@.accuracy_state_send,
	INTERNALLENGTH = 136,
	ALIGNMENT = double
);
COMMENT ON TYPE @extschema@.accuracy_state IS
	'state of the accuracy aggregates (mae, rmse, ..., accuracy): (n,n_nonzero,n_inside, then s,c of the sums of |e|, e^2, e, |actual|, APE, sAPE, loss)';

CREATE FUNCTION @extschema@._acc_point_trans(@extschema@.accuracy_state, float8, float8)
	RETURNS @extschema@.accuracy_state
	AS 'MODULE_PATHNAME', 'logistics_acc_point_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@._acc_point_trans(@extschema@.accuracy_state, float8, float8) IS
	'transition function of the point accuracy aggregates (actual, forecast)';

CREATE FUNCTION @extschema@._acc_scaled_trans(@extschema@.accuracy_state, float8, float8, float8)
	RETURNS @extschema@.accuracy_state
	AS 'MODULE_PATHNAME', 'logistics_acc_scaled_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@._acc_scaled_trans(@extschema@.accuracy_state, float8, float8, float8) IS
	'transition function of mase and accuracy (actual, forecast, scale)';

CREATE FUNCTION @extschema@._acc_pinball_trans(@extschema@.accuracy_state, float8, float8, float8)
	RETURNS @extschema@.accuracy_state
	AS 'MODULE_PATHNAME', 'logistics_acc_pinball_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@._acc_pinball_trans(@extschema@.accuracy_state, float8, float8, float8) IS
	'transition function of pinball_loss (actual, forecast, quantile)';

CREATE FUNCTION @extschema@._acc_coverage_trans(@extschema@.accuracy_state, float8, float8, float8)
	RETURNS @extschema@.accuracy_state
	AS 'MODULE_PATHNAME', 'logistics_acc_coverage_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@._acc_coverage_trans(@extschema@.accuracy_state, float8, float8, float8) IS
	'transition function of coverage (actual, lower, upper)';

CREATE FUNCTION @extschema@._acc_msis_trans(@extschema@.accuracy_state, float8, float8, float8, float8, float8)
	RETURNS @extschema@.accuracy_state
	AS 'MODULE_PATHNAME', 'logistics_acc_msis_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@._acc_msis_trans(@extschema@.accuracy_state, float8, float8, float8, float8, float8) IS
	'transition function of msis (actual, lower, upper, scale, alpha)';

CREATE FUNCTION @extschema@._acc_combine(@extschema@.accuracy_state, @extschema@.accuracy_state)
	RETURNS @extschema@.accuracy_state
	AS 'MODULE_PATHNAME', 'logistics_acc_combine'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@._acc_combine(@extschema@.accuracy_state, @extschema@.accuracy_state) IS
	'combine function of the accuracy aggregates';

CREATE FUNCTION @extschema@._acc_mae_final(@extschema@.accuracy_state) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_acc_mae_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@._acc_mae_final(@extschema@.accuracy_state) IS
	'final function of the mae aggregate';

CREATE FUNCTION @extschema@._acc_rmse_final(@extschema@.accuracy_state) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_acc_rmse_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@._acc_rmse_final(@extschema@.accuracy_state) IS
	'final function of the rmse aggregate';

CREATE FUNCTION @extschema@._acc_mape_final(@extschema@.accuracy_state) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_acc_mape_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@._acc_mape_final(@extschema@.accuracy_state) IS
	'final function of the mape aggregate';

CREATE FUNCTION @extschema@._acc_smape_final(@extschema@.accuracy_state) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_acc_smape_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@._acc_smape_final(@extschema@.accuracy_state) IS
	'final function of the smape aggregate';

CREATE FUNCTION @extschema@._acc_wape_final(@extschema@.accuracy_state) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_acc_wape_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@._acc_wape_final(@extschema@.accuracy_state) IS
	'final function of the wape aggregate';

CREATE FUNCTION @extschema@._acc_bias_final(@extschema@.accuracy_state) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_acc_bias_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@._acc_bias_final(@extschema@.accuracy_state) IS
	'final function of the bias aggregate';

CREATE FUNCTION @extschema@._acc_loss_final(@extschema@.accuracy_state) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_acc_loss_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@._acc_loss_final(@extschema@.accuracy_state) IS
	'final function of the mase, pinball_loss and msis aggregates (mean loss)';

CREATE FUNCTION @extschema@._acc_coverage_final(@extschema@.accuracy_state) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_acc_coverage_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@._acc_coverage_final(@extschema@.accuracy_state) IS
	'final function of the coverage aggregate';

CREATE OR REPLACE AGGREGATE @extschema@.mae(actual float8, forecast float8) (
	SFUNC = @extschema@._acc_point_trans, STYPE = @extschema@.accuracy_state,
	FINALFUNC = @extschema@._acc_mae_final,
	COMBINEFUNC = @extschema@._acc_combine,
	PARALLEL = SAFE);

COMMENT ON AGGREGATE @extschema@.mae(float8, float8) IS
	'mean absolute error: avg(|forecast - actual|)';

CREATE OR REPLACE AGGREGATE @extschema@.rmse(actual float8, forecast float8) (
	SFUNC = @extschema@._acc_point_trans, STYPE = @extschema@.accuracy_state,
	FINALFUNC = @extschema@._acc_rmse_final,
	COMBINEFUNC = @extschema@._acc_combine,
	PARALLEL = SAFE);

COMMENT ON AGGREGATE @extschema@.rmse(float8, float8) IS
	'root mean squared error: sqrt(avg((forecast - actual)^2))';

CREATE OR REPLACE AGGREGATE @extschema@.mape(actual float8, forecast float8) (
	SFUNC = @extschema@._acc_point_trans, STYPE = @extschema@.accuracy_state,
	FINALFUNC = @extschema@._acc_mape_final,
	COMBINEFUNC = @extschema@._acc_combine,
	PARALLEL = SAFE);

COMMENT ON AGGREGATE @extschema@.mape(float8, float8) IS
	'mean absolute percentage error in percent, 100 avg(|forecast - actual| / |actual|), over rows with actual <> 0 (NULL if none)';

CREATE OR REPLACE AGGREGATE @extschema@.smape(actual float8, forecast float8) (
	SFUNC = @extschema@._acc_point_trans, STYPE = @extschema@.accuracy_state,
	FINALFUNC = @extschema@._acc_smape_final,
	COMBINEFUNC = @extschema@._acc_combine,
	PARALLEL = SAFE);

COMMENT ON AGGREGATE @extschema@.smape(float8, float8) IS
	'symmetric MAPE of M3/M4 in percent, avg(200 |forecast - actual| / (|actual| + |forecast|)), a 0/0 term counting 0';

CREATE OR REPLACE AGGREGATE @extschema@.wape(actual float8, forecast float8) (
	SFUNC = @extschema@._acc_point_trans, STYPE = @extschema@.accuracy_state,
	FINALFUNC = @extschema@._acc_wape_final,
	COMBINEFUNC = @extschema@._acc_combine,
	PARALLEL = SAFE);

COMMENT ON AGGREGATE @extschema@.wape(float8, float8) IS
	'weighted absolute percentage error in percent, 100 sum(|forecast - actual|) / sum(|actual|) (NULL if every actual is 0)';

CREATE OR REPLACE AGGREGATE @extschema@.bias(actual float8, forecast float8) (
	SFUNC = @extschema@._acc_point_trans, STYPE = @extschema@.accuracy_state,
	FINALFUNC = @extschema@._acc_bias_final,
	COMBINEFUNC = @extschema@._acc_combine,
	PARALLEL = SAFE);

COMMENT ON AGGREGATE @extschema@.bias(float8, float8) IS
	'mean error, forecast minus actual: avg(forecast - actual); positive means over-forecasting (R''s ME has the opposite sign)';

CREATE OR REPLACE AGGREGATE @extschema@.mase(actual float8, forecast float8, scale float8) (
	SFUNC = @extschema@._acc_scaled_trans, STYPE = @extschema@.accuracy_state,
	FINALFUNC = @extschema@._acc_loss_final,
	COMBINEFUNC = @extschema@._acc_combine,
	PARALLEL = SAFE);

COMMENT ON AGGREGATE @extschema@.mase(float8, float8, float8) IS
	'mean absolute scaled error: avg(|forecast - actual| / scale), scale from logistics.mase_scale(train, m); may vary by row (one per series)';

CREATE OR REPLACE AGGREGATE @extschema@.pinball_loss(actual float8, forecast float8, quantile float8) (
	SFUNC = @extschema@._acc_pinball_trans, STYPE = @extschema@.accuracy_state,
	FINALFUNC = @extschema@._acc_loss_final,
	COMBINEFUNC = @extschema@._acc_combine,
	PARALLEL = SAFE);

COMMENT ON AGGREGATE @extschema@.pinball_loss(float8, float8, float8) IS
	'mean pinball (quantile) loss of forecasts of the quantile q: q (actual - forecast) if actual >= forecast, else (1 - q) (forecast - actual)';

CREATE OR REPLACE AGGREGATE @extschema@.coverage(actual float8, lower float8, upper float8) (
	SFUNC = @extschema@._acc_coverage_trans, STYPE = @extschema@.accuracy_state,
	FINALFUNC = @extschema@._acc_coverage_final,
	COMBINEFUNC = @extschema@._acc_combine,
	PARALLEL = SAFE);

COMMENT ON AGGREGATE @extschema@.coverage(float8, float8, float8) IS
	'share (0..1) of rows whose actual lies in the prediction interval [lower, upper]';

CREATE OR REPLACE AGGREGATE @extschema@.msis(actual float8, lower float8, upper float8, scale float8, alpha float8) (
	SFUNC = @extschema@._acc_msis_trans, STYPE = @extschema@.accuracy_state,
	FINALFUNC = @extschema@._acc_loss_final,
	COMBINEFUNC = @extschema@._acc_combine,
	PARALLEL = SAFE);

COMMENT ON AGGREGATE @extschema@.msis(float8, float8, float8, float8, float8) IS
	'mean scaled interval score of M4 for (1 - alpha) prediction intervals: avg(((upper - lower) + 2/alpha (lower - actual)[actual < lower] + 2/alpha (actual - upper)[actual > upper]) / scale)';

CREATE FUNCTION @extschema@._acc_accuracy_final(@extschema@.accuracy_state)
	RETURNS @extschema@.accuracy_measures
	AS 'MODULE_PATHNAME', 'logistics_acc_accuracy_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@._acc_accuracy_final(@extschema@.accuracy_state) IS
	'final function of the accuracy aggregate without a scale';

CREATE FUNCTION @extschema@._acc_accuracy_scaled_final(@extschema@.accuracy_state)
	RETURNS @extschema@.accuracy_measures
	AS 'MODULE_PATHNAME', 'logistics_acc_accuracy_scaled_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@._acc_accuracy_scaled_final(@extschema@.accuracy_state) IS
	'final function of the accuracy aggregate with a scale';

CREATE OR REPLACE AGGREGATE @extschema@.accuracy(actual float8, forecast float8) (
	SFUNC = @extschema@._acc_point_trans, STYPE = @extschema@.accuracy_state,
	FINALFUNC = @extschema@._acc_accuracy_final,
	COMBINEFUNC = @extschema@._acc_combine,
	PARALLEL = SAFE);

COMMENT ON AGGREGATE @extschema@.accuracy(float8, float8) IS
	'every point accuracy measure of the group as a logistics.accuracy_measures (mase NULL)';

CREATE OR REPLACE AGGREGATE @extschema@.accuracy(actual float8, forecast float8, scale float8) (
	SFUNC = @extschema@._acc_scaled_trans, STYPE = @extschema@.accuracy_state,
	FINALFUNC = @extschema@._acc_accuracy_scaled_final,
	COMBINEFUNC = @extschema@._acc_combine,
	PARALLEL = SAFE);

COMMENT ON AGGREGATE @extschema@.accuracy(float8, float8, float8) IS
	'every point accuracy measure of the group and MASE with the given scale, as a logistics.accuracy_measures';

DROP FUNCTION @extschema@._acc_point_trans(internal, float8, float8);
DROP FUNCTION @extschema@._acc_scaled_trans(internal, float8, float8, float8);
DROP FUNCTION @extschema@._acc_pinball_trans(internal, float8, float8, float8);
DROP FUNCTION @extschema@._acc_coverage_trans(internal, float8, float8, float8);
DROP FUNCTION @extschema@._acc_msis_trans(internal, float8, float8, float8, float8, float8);
DROP FUNCTION @extschema@._acc_combine(internal, internal);
DROP FUNCTION @extschema@._acc_serial(internal);
DROP FUNCTION @extschema@._acc_deserial(bytea, internal);
DROP FUNCTION @extschema@._acc_mae_final(internal);
DROP FUNCTION @extschema@._acc_rmse_final(internal);
DROP FUNCTION @extschema@._acc_mape_final(internal);
DROP FUNCTION @extschema@._acc_smape_final(internal);
DROP FUNCTION @extschema@._acc_wape_final(internal);
DROP FUNCTION @extschema@._acc_bias_final(internal);
DROP FUNCTION @extschema@._acc_loss_final(internal);
DROP FUNCTION @extschema@._acc_coverage_final(internal);
DROP FUNCTION @extschema@._acc_accuracy_final(internal);
DROP FUNCTION @extschema@._acc_accuracy_scaled_final(internal);

-- issue 17: demand_series on a real state type, demand_series_state
-- (doc/citus.md), so that Citus splits it; its buckets follow the UTC
-- calendar, not the session TimeZone, so that Citus workers (which do not
-- get the session TimeZone) and a single node agree.  The support
-- functions on internal go.
CREATE TYPE @extschema@.demand_series_state;

CREATE FUNCTION @extschema@.demand_series_state_in(cstring) RETURNS @extschema@.demand_series_state
	AS 'MODULE_PATHNAME', 'logistics_demand_series_state_in'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.demand_series_state_in(cstring) IS
	'input function of demand_series_state';

CREATE FUNCTION @extschema@.demand_series_state_out(@extschema@.demand_series_state) RETURNS cstring
	AS 'MODULE_PATHNAME', 'logistics_demand_series_state_out'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.demand_series_state_out(@extschema@.demand_series_state) IS
	'output function of demand_series_state';

CREATE FUNCTION @extschema@.demand_series_state_recv(internal) RETURNS @extschema@.demand_series_state
	AS 'MODULE_PATHNAME', 'logistics_demand_series_state_recv'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.demand_series_state_recv(internal) IS
	'binary input function of demand_series_state';

CREATE FUNCTION @extschema@.demand_series_state_send(@extschema@.demand_series_state) RETURNS bytea
	AS 'MODULE_PATHNAME', 'logistics_demand_series_state_send'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.demand_series_state_send(@extschema@.demand_series_state) IS
	'binary output function of demand_series_state';

CREATE TYPE @extschema@.demand_series_state (
	INPUT = @extschema@.demand_series_state_in,
	OUTPUT = @extschema@.demand_series_state_out,
	RECEIVE = @extschema@.demand_series_state_recv,
	SEND = @extschema@.demand_series_state_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);
COMMENT ON TYPE @extschema@.demand_series_state IS
	'state of demand_series: (from_ts and to_ts in microseconds since 2000-01-01 UTC, bucket months, days and microseconds, bucket count, one sum per bucket)';

-- IMMUTABLE: bucket starts follow the UTC calendar, never the session
-- TimeZone (which Citus does not pass to its workers).
CREATE FUNCTION @extschema@._demand_series_state_trans(@extschema@.demand_series_state, timestamptz,
													   float8, interval, timestamptz, timestamptz)
	RETURNS @extschema@.demand_series_state
	AS 'MODULE_PATHNAME', 'logistics_demand_series_state_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._demand_series_state_trans(@extschema@.demand_series_state, timestamptz, float8, interval, timestamptz, timestamptz) IS
	'transition function of demand_series';

CREATE FUNCTION @extschema@._demand_series_state_combine(@extschema@.demand_series_state,
														 @extschema@.demand_series_state)
	RETURNS @extschema@.demand_series_state
	AS 'MODULE_PATHNAME', 'logistics_demand_series_state_combine'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._demand_series_state_combine(@extschema@.demand_series_state, @extschema@.demand_series_state) IS
	'combine function of demand_series';

CREATE FUNCTION @extschema@._demand_series_state_final(@extschema@.demand_series_state)
	RETURNS float8[]
	AS 'MODULE_PATHNAME', 'logistics_demand_series_state_final'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._demand_series_state_final(@extschema@.demand_series_state) IS
	'final function of demand_series';

CREATE OR REPLACE AGGREGATE @extschema@.demand_series(ts timestamptz, qty float8, bucket interval,
										   from_ts timestamptz, to_ts timestamptz) (
	SFUNC = @extschema@._demand_series_state_trans,
	STYPE = @extschema@.demand_series_state,
	FINALFUNC = @extschema@._demand_series_state_final,
	COMBINEFUNC = @extschema@._demand_series_state_combine,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.demand_series(timestamptz, float8, interval, timestamptz, timestamptz) IS
	'sums qty into the buckets [from_ts + k bucket, from_ts + (k+1) bucket) covering [from_ts, to_ts), zero-filled; rows outside the range are ignored; at most 100000 buckets';

DROP FUNCTION @extschema@._demand_series_trans(internal, timestamptz, float8, interval, timestamptz, timestamptz);
DROP FUNCTION @extschema@._demand_series_combine(internal, internal);
DROP FUNCTION @extschema@._demand_series_serial(internal);
DROP FUNCTION @extschema@._demand_series_deserial(bytea, internal);
DROP FUNCTION @extschema@._demand_series_final(internal);

-- issue 17: real state type ledger_avg_state (doc/citus.md); the support functions on
-- internal go.
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

CREATE OR REPLACE AGGREGATE @extschema@.ledger_avg_level(ts timestamptz, delta float8, opening_level float8, period_start timestamptz, period_end timestamptz) (
	SFUNC = @extschema@._inv_ledger_trans,
	STYPE = @extschema@.ledger_avg_state,
	FINALFUNC = @extschema@._inv_ledger_final,
	COMBINEFUNC = @extschema@._inv_ledger_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.ledger_avg_level(timestamptz, float8, float8, timestamptz, timestamptz) IS
	'time-weighted average level over [period_start, period_end] from a movement ledger: opening_level plus the running sum of deltas; rows in any order, fixed-size state';

DROP FUNCTION @extschema@._inv_ledger_trans(internal, timestamptz, float8, float8, timestamptz, timestamptz);
DROP FUNCTION @extschema@._inv_ledger_combine(internal, internal);
DROP FUNCTION @extschema@._inv_ledger_serial(internal);
DROP FUNCTION @extschema@._inv_ledger_deserial(bytea, internal);
DROP FUNCTION @extschema@._inv_ledger_final(internal);

-- issue 17: real state type demand_cv_state (doc/citus.md); the support functions on
-- internal go.
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

CREATE OR REPLACE AGGREGATE @extschema@.demand_cv(qty float8) (
	SFUNC = @extschema@._inv_cv_trans,
	STYPE = @extschema@.demand_cv_state,
	FINALFUNC = @extschema@._inv_cv_final,
	COMBINEFUNC = @extschema@._inv_cv_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.demand_cv(float8) IS
	'coefficient of variation of demand: sample standard deviation / mean of the rows';

CREATE OR REPLACE AGGREGATE @extschema@.demand_cv(qty float8, n_periods bigint) (
	SFUNC = @extschema@._inv_cv_trans,
	STYPE = @extschema@.demand_cv_state,
	FINALFUNC = @extschema@._inv_cv_final,
	COMBINEFUNC = @extschema@._inv_cv_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.demand_cv(float8, bigint) IS
	'coefficient of variation of demand over n_periods periods, the periods without a row counting as zero demand';

DROP FUNCTION @extschema@._inv_cv_trans(internal, float8);
DROP FUNCTION @extschema@._inv_cv_trans(internal, float8, bigint);
DROP FUNCTION @extschema@._inv_cv_combine(internal, internal);
DROP FUNCTION @extschema@._inv_cv_serial(internal);
DROP FUNCTION @extschema@._inv_cv_deserial(bytea, internal);
DROP FUNCTION @extschema@._inv_cv_final(internal);

-- issue 16: interval levels are fractions, as every other confidence level
-- (the library now rejects 95 with a message that says to pass 0.95).
CREATE OR REPLACE FUNCTION @extschema@.forecast_table(y float8[], horizon int,
										   method text DEFAULT 'auto',
										   season_length int DEFAULT 1,
										   level float8 DEFAULT 0.95)
	RETURNS TABLE (step int, point float8, lower float8, upper float8)
	AS 'MODULE_PATHNAME', 'logistics_forecast_table'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10000 ROWS 28;
COMMENT ON FUNCTION @extschema@.forecast_table(float8[], int, text, int, float8) IS
	'point forecasts and a central prediction interval at level, a fraction (0.95 for 95%), one row per step (bounds NULL for methods without intervals)';
CREATE OR REPLACE FUNCTION @extschema@.forecast_predict(model @extschema@.forecast_model,
											 horizon int,
											 level float8 DEFAULT 0.95)
	RETURNS TABLE (step int, point float8, lower float8, upper float8)
	AS 'MODULE_PATHNAME', 'logistics_forecast_predict'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 100 ROWS 28;
COMMENT ON FUNCTION @extschema@.forecast_predict(@extschema@.forecast_model, int, float8) IS
	'forecasts and a prediction interval at level, a fraction (0.95 for 95%), from a fitted model, one row per step';

-- issue 17: cycle_time and cycle_time_days get a real state type,
-- logistics.cycle_time_state, so that Citus splits them (doc/citus.md);
-- their support functions on internal go.
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

CREATE OR REPLACE AGGREGATE @extschema@.cycle_time(start timestamptz, finish timestamptz) (
	SFUNC = @extschema@._ff_dur_avg_trans,
	STYPE = @extschema@.cycle_time_state,
	FINALFUNC = @extschema@._ff_dur_avg_interval_final,
	COMBINEFUNC = @extschema@._ff_dur_avg_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.cycle_time(timestamptz, timestamptz) IS
	'mean cycle time finish - start as an interval (exact; times)';

CREATE OR REPLACE AGGREGATE @extschema@.cycle_time_days(start timestamptz, finish timestamptz) (
	SFUNC = @extschema@._ff_dur_avg_trans,
	STYPE = @extschema@.cycle_time_state,
	FINALFUNC = @extschema@._ff_dur_avg_days_final,
	COMBINEFUNC = @extschema@._ff_dur_avg_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.cycle_time_days(timestamptz, timestamptz) IS
	'mean cycle time finish - start in days (exact; times)';

CREATE OR REPLACE AGGREGATE @extschema@.cycle_time(start date, finish date) (
	SFUNC = @extschema@._ff_dur_avg_date_trans,
	STYPE = @extschema@.cycle_time_state,
	FINALFUNC = @extschema@._ff_dur_avg_interval_final,
	COMBINEFUNC = @extschema@._ff_dur_avg_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.cycle_time(date, date) IS
	'mean cycle time finish - start as an interval (exact; dates)';

CREATE OR REPLACE AGGREGATE @extschema@.cycle_time_days(start date, finish date) (
	SFUNC = @extschema@._ff_dur_avg_date_trans,
	STYPE = @extschema@.cycle_time_state,
	FINALFUNC = @extschema@._ff_dur_avg_days_final,
	COMBINEFUNC = @extschema@._ff_dur_avg_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.cycle_time_days(date, date) IS
	'mean cycle time finish - start in days (exact; dates)';

DROP FUNCTION @extschema@._ff_dur_mean_trans(internal, timestamptz, timestamptz);
DROP FUNCTION @extschema@._ff_dur_mean_date_trans(internal, date, date);
DROP FUNCTION @extschema@._ff_dur_interval_final(internal);
DROP FUNCTION @extschema@._ff_dur_days_final(internal);

-- issue 17: inventory_aging gets a real state type, logistics.aging_state,
-- so that Citus splits it (doc/citus.md); its support functions on internal
-- go.
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

CREATE OR REPLACE AGGREGATE @extschema@.inventory_aging(ts timestamptz, qty float8, as_of timestamptz, bucket_days float8[]) (
	SFUNC = @extschema@._inv_aging_trans,
	STYPE = @extschema@.aging_state,
	FINALFUNC = @extschema@._inv_aging_final,
	COMBINEFUNC = @extschema@._inv_aging_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.inventory_aging(timestamptz, float8, timestamptz, float8[]) IS
	'units on hand at as_of by age bucket (youngest first), consuming receipts first-in-first-out; bucket_days are the increasing bucket boundaries in days';

CREATE OR REPLACE AGGREGATE @extschema@.inventory_aging(ts timestamptz, qty float8, as_of timestamptz) (
	SFUNC = @extschema@._inv_aging_trans,
	STYPE = @extschema@.aging_state,
	FINALFUNC = @extschema@._inv_aging_final,
	COMBINEFUNC = @extschema@._inv_aging_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.inventory_aging(timestamptz, float8, timestamptz) IS
	'units on hand at as_of in the age buckets 0-30, 30-60, 60-90 and 90+ days, consuming receipts first-in-first-out';

DROP FUNCTION @extschema@._inv_aging_trans(internal, timestamptz, float8, timestamptz);
DROP FUNCTION @extschema@._inv_aging_trans(internal, timestamptz, float8, timestamptz, float8[]);
DROP FUNCTION @extschema@._inv_aging_combine(internal, internal);
DROP FUNCTION @extschema@._inv_aging_serial(internal);
DROP FUNCTION @extschema@._inv_aging_deserial(bytea, internal);
DROP FUNCTION @extschema@._inv_aging_final(internal);

-- issue 17: the order-level rates with a bigint order key on a real state
-- type, order_keys_state (doc/citus.md), so that Citus splits them; the
-- support functions on internal go (the text-key forms: below).
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

CREATE OR REPLACE AGGREGATE @extschema@.perfect_order_rate(order_key bigint, on_time boolean, in_full boolean, damage_free boolean, documents_ok boolean) (
	SFUNC = @extschema@._ff_okeys_perfect_trans,
	STYPE = @extschema@.order_keys_state,
	FINALFUNC = @extschema@._ff_okeys_final,
	COMBINEFUNC = @extschema@._ff_okeys_combine,
	PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE @extschema@.perfect_order_rate_ci(order_key bigint, on_time boolean, in_full boolean, damage_free boolean, documents_ok boolean) (
	SFUNC = @extschema@._ff_okeys_perfect_trans,
	STYPE = @extschema@.order_keys_state,
	FINALFUNC = @extschema@._ff_okeys_ci_final,
	COMBINEFUNC = @extschema@._ff_okeys_combine,
	PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE @extschema@.order_fill_rate(order_key bigint, qty_ordered float8, qty_shipped float8) (
	SFUNC = @extschema@._ff_okeys_fill_trans,
	STYPE = @extschema@.order_keys_state,
	FINALFUNC = @extschema@._ff_okeys_final,
	COMBINEFUNC = @extschema@._ff_okeys_combine,
	PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE @extschema@.order_fill_rate_ci(order_key bigint, qty_ordered float8, qty_shipped float8) (
	SFUNC = @extschema@._ff_okeys_fill_trans,
	STYPE = @extschema@.order_keys_state,
	FINALFUNC = @extschema@._ff_okeys_ci_final,
	COMBINEFUNC = @extschema@._ff_okeys_combine,
	PARALLEL = SAFE
);

DROP FUNCTION @extschema@._ff_perfect_key_trans(internal, bigint, boolean, boolean, boolean, boolean);
DROP FUNCTION @extschema@._ff_order_fill_key_trans(internal, bigint, float8, float8);
DROP FUNCTION @extschema@._ff_keys_combine(internal, internal);
DROP FUNCTION @extschema@._ff_keys_serial(internal);
DROP FUNCTION @extschema@._ff_keys_deserial(bytea, internal);
DROP FUNCTION @extschema@._ff_keys_final(internal);
DROP FUNCTION @extschema@._ff_keys_ci_final(internal);

-- issue 17: the order-level rates with a text order key on a real state
-- type, order_text_keys_state (doc/citus.md), so that Citus splits them; the
-- support functions on internal go.
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

CREATE OR REPLACE AGGREGATE @extschema@.perfect_order_rate(order_key text, on_time boolean, in_full boolean, damage_free boolean, documents_ok boolean) (
	SFUNC = @extschema@._ff_otkeys_perfect_trans,
	STYPE = @extschema@.order_text_keys_state,
	FINALFUNC = @extschema@._ff_otkeys_final,
	COMBINEFUNC = @extschema@._ff_otkeys_combine,
	PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE @extschema@.perfect_order_rate_ci(order_key text, on_time boolean, in_full boolean, damage_free boolean, documents_ok boolean) (
	SFUNC = @extschema@._ff_otkeys_perfect_trans,
	STYPE = @extschema@.order_text_keys_state,
	FINALFUNC = @extschema@._ff_otkeys_ci_final,
	COMBINEFUNC = @extschema@._ff_otkeys_combine,
	PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE @extschema@.order_fill_rate(order_key text, qty_ordered float8, qty_shipped float8) (
	SFUNC = @extschema@._ff_otkeys_fill_trans,
	STYPE = @extschema@.order_text_keys_state,
	FINALFUNC = @extschema@._ff_otkeys_final,
	COMBINEFUNC = @extschema@._ff_otkeys_combine,
	PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE @extschema@.order_fill_rate_ci(order_key text, qty_ordered float8, qty_shipped float8) (
	SFUNC = @extschema@._ff_otkeys_fill_trans,
	STYPE = @extschema@.order_text_keys_state,
	FINALFUNC = @extschema@._ff_otkeys_ci_final,
	COMBINEFUNC = @extschema@._ff_otkeys_combine,
	PARALLEL = SAFE
);

DROP FUNCTION @extschema@._ff_perfect_tkey_trans(internal, text, boolean, boolean, boolean, boolean);
DROP FUNCTION @extschema@._ff_order_fill_tkey_trans(internal, text, float8, float8);
DROP FUNCTION @extschema@._ff_tkeys_combine(internal, internal);
DROP FUNCTION @extschema@._ff_tkeys_serial(internal);
DROP FUNCTION @extschema@._ff_tkeys_deserial(bytea, internal);
DROP FUNCTION @extschema@._ff_tkeys_final(internal);
DROP FUNCTION @extschema@._ff_tkeys_ci_final(internal);

-- issue 17: fulfillment_kpis gets a real state type,
-- logistics.fulfillment_kpis_state, so that Citus splits it (doc/citus.md);
-- its support functions on internal go.
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

CREATE OR REPLACE AGGREGATE @extschema@.fulfillment_kpis(ordered_at timestamptz, promised_at timestamptz, delivered_at timestamptz, qty_ordered float8, qty_shipped float8, qty_returned float8, damage_free boolean, documents_ok boolean) (
	SFUNC = @extschema@._ff_kpis_trans,
	STYPE = @extschema@.fulfillment_kpis_state,
	FINALFUNC = @extschema@._ff_kpis_final,
	COMBINEFUNC = @extschema@._ff_kpis_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fulfillment_kpis(timestamptz, timestamptz, timestamptz, float8, float8, float8, boolean, boolean) IS
	'all fulfilment KPIs of a group of order lines in one pass: on time, in full, OTIF, perfect lines, unit fill and return rates with 95% Wilson intervals, mean and percentile cycle time and lateness; memory 16 bytes per delivered line; a real state type, so it splits across parallel workers and Citus nodes (each ships its values, a few characters per line)';

DROP FUNCTION @extschema@._ff_kpi_trans(internal, timestamptz, timestamptz, timestamptz, float8, float8, float8, boolean, boolean);
DROP FUNCTION @extschema@._ff_kpi_combine(internal, internal);
DROP FUNCTION @extschema@._ff_kpi_serial(internal);
DROP FUNCTION @extschema@._ff_kpi_deserial(bytea, internal);
DROP FUNCTION @extschema@._ff_kpi_final(internal);
