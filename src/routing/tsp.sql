
-- ---------------------------------------------------------------------------
-- Stop order (TSP): a good visiting order for a cost matrix or for points,
-- and the cost of a given order.  Stops are numbered 1..n by their position
-- in the matrix (or in the lat/lon arrays).  See src/tsp.c.
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.tsp_tour(dist float8[], closed boolean DEFAULT true,
									 start_index int DEFAULT 1,
									 end_index int DEFAULT NULL)
	RETURNS int[]
	AS 'MODULE_PATHNAME', 'logistics_tsp_tour'
	LANGUAGE C IMMUTABLE PARALLEL SAFE COST 10000;
COMMENT ON FUNCTION @extschema@.tsp_tour(float8[], boolean, int, int) IS
	'short visiting order (1-based stop numbers, each once, from start_index; end_index last when given) for an n x n cost matrix, symmetric or not; closed: the tour returns to the start; exact up to 12 stops, chained Lin-Kernighan above; deterministic; at most 5000 stops';

CREATE FUNCTION @extschema@.tsp_tour(lat float8[], lon float8[],
									 closed boolean DEFAULT true,
									 start_index int DEFAULT 1,
									 end_index int DEFAULT NULL)
	RETURNS int[]
	AS 'MODULE_PATHNAME', 'logistics_tsp_tour_latlon'
	LANGUAGE C IMMUTABLE PARALLEL SAFE COST 10000;
COMMENT ON FUNCTION @extschema@.tsp_tour(float8[], float8[], boolean, int, int) IS
	'tsp_tour on the geodesic distances (WGS84, metres) between the points (lat[i], lon[i]), degrees; at most 5000 points';

CREATE FUNCTION @extschema@.tour_length(dist float8[], tour int[],
										closed boolean DEFAULT true)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_tour_length'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tour_length(float8[], int[], boolean) IS
	'cost of visiting the stops in the order of tour (each stop once, the first may be repeated at the end) under the n x n cost matrix dist, plus the leg back to the first stop when closed';
