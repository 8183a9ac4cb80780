
-- ---------------------------------------------------------------------------
-- Fleet routing (VRP): which vehicle serves which jobs, in what order, when
-- it arrives, and what it costs.  Input and output follow VROOM's JSON
-- format (doc/routing.md).  See src/routing/vrp*.c.
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.vrp_solve(problem jsonb, options jsonb DEFAULT '{}')
	RETURNS jsonb
	AS 'MODULE_PATHNAME', 'logistics_vrp_solve'
	LANGUAGE C VOLATILE STRICT PARALLEL SAFE COST 100000;
COMMENT ON FUNCTION @extschema@.vrp_solve(jsonb, jsonb) IS
	'vehicle routes for jobs (VROOM input format: vehicles with start/end, capacity, time_window, costs, skills, limits, driver breaks, initial routes (steps); jobs with delivery/pickup, service, time_windows, skills, priority; shipments picked up at one place and delivered at another; matrices per profile, or [lon, lat] locations with geodesic distances); returns VROOM''s output format plus co2_kg and the search statistics; deterministic for a given seed and budget unless options.time_limit stops it';

CREATE FUNCTION @extschema@.vrp_routes(problem jsonb, options jsonb DEFAULT '{}')
	RETURNS TABLE (vehicle_id bigint, route_step int, kind text, job_id bigint,
				   location_index int, lon float8, lat float8,
				   arrival_s float8, departure_s float8, waiting_s float8,
				   service_s float8, load float8[], distance_m float8,
				   travel_s float8, cost float8, unassigned_reason text)
	LANGUAGE sql VOLATILE STRICT PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
	AS $$
	WITH s AS (SELECT @extschema@.vrp_solve(problem, options) AS r),
	rows AS (
		SELECT rt.ord AS route_ord, st.ord AS step_ord,
			   (rt.e->>'vehicle')::bigint AS vehicle_id, st.e
		FROM s,
			 jsonb_array_elements(s.r->'routes') WITH ORDINALITY rt(e, ord),
			 jsonb_array_elements(rt.e->'steps') WITH ORDINALITY st(e, ord)
		UNION ALL
		SELECT 2147483647, u.ord, NULL, u.e
		FROM s, jsonb_array_elements(s.r->'unassigned') WITH ORDINALITY u(e, ord))
	SELECT vehicle_id,
		   CASE WHEN vehicle_id IS NOT NULL THEN step_ord::int END,
		   CASE WHEN vehicle_id IS NULL THEN 'unassigned' ELSE e->>'type' END,
		   (e->>'id')::bigint,
		   (e->>'location_index')::int,
		   (e->'location'->>0)::float8,
		   (e->'location'->>1)::float8,
		   (e->>'arrival')::float8,
		   (e->>'departure')::float8,
		   (e->>'waiting_time')::float8,
		   (e->>'service')::float8,
		   CASE WHEN vehicle_id IS NOT NULL THEN
			   ARRAY(SELECT x::float8
					 FROM jsonb_array_elements_text(e->'load') x) END,
		   (e->>'distance')::float8,
		   (e->>'duration')::float8,
		   (e->>'cost')::float8,
		   e->>'reason'
	FROM rows
	ORDER BY route_ord, step_ord
	$$;
COMMENT ON FUNCTION @extschema@.vrp_routes(jsonb, jsonb) IS
	'vrp_solve as rows: one per route step (vehicle, step, kind start/job/pickup/delivery/break/end, job id (the break id for a break), location, arrival/departure/waiting/service in seconds, load after the step per dimension, cumulated distance in metres, travel time in seconds and cost) and one per unassigned job with the reason';

