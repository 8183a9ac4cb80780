
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
	'vehicle routes for jobs (VROOM input format: vehicles with start/end, capacity, time_window, costs, skills, limits; jobs with delivery/pickup, service, time_windows, skills, priority; shipments picked up at one place and delivered at another; matrices per profile, or [lon, lat] locations with geodesic distances); returns VROOM''s output format plus co2_kg and the search statistics; deterministic for a given seed and budget unless options.time_limit stops it';

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
	'vrp_solve as rows: one per route step (vehicle, step, kind start/job/pickup/delivery/end, job id, location, arrival/departure/waiting/service in seconds, load after the step per dimension, cumulated distance in metres, travel time in seconds and cost) and one per unassigned job with the reason';
