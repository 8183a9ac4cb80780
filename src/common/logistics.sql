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