-- Building a problem from tables: one job or vehicle object per row, to be
-- gathered with jsonb_agg (doc/routing.md, "From tables").  SQL-standard
-- bodies, bound at creation (no search_path dependence).  STABLE because
-- the epoch of a timestamptz goes through extract(), which is STABLE.
CREATE FUNCTION @extschema@.vrp_job(id bigint, lon float8, lat float8,
									delivery float8[] DEFAULT NULL,
									pickup float8[] DEFAULT NULL,
									service_s float8 DEFAULT NULL,
									window_start timestamptz DEFAULT NULL,
									window_end timestamptz DEFAULT NULL,
									skills int[] DEFAULT NULL,
									priority int DEFAULT NULL,
									location_index int DEFAULT NULL,
									description text DEFAULT NULL)
	RETURNS jsonb
	LANGUAGE sql STABLE PARALLEL SAFE
	RETURN jsonb_strip_nulls(jsonb_build_object(
		'id', id,
		'description', description,
		'location', CASE WHEN lon IS NOT NULL OR lat IS NOT NULL
						 THEN jsonb_build_array(lon, lat) END,
		'location_index', location_index,
		'delivery', delivery,
		'pickup', pickup,
		'service', service_s,
		'time_windows',
			CASE WHEN window_start IS NOT NULL OR window_end IS NOT NULL
				 THEN jsonb_build_array(jsonb_build_array(
						  EXTRACT(EPOCH FROM window_start),
						  EXTRACT(EPOCH FROM window_end))) END,
		'skills', skills,
		'priority', priority));
COMMENT ON FUNCTION @extschema@.vrp_job(bigint, float8, float8, float8[], float8[], float8, timestamptz, timestamptz, int[], int, int, text) IS
	'one job of a vrp_solve problem as jsonb (VROOM keys), from table columns: id, location [lon, lat] in degrees (or location_index with matrices), delivery and pickup amounts per dimension, service_s in seconds, one delivery window as timestamps (both or neither; times become epoch seconds), skills, priority 0..100; NULL arguments are left out; gather with jsonb_agg';

CREATE FUNCTION @extschema@.vrp_vehicle(id bigint, start_lon float8, start_lat float8,
										end_lon float8 DEFAULT NULL,
										end_lat float8 DEFAULT NULL,
										capacity float8[] DEFAULT NULL,
										shift_start timestamptz DEFAULT NULL,
										shift_end timestamptz DEFAULT NULL,
										fixed_cost float8 DEFAULT NULL,
										cost_per_hour float8 DEFAULT NULL,
										cost_per_km float8 DEFAULT NULL,
										co2_g_per_km float8 DEFAULT NULL,
										skills int[] DEFAULT NULL,
										max_tasks int DEFAULT NULL,
										round_trip boolean DEFAULT true,
										description text DEFAULT NULL)
	RETURNS jsonb
	LANGUAGE sql STABLE PARALLEL SAFE
	RETURN jsonb_strip_nulls(jsonb_build_object(
		'id', id,
		'description', description,
		'start', CASE WHEN start_lon IS NOT NULL OR start_lat IS NOT NULL
					  THEN jsonb_build_array(start_lon, start_lat) END,
		'end', CASE WHEN end_lon IS NOT NULL OR end_lat IS NOT NULL
					THEN jsonb_build_array(end_lon, end_lat)
					WHEN round_trip AND (start_lon IS NOT NULL OR
										 start_lat IS NOT NULL)
					THEN jsonb_build_array(start_lon, start_lat) END,
		'capacity', capacity,
		'time_window',
			CASE WHEN shift_start IS NOT NULL OR shift_end IS NOT NULL
				 THEN jsonb_build_array(EXTRACT(EPOCH FROM shift_start),
										EXTRACT(EPOCH FROM shift_end)) END,
		'costs', CASE WHEN fixed_cost IS NOT NULL OR cost_per_hour IS NOT NULL
						   OR cost_per_km IS NOT NULL
					  THEN jsonb_build_object('fixed', fixed_cost,
											  'per_hour', cost_per_hour,
											  'per_km', cost_per_km) END,
		'co2_g_per_km', co2_g_per_km,
		'skills', skills,
		'max_tasks', max_tasks));
COMMENT ON FUNCTION @extschema@.vrp_vehicle(bigint, float8, float8, float8, float8, float8[], timestamptz, timestamptz, float8, float8, float8, float8, int[], int, boolean, text) IS
	'one vehicle of a vrp_solve problem as jsonb (VROOM keys), from table columns: id, start [lon, lat] in degrees, end (default: back to the start; round_trip false: the route ends at its last job), capacity per dimension, shift as timestamps (both or neither; epoch seconds), fixed cost, cost per hour and per km, co2_g_per_km, skills, max_tasks; NULL arguments are left out; gather with jsonb_agg';
