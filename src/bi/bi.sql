
-- ---------------------------------------------------------------------------
-- BI companions (issue 16): what Metabase, Grafana, Superset, Cube and their
-- drivers can show without help.  Every composite result gets a flat form, a
-- function with OUT arguments over the composite, whose column names are
-- unique across the flat forms and carry the measure and the unit; array
-- results get row forms, with a time column where the rows are a series.
-- The composite and array forms stay for SQL users.  doc/bi.md says which
-- to use from a BI tool.  Everything here is a thin SQL layer over the C
-- functions: SQL-standard bodies (bound when created, so search_path-safe)
-- where nothing needs checking, PL/pgSQL with a fixed search_path where an
-- argument must be checked first.
-- ---------------------------------------------------------------------------

-- Flat forms of rate_ci, one per measure, so that two rates in one SELECT
-- do not both arrive as "rate, lower, upper".
CREATE FUNCTION @extschema@.order_accuracy_flat(r @extschema@.rate_ci,
		OUT order_accuracy_rate float8, OUT order_accuracy_lower float8, OUT order_accuracy_upper float8,
		OUT order_accuracy_successes float8, OUT order_accuracy_trials float8)
	RETURNS record
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
	SELECT r.rate, r.lower, r.upper, r.successes, r.trials;
END;
COMMENT ON FUNCTION @extschema@.order_accuracy_flat(@extschema@.rate_ci) IS
	'the rate_ci of order_accuracy_ci as flat columns: order_accuracy_rate (fraction), its 95% Wilson interval order_accuracy_lower and order_accuracy_upper, order_accuracy_successes (accurate orders) and order_accuracy_trials (orders)';

CREATE FUNCTION @extschema@.perfect_order_flat(r @extschema@.rate_ci,
		OUT perfect_order_rate float8, OUT perfect_order_lower float8, OUT perfect_order_upper float8,
		OUT perfect_order_successes float8, OUT perfect_order_trials float8)
	RETURNS record
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
	SELECT r.rate, r.lower, r.upper, r.successes, r.trials;
END;
COMMENT ON FUNCTION @extschema@.perfect_order_flat(@extschema@.rate_ci) IS
	'the rate_ci of perfect_order_rate_ci as flat columns: perfect_order_rate (fraction), its 95% Wilson interval perfect_order_lower and perfect_order_upper, perfect_order_successes (perfect orders) and perfect_order_trials (orders)';

CREATE FUNCTION @extschema@.on_time_flat(r @extschema@.rate_ci,
		OUT on_time_rate float8, OUT on_time_lower float8, OUT on_time_upper float8,
		OUT on_time_successes float8, OUT on_time_trials float8)
	RETURNS record
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
	SELECT r.rate, r.lower, r.upper, r.successes, r.trials;
END;
COMMENT ON FUNCTION @extschema@.on_time_flat(@extschema@.rate_ci) IS
	'the rate_ci of on_time_rate_ci as flat columns: on_time_rate (fraction), its 95% Wilson interval on_time_lower and on_time_upper, on_time_successes (lines delivered on time) and on_time_trials (lines)';

CREATE FUNCTION @extschema@.otif_flat(r @extschema@.rate_ci,
		OUT otif_rate float8, OUT otif_lower float8, OUT otif_upper float8,
		OUT otif_successes float8, OUT otif_trials float8)
	RETURNS record
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
	SELECT r.rate, r.lower, r.upper, r.successes, r.trials;
END;
COMMENT ON FUNCTION @extschema@.otif_flat(@extschema@.rate_ci) IS
	'the rate_ci of otif_ci as flat columns: otif_rate (fraction), its 95% Wilson interval otif_lower and otif_upper, otif_successes (lines on time and in full) and otif_trials (lines)';

CREATE FUNCTION @extschema@.fill_rate_flat(r @extschema@.rate_ci,
		OUT fill_rate float8, OUT fill_lower float8, OUT fill_upper float8,
		OUT fill_successes float8, OUT fill_trials float8)
	RETURNS record
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
	SELECT r.rate, r.lower, r.upper, r.successes, r.trials;
END;
COMMENT ON FUNCTION @extschema@.fill_rate_flat(@extschema@.rate_ci) IS
	'the rate_ci of fill_rate_ci as flat columns: fill_rate (fraction), its 95% Wilson interval fill_lower and fill_upper, fill_successes (units filled) and fill_trials (units ordered)';

