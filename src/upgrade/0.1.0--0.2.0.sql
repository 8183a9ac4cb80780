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
