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