CREATE FUNCTION @extschema@.line_fill_flat(r @extschema@.rate_ci,
		OUT line_fill_rate float8, OUT line_fill_lower float8, OUT line_fill_upper float8,
		OUT line_fill_successes float8, OUT line_fill_trials float8)
	RETURNS record
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
	SELECT r.rate, r.lower, r.upper, r.successes, r.trials;
END;
COMMENT ON FUNCTION @extschema@.line_fill_flat(@extschema@.rate_ci) IS
	'the rate_ci of line_fill_rate_ci as flat columns: line_fill_rate (fraction), its 95% Wilson interval line_fill_lower and line_fill_upper, line_fill_successes (lines filled in full) and line_fill_trials (lines)';

CREATE FUNCTION @extschema@.order_fill_flat(r @extschema@.rate_ci,
		OUT order_fill_rate float8, OUT order_fill_lower float8, OUT order_fill_upper float8,
		OUT order_fill_successes float8, OUT order_fill_trials float8)
	RETURNS record
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
	SELECT r.rate, r.lower, r.upper, r.successes, r.trials;
END;
COMMENT ON FUNCTION @extschema@.order_fill_flat(@extschema@.rate_ci) IS
	'the rate_ci of order_fill_rate_ci as flat columns: order_fill_rate (fraction), its 95% Wilson interval order_fill_lower and order_fill_upper, order_fill_successes (orders filled in full) and order_fill_trials (orders)';

CREATE FUNCTION @extschema@.return_flat(r @extschema@.rate_ci,
		OUT return_rate float8, OUT return_lower float8, OUT return_upper float8,
		OUT return_successes float8, OUT return_trials float8)
	RETURNS record
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
	SELECT r.rate, r.lower, r.upper, r.successes, r.trials;
END;
COMMENT ON FUNCTION @extschema@.return_flat(@extschema@.rate_ci) IS
	'the rate_ci of return_rate_ci as flat columns: return_rate (fraction), its 95% Wilson interval return_lower and return_upper, return_successes (units returned) and return_trials (units sold)';

-- Flat forms of the summaries.  Durations stay in days (float8), as the
-- composites have them; counts say what they count.

CREATE FUNCTION @extschema@.cycle_time_flat(s @extschema@.duration_summary,
		OUT cycle_time_lines bigint, OUT cycle_time_days_mean float8,
		OUT cycle_time_days_min float8, OUT cycle_time_days_p50 float8,
		OUT cycle_time_days_p90 float8, OUT cycle_time_days_p95 float8,
		OUT cycle_time_days_max float8, OUT cycle_time_negative_lines bigint)
	RETURNS record
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
	SELECT s.n, s.mean_days, s.min_days, s.p50_days, s.p90_days, s.p95_days,
		   s.max_days, s.negative;
END;
COMMENT ON FUNCTION @extschema@.cycle_time_flat(@extschema@.duration_summary) IS
	'the duration_summary of cycle_time_summary as flat columns: lines, mean, min, exact p50/p90/p95 and max in days, lines with a negative duration';

CREATE FUNCTION @extschema@.lateness_flat(s @extschema@.lateness_summary,
		OUT lateness_lines bigint, OUT lateness_delivered_lines bigint,
		OUT early_lines bigint, OUT on_schedule_lines bigint,
		OUT late_lines bigint, OUT lateness_on_time_rate float8,
		OUT lateness_days_mean float8, OUT lateness_days_min float8,
		OUT lateness_days_p50 float8, OUT lateness_days_p90 float8,
		OUT lateness_days_p95 float8, OUT lateness_days_max float8,
		OUT days_late_mean float8)
	RETURNS record
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
	SELECT s.lines, s.delivered, s.early, s.on_schedule, s.late, s.on_time_rate,
		   s.mean_days, s.min_days, s.p50_days, s.p90_days, s.p95_days,
		   s.max_days, s.mean_days_late;
END;
COMMENT ON FUNCTION @extschema@.lateness_flat(@extschema@.lateness_summary) IS
	'the lateness_summary of lateness_summary() as flat columns: line counts (all, delivered, early, on schedule, late), on-time rate (fraction), lateness (delivered - promised) in days: mean, min, exact p50/p90/p95, max, and mean days late of late lines';

