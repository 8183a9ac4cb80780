
-- ---------------------------------------------------------------------------
-- Routes: length and cost of a path of points taken in order (aggregates
-- called with ORDER BY), and the cost model.  Coordinates are degrees,
-- latitude first; distances are metres.  See src/routing/route_fmgr.c.
-- ---------------------------------------------------------------------------

-- route_length: the state is float8[6] {points, lat0, lon0, lat1, lon1,
-- metres}.  The combine function joins two consecutive stretches of the
-- path (first argument first); PostgreSQL never combines partial states of
-- an aggregate called with ORDER BY, see src/geodesic_fmgr.c.

CREATE FUNCTION @extschema@._route_length_trans(float8[], float8, float8)
	RETURNS float8[]
	AS 'MODULE_PATHNAME', 'logistics_route_length_trans'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._route_length_trans(float8[], float8, float8) IS
	'transition function of route_length(lat, lon)';

CREATE FUNCTION @extschema@._route_length_geom_trans(float8[], geometry)
	RETURNS float8[]
	AS 'MODULE_PATHNAME', 'logistics_route_length_geom_trans'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._route_length_geom_trans(float8[], geometry) IS
	'transition function of route_length(geometry)';

CREATE FUNCTION @extschema@._route_length_combine(float8[], float8[])
	RETURNS float8[]
	AS 'MODULE_PATHNAME', 'logistics_route_length_combine'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._route_length_combine(float8[], float8[]) IS
	'combine function of route_length: the path of the second state follows the path of the first';

CREATE FUNCTION @extschema@._route_length_final(float8[])
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_route_length_final'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._route_length_final(float8[]) IS
	'final function of route_length: metres, NULL without points';

