
-- ---------------------------------------------------------------------------
-- Geodesics: distances on the WGS84 ellipsoid (Karney's method) and on the
-- mean-radius sphere, and distance matrices.
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
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10000;
COMMENT ON FUNCTION @extschema@.distance_matrix(float8[], float8[]) IS
	'n x n matrix of geodesic distances in metres (WGS84) between the points (lat[i], lon[i]); at most 5000 points';

CREATE FUNCTION @extschema@.distance_matrix(points geometry[])
	RETURNS float8[]
	AS 'MODULE_PATHNAME', 'logistics_distance_matrix_geometry'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10000;
COMMENT ON FUNCTION @extschema@.distance_matrix(geometry[]) IS
	'n x n matrix of geodesic distances in metres (WGS84) between points in SRID 4326; at most 5000 points';

CREATE FUNCTION @extschema@.distance_matrix(points geography[])
	RETURNS float8[]
	AS 'MODULE_PATHNAME', 'logistics_distance_matrix_geography'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10000;
COMMENT ON FUNCTION @extschema@.distance_matrix(geography[]) IS
	'n x n matrix of geodesic distances in metres (WGS84) between geography points (SRID 4326); at most 5000 points';