CREATE FUNCTION @extschema@.fulfillment_kpis_flat(k @extschema@.fulfillment_kpis,
		OUT order_lines bigint, OUT delivered_lines bigint,
		OUT on_time_lines bigint, OUT on_time_rate float8,
		OUT on_time_lower float8, OUT on_time_upper float8,
		OUT in_full_lines bigint, OUT in_full_rate float8,
		OUT in_full_lower float8, OUT in_full_upper float8,
		OUT otif_lines bigint, OUT otif_rate float8,
		OUT otif_lower float8, OUT otif_upper float8,
		OUT perfect_known_lines bigint, OUT perfect_lines bigint,
		OUT perfect_rate float8, OUT perfect_lower float8,
		OUT perfect_upper float8,
		OUT units_ordered float8, OUT units_filled float8,
		OUT fill_rate float8, OUT fill_lower float8, OUT fill_upper float8,
		OUT units_shipped float8, OUT units_returned float8,
		OUT return_rate float8, OUT return_lower float8,
		OUT return_upper float8,
		OUT cycle_lines bigint, OUT cycle_days_mean float8,
		OUT cycle_days_p50 float8, OUT cycle_days_p90 float8,
		OUT cycle_days_p95 float8,
		OUT late_lines bigint, OUT lateness_days_mean float8,
		OUT lateness_days_p50 float8, OUT lateness_days_p90 float8,
		OUT lateness_days_p95 float8, OUT days_late_mean float8)
	RETURNS record
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
	SELECT k.lines, k.delivered, k.on_time, k.on_time_rate, k.on_time_lower,
		   k.on_time_upper, k.in_full, k.in_full_rate, k.in_full_lower,
		   k.in_full_upper, k.otif, k.otif_rate, k.otif_lower, k.otif_upper,
		   k.perfect_lines, k.perfect, k.perfect_rate, k.perfect_lower,
		   k.perfect_upper, k.units_ordered, k.units_filled, k.fill_rate,
		   k.fill_lower, k.fill_upper, k.units_shipped, k.units_returned,
		   k.return_rate, k.return_lower, k.return_upper, k.cycle_lines,
		   k.cycle_days_mean, k.cycle_days_p50, k.cycle_days_p90,
		   k.cycle_days_p95, k.late, k.lateness_days_mean, k.lateness_days_p50,
		   k.lateness_days_p90, k.lateness_days_p95, k.days_late_mean;
END;
COMMENT ON FUNCTION @extschema@.fulfillment_kpis_flat(@extschema@.fulfillment_kpis) IS
	'all fields of fulfillment_kpis as flat columns, the bare counts renamed to say what they count (order_lines, delivered_lines, on_time_lines, in_full_lines, otif_lines, perfect_known_lines, perfect_lines, late_lines)';

CREATE FUNCTION @extschema@.accuracy_flat(a @extschema@.accuracy_measures,
		OUT forecast_pairs bigint, OUT mae float8, OUT rmse float8,
		OUT mape_pct float8, OUT smape_pct float8, OUT wape_pct float8,
		OUT bias float8, OUT mase float8)
	RETURNS record
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
	SELECT a.n, a.mae, a.rmse, a.mape, a.smape, a.wape, a.bias, a.mase;
END;
COMMENT ON FUNCTION @extschema@.accuracy_flat(@extschema@.accuracy_measures) IS
	'accuracy_measures as flat columns: pairs, MAE and RMSE (units of the series), MAPE, sMAPE and WAPE in percent (_pct), bias (forecast - actual), MASE';

CREATE FUNCTION @extschema@.route_cost_flat(r @extschema@.route_cost_result,
		OUT distance_km float8, OUT duration_h float8, OUT route_cost float8,
		OUT co2_kg float8, OUT stops int)
	RETURNS record
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
	SELECT r.distance_m OPERATOR(pg_catalog./) 1000.0::float8,
		   pg_catalog.date_part('epoch', r.duration) OPERATOR(pg_catalog./) 3600.0::float8,
		   r.cost, r.co2_kg, r.stops;
END;
COMMENT ON FUNCTION @extschema@.route_cost_flat(@extschema@.route_cost_result) IS
	'route_cost_result as flat columns: geodesic distance in km, driving plus service time in hours, cost (currency of the cost model), CO2 in kg, stops';