CREATE AGGREGATE @extschema@.route_length(lat float8, lon float8) (
	SFUNC = @extschema@._route_length_trans,
	STYPE = float8[],
	INITCOND = '{0,0,0,0,0,0}',
	COMBINEFUNC = @extschema@._route_length_combine,
	FINALFUNC = @extschema@._route_length_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.route_length(float8, float8) IS
	'geodesic length in metres (WGS84) of the path through the points in aggregation order: call as route_length(lat, lon ORDER BY seq)';

CREATE AGGREGATE @extschema@.route_length(geometry) (
	SFUNC = @extschema@._route_length_geom_trans,
	STYPE = float8[],
	INITCOND = '{0,0,0,0,0,0}',
	COMBINEFUNC = @extschema@._route_length_combine,
	FINALFUNC = @extschema@._route_length_final,
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
	cost float8,
	co2_kg float8,
	stops int,
	duration_h float8
);
COMMENT ON TYPE @extschema@.route_cost_result IS
	'result of route_cost: geodesic distance in metres, cost (currency of the cost model), CO2 in kg, number of stops, driving plus service time in hours (duration_h)';

-- route_cost: the state is float8[14] {points, lat0, lon0, lat1, lon1,
-- metres, stops, the 7 cost model fields}.

CREATE FUNCTION @extschema@._route_cost_trans(float8[], float8, float8,
											 @extschema@.cost_model)
	RETURNS float8[]
	AS 'MODULE_PATHNAME', 'logistics_route_cost_trans'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._route_cost_trans(float8[], float8, float8, @extschema@.cost_model) IS
	'transition function of route_cost(lat, lon, model)';

CREATE FUNCTION @extschema@._route_cost_stop_trans(float8[], float8, float8,
												  @extschema@.cost_model, boolean)
	RETURNS float8[]
	AS 'MODULE_PATHNAME', 'logistics_route_cost_stop_trans'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._route_cost_stop_trans(float8[], float8, float8, @extschema@.cost_model, boolean) IS
	'transition function of route_cost(lat, lon, model, is_stop)';

CREATE FUNCTION @extschema@._route_cost_combine(float8[], float8[])
	RETURNS float8[]
	AS 'MODULE_PATHNAME', 'logistics_route_cost_combine'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._route_cost_combine(float8[], float8[]) IS
	'combine function of route_cost: the path of the second state follows the path of the first';

CREATE FUNCTION @extschema@._route_cost_final(float8[])
	RETURNS @extschema@.route_cost_result
	AS 'MODULE_PATHNAME', 'logistics_route_cost_final'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._route_cost_final(float8[]) IS
	'final function of route_cost: distance, cost, CO2, stops and duration in hours; NULL without points';

CREATE AGGREGATE @extschema@.route_cost(lat float8, lon float8,
										model @extschema@.cost_model) (
	SFUNC = @extschema@._route_cost_trans,
	STYPE = float8[],
	INITCOND = '{0,0,0,0,0,0,0,0,0,0,0,0,0,0}',
	COMBINEFUNC = @extschema@._route_cost_combine,
	FINALFUNC = @extschema@._route_cost_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.route_cost(float8, float8, @extschema@.cost_model) IS
	'distance, duration, cost and CO2 of the path through the points in aggregation order, every point a stop: call as route_cost(lat, lon, model ORDER BY seq)';

CREATE AGGREGATE @extschema@.route_cost(lat float8, lon float8,
										model @extschema@.cost_model,
										is_stop boolean) (
	SFUNC = @extschema@._route_cost_stop_trans,
	STYPE = float8[],
	INITCOND = '{0,0,0,0,0,0,0,0,0,0,0,0,0,0}',
	COMBINEFUNC = @extschema@._route_cost_combine,
	FINALFUNC = @extschema@._route_cost_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.route_cost(float8, float8, @extschema@.cost_model, boolean) IS
	'as route_cost(lat, lon, model) where only points with is_stop count as stops (false for the depot at the start and end of a tour)';

-- Every geometry and geography above must be PostGIS's own type.  The guard
-- at the top of this script already makes that so (the schema is new or
-- empty and the search_path is this schema, PostGIS's, pg_temp); this
-- check states it and stops the install should it ever not hold.
DO $bind$
DECLARE
	bad			text;
BEGIN
	SELECT pg_catalog.format('%s takes %s', p.oid::pg_catalog.regprocedure,
							 t.oid::pg_catalog.regtype)
	INTO bad
	FROM pg_catalog.pg_depend d
	JOIN pg_catalog.pg_extension e ON e.oid OPERATOR(pg_catalog.=) d.refobjid
	JOIN pg_catalog.pg_proc p ON p.oid OPERATOR(pg_catalog.=) d.objid
	CROSS JOIN LATERAL pg_catalog.unnest(p.proargtypes::pg_catalog.oid[]) AS a(typ)
	JOIN pg_catalog.pg_type t ON t.oid OPERATOR(pg_catalog.=) a.typ
	LEFT JOIN pg_catalog.pg_type el ON el.oid OPERATOR(pg_catalog.=) t.typelem
		AND t.typcategory OPERATOR(pg_catalog.=) 'A'
	WHERE d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass
	  AND d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_extension'::pg_catalog.regclass
	  AND d.deptype OPERATOR(pg_catalog.=) 'e'
	  AND e.extname OPERATOR(pg_catalog.=) 'logistics'
	  AND COALESCE(el.typname, t.typname) OPERATOR(pg_catalog.=) ANY (ARRAY['geometry', 'geography']::pg_catalog.name[])
	  AND NOT EXISTS (
		SELECT FROM pg_catalog.pg_depend g
		JOIN pg_catalog.pg_extension ge ON ge.oid OPERATOR(pg_catalog.=) g.refobjid
		WHERE g.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_type'::pg_catalog.regclass
		  AND g.objid OPERATOR(pg_catalog.=) COALESCE(el.oid, t.oid)
		  AND g.deptype OPERATOR(pg_catalog.=) 'e'
		  AND ge.extname OPERATOR(pg_catalog.=) 'postgis')
	LIMIT 1;
	IF bad IS NOT NULL THEN
		RAISE EXCEPTION USING ERRCODE = 'wrong_object_type',
			MESSAGE = pg_catalog.format('%s, which is not a PostGIS type: install PostGIS first (CREATE EXTENSION postgis SCHEMA public) and drop any other type named geometry or geography from the search_path', bad);
	END IF;
END
$bind$;