CREATE FUNCTION @extschema@.cost_model_flat(m @extschema@.cost_model,
		OUT cost_per_km float8, OUT cost_per_hour float8,
		OUT cost_per_stop float8, OUT fixed_cost float8, OUT speed_kmh float8,
		OUT service_min float8, OUT co2_g_per_km float8)
	RETURNS record
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
	SELECT m.cost_per_km, m.cost_per_hour, m.cost_per_stop, m.fixed_cost,
		   m.speed_kmh, m.service_min, m.co2_g_per_km;
END;
COMMENT ON FUNCTION @extschema@.cost_model_flat(@extschema@.cost_model) IS
	'cost_model as flat columns: cost per km, per hour, per stop, fixed per route, speed in km/h, service minutes per stop, CO2 grams per km';

-- Row forms.  Time-indexed series get a timestamptz column; bucket starts
-- are start + k * bucket as timestamptz + interval computes them (in the
-- session's TimeZone), as demand_series makes its buckets: STABLE.

CREATE FUNCTION @extschema@.forecast_series(y float8[],
		series_start timestamptz, bucket interval, horizon int,
		method text DEFAULT 'auto', season_length int DEFAULT 1,
		level float8 DEFAULT 0.95, params jsonb DEFAULT NULL)
	RETURNS TABLE (ts timestamptz, step int, forecast float8,
				   forecast_lower float8, forecast_upper float8)
	LANGUAGE plpgsql STABLE PARALLEL SAFE COST 10000 ROWS 28
	SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF bucket <= interval '0' THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = format('bucket must be a positive interval such as ''1 day'' or ''1 month'', got %s', bucket);
	END IF;
	RETURN QUERY
	SELECT series_start + bucket * (cardinality(y) + f.step - 1),
		   f.step, f.point, f.lower, f.upper
	FROM @extschema@.forecast_table(y, horizon, method, season_length,
									level, params) AS f
	WHERE series_start IS NOT NULL AND bucket IS NOT NULL;
END
$$;
COMMENT ON FUNCTION @extschema@.forecast_series(float8[], timestamptz, interval, int, text, int, float8, jsonb) IS
	'forecast_table with a time column: y[1] is the bucket starting at series_start, step h is the bucket starting at series_start + (cardinality(y) + h - 1) * bucket; interval at level, a fraction (0.95)';

CREATE FUNCTION @extschema@.forecast_predict_series(model @extschema@.forecast_model,
		series_start timestamptz, bucket interval, horizon int,
		level float8 DEFAULT 0.95)
	RETURNS TABLE (ts timestamptz, step int, forecast float8,
				   forecast_lower float8, forecast_upper float8)
	LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE COST 100 ROWS 28
	SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF bucket <= interval '0' THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = format('bucket must be a positive interval such as ''1 day'' or ''1 month'', got %s', bucket);
	END IF;
	RETURN QUERY
	SELECT series_start + bucket * (n.n + f.step - 1),
		   f.step, f.point, f.lower, f.upper
	FROM (SELECT (@extschema@.forecast_model_json(model) ->> 'n')::int AS n) AS n,
		 @extschema@.forecast_predict(model, horizon, level) AS f;
END
$$;
COMMENT ON FUNCTION @extschema@.forecast_predict_series(@extschema@.forecast_model, timestamptz, interval, int, float8) IS
	'forecast_predict with a time column: the fitted series started at series_start in buckets of bucket, so step h starts at series_start + (n + h - 1) * bucket, n the observations fitted; interval at level, a fraction (0.95)';

CREATE FUNCTION @extschema@.demand_series_table(series float8[],
		from_ts timestamptz, bucket interval)
	RETURNS TABLE (bucket_start timestamptz, qty float8)
	LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE ROWS 100
	SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF bucket <= interval '0' THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = format('bucket must be a positive interval such as ''1 day'' or ''1 month'', got %s', bucket);
	END IF;
	IF array_ndims(series) > 1 THEN
		RAISE EXCEPTION USING ERRCODE = 'array_subscript_error',
			MESSAGE = 'series must be a one-dimensional array (the result of demand_series)';
	END IF;
	RETURN QUERY
	SELECT from_ts + bucket * (u.k - 1), u.q
	FROM unnest(series) WITH ORDINALITY AS u(q, k);
END
$$;
COMMENT ON FUNCTION @extschema@.demand_series_table(float8[], timestamptz, interval) IS
	'the array of demand_series as rows (bucket_start, qty): element k starts at from_ts + (k - 1) * bucket; pass the from_ts and bucket given to demand_series';

CREATE FUNCTION @extschema@.percentile_table(fractions float8[],
											 percentiles float8[])
	RETURNS TABLE (fraction float8, value float8)
	LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE ROWS 5
	SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF array_ndims(fractions) > 1 OR array_ndims(percentiles) > 1
		OR cardinality(fractions) <> cardinality(percentiles) THEN
		RAISE EXCEPTION USING ERRCODE = 'array_subscript_error',
			MESSAGE = format('fractions and percentiles must be one-dimensional arrays of the same length, got %s and %s elements',
							 cardinality(fractions), cardinality(percentiles));
	END IF;
	RETURN QUERY
	SELECT u.f, u.v FROM unnest(fractions, percentiles) AS u(f, v);
END
$$;
COMMENT ON FUNCTION @extschema@.percentile_table(float8[], float8[]) IS
	'an array of percentiles (cycle_time_percentile with fractions[]) as rows (fraction, value), next to the fractions asked for';

CREATE FUNCTION @extschema@.distance_matrix_table(lat float8[], lon float8[])
	RETURNS TABLE (from_index int, to_index int, distance_m float8)
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 10000 ROWS 100
BEGIN ATOMIC
	SELECT i, j, d.m[i][j]
	FROM (SELECT @extschema@.distance_matrix(lat, lon) AS m) AS d,
		 pg_catalog.generate_subscripts(d.m, 1) AS i,
		 pg_catalog.generate_subscripts(d.m, 2) AS j
	ORDER BY i, j;
END;
COMMENT ON FUNCTION @extschema@.distance_matrix_table(float8[], float8[]) IS
	'distance_matrix(lat, lon) as rows (from_index, to_index, distance_m): geodesic metres on WGS84 between points from_index and to_index (1-based positions in the arrays)';

CREATE FUNCTION @extschema@.distance_matrix_table(points geometry[])
	RETURNS TABLE (from_index int, to_index int, distance_m float8)
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 10000 ROWS 100
BEGIN ATOMIC
	SELECT i, j, d.m[i][j]
	FROM (SELECT @extschema@.distance_matrix(points) AS m) AS d,
		 pg_catalog.generate_subscripts(d.m, 1) AS i,
		 pg_catalog.generate_subscripts(d.m, 2) AS j
	ORDER BY i, j;
END;
COMMENT ON FUNCTION @extschema@.distance_matrix_table(geometry[]) IS
	'distance_matrix(points) of SRID 4326 geometry points as rows (from_index, to_index, distance_m), geodesic metres';

CREATE FUNCTION @extschema@.distance_matrix_table(points geography[])
	RETURNS TABLE (from_index int, to_index int, distance_m float8)
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 10000 ROWS 100
BEGIN ATOMIC
	SELECT i, j, d.m[i][j]
	FROM (SELECT @extschema@.distance_matrix(points) AS m) AS d,
		 pg_catalog.generate_subscripts(d.m, 1) AS i,
		 pg_catalog.generate_subscripts(d.m, 2) AS j
	ORDER BY i, j;
END;
COMMENT ON FUNCTION @extschema@.distance_matrix_table(geography[]) IS
	'distance_matrix(points) of geography points as rows (from_index, to_index, distance_m), geodesic metres';

-- NaN policy (doc/bi.md): aggregates reject NaN and infinite inputs with
-- 22023, as a wrong number on a dashboard is worse than an error.  To skip
-- such rows instead, filter with is_finite and count what was skipped:
--   otif_ci(...) FILTER (WHERE is_finite(qty_ordered) AND is_finite(qty_shipped)),
--   count(*) FILTER (WHERE NOT (is_finite(qty_ordered) AND is_finite(qty_shipped)))
CREATE FUNCTION @extschema@.is_finite(x float8)
	RETURNS boolean
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	RETURN x OPERATOR(pg_catalog.>) '-Infinity'::float8
		AND x OPERATOR(pg_catalog.<) 'Infinity'::float8;
COMMENT ON FUNCTION @extschema@.is_finite(float8) IS
	'true when x is neither NaN nor infinite, NULL for NULL: the FILTER of the skip-and-count NaN policy';
